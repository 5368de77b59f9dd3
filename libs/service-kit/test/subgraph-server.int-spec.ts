import assert from "node:assert/strict";
import { Agent, request } from "node:http";
import { describe, it } from "node:test";
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import WebSocket from "ws";
import { createLogger } from "../src/logger.js";
import { startSubgraphServer, type RunningServer } from "../src/subgraph-server.js";

/** A subscription that ticks until it is returned; `released(n)` resolves once n sources have been released. */
function tickingSchema() {
  let count = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const state = {
    released: (n: number) => new Promise<void>((resolve) => (count >= n ? resolve() : waiters.push({ n, resolve }))),
  };
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: { ok: { type: GraphQLString, resolve: () => "ok" } } }),
    subscription: new GraphQLObjectType({
      name: "Subscription",
      fields: {
        tick: {
          type: GraphQLInt,
          subscribe: async function* () {
            try {
              for (let i = 0; ; i++) {
                yield { tick: i };
                await new Promise((r) => setTimeout(r, 20));
              }
            } finally {
              count++;
              for (const w of waiters) if (count >= w.n) w.resolve();
            }
          },
        },
      },
    }),
  });
  return { schema, state };
}

type Received = { kind: "message"; message: any } | { kind: "close"; code: number };

/** A raw graphql-transport-ws connection that records every message and the close, in arrival order. */
async function connect(
  url: string,
): Promise<{ socket: WebSocket; received: Received[]; next: (pred: (r: Received) => boolean) => Promise<void>; closed: Promise<void> }> {
  const socket = new WebSocket(url.replace(/^http/, "ws"), "graphql-transport-ws");
  const received: Received[] = [];
  const waiters: { pred: (r: Received) => boolean; resolve: () => void }[] = [];
  const record = (r: Received) => {
    received.push(r);
    for (const w of [...waiters]) {
      if (!w.pred(r)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  // ws hands a text frame over as a Buffer (binaryType "nodebuffer").
  socket.on("message", (data) => record({ kind: "message", message: JSON.parse((data as Buffer).toString("utf8")) }));
  const closed = new Promise<void>((resolve) => socket.on("close", (code) => (record({ kind: "close", code }), resolve())));
  const next = (pred: (r: Received) => boolean) =>
    received.some(pred) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pred, resolve }));
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  socket.send(JSON.stringify({ type: "connection_init" }));
  await next((r) => r.kind === "message" && r.message.type === "connection_ack");
  return { socket, received, next, closed };
}

const SHUTDOWN_MESSAGE = "The ticker service is shutting down; subscribe again shortly";
const isMessage = (type: string, id?: string) => (r: Received) =>
  r.kind === "message" && r.message.type === type && (id === undefined || r.message.id === id);

const logger = createLogger("service-kit-test", "silent");

/** The ticker subgraph on a free port. */
async function start(): Promise<{ server: RunningServer; state: ReturnType<typeof tickingSchema>["state"] }> {
  const { schema, state } = tickingSchema();
  const server = await startSubgraphServer({
    name: "ticker",
    schema,
    host: "127.0.0.1",
    port: 0,
    logger,
    context: () => ({}),
    ready: async () => true,
  });
  return { server, state };
}

describe("subgraph server shutdown with subscriptions open (graphql-ws)", () => {
  it("gives each open subscription a final SERVICE_UNAVAILABLE event and complete, then closes the socket with 1001", async () => {
    const { server, state } = await start();
    const a = await connect(server.url);
    const b = await connect(server.url);
    a.socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "subscription { tick }" } }));
    a.socket.send(JSON.stringify({ id: "2", type: "subscribe", payload: { query: "subscription { renamed: tick }" } }));
    b.socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: "subscription { tick }" } }));
    await Promise.all([a.next(isMessage("next", "1")), a.next(isMessage("next", "2")), b.next(isMessage("next", "1"))]);

    await server.close();
    await Promise.all([a.closed, b.closed]);

    for (const [conn, id, field] of [
      [a, "1", "tick"],
      [a, "2", "renamed"],
      [b, "1", "tick"],
    ] as const) {
      const mine = conn.received.filter((r) => r.kind === "close" || r.message.id === id);
      const [final, complete, close] = mine.slice(-3);
      assert.deepEqual(final, {
        kind: "message",
        message: {
          id,
          type: "next",
          payload: {
            data: null,
            errors: [{ message: SHUTDOWN_MESSAGE, path: [field], extensions: { code: "SERVICE_UNAVAILABLE" } }],
          },
        },
      });
      assert.deepEqual(complete, { kind: "message", message: { id, type: "complete" } }, "complete comes before the socket closes");
      assert.deepEqual(close, { kind: "close", code: 1001 });
      assert.ok(
        mine.slice(0, -3).every((r) => r.kind === "message" && r.message.type === "next" && r.message.payload.errors === undefined),
      );
    }
    await state.released(3); // every subscription's source is released (a hang here fails the test by its timeout)
  });

  it("closes promptly with no subscription open", async () => {
    const { server } = await start();
    const started = Date.now();
    await server.close();
    assert.ok(Date.now() - started < 2_000, `closed in ${Date.now() - started} ms`);
  });
});

describe("subgraph server keep-alive (the gateway's upstream sockets)", () => {
  /** POSTs `{ ok }` through the agent; whether the request went out on a socket kept from an earlier one. */
  function query(url: string, agent: Agent): Promise<{ body: string; reusedSocket: boolean }> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json" } }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ body, reusedSocket: req.reusedSocket }));
      });
      req.on("error", reject);
      req.end(JSON.stringify({ query: "{ ok }" }));
    });
  }

  it("keeps an idle socket past a client's 5 s idle timeout (equal timeouts raced: EPIPE under load), and shuts down with it open", async () => {
    const { server } = await start();
    // Node's agent gives up an idle socket after its `timeout`: longer than the server's old 5 s here.
    const agent = new Agent({ keepAlive: true, maxSockets: 1, timeout: 30_000 });
    let closing = false;
    try {
      assert.equal((await query(server.url, agent)).body, '{"data":{"ok":"ok"}}\n');
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      const second = await query(server.url, agent);
      assert.equal(second.body, '{"data":{"ok":"ok"}}\n');
      assert.equal(second.reusedSocket, true, "the idle socket was still open after 5.5 s");
      const [socket] = Object.values(agent.freeSockets).flat();
      assert.ok(socket, "the agent holds the idle socket");
      const socketClosed = new Promise((resolve) => socket.once("close", resolve));
      socket.ref(); // the agent unrefs its idle sockets: keep the loop alive until the server ends this one
      closing = true;
      await server.close();
      await socketClosed; // shutdown closes idle keep-alive sockets (a hang here fails the test by its timeout)
    } finally {
      agent.destroy();
      if (!closing) await server.close();
    }
  });
});
