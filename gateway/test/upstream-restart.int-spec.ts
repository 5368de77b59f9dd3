import "reflect-metadata";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import { createLogger, type RunningServer } from "@prelabel/service-kit";
import { GraphQLTestClient } from "@prelabel/testing";
import { parse } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { composeSupergraph } from "../src/compose.js";
import { createGateway, type Gateway } from "../src/server.js";
import { SUBGRAPHS } from "../src/subgraphs.js";
import { createUpstreamWsTransport } from "../src/upstream/upstream-ws.transport.js";
import { fixtureSdl, startFixtureSubgraph, taskFixtureSchema, TASK } from "./fixtures/fixture-subgraphs.js";

const repoRoot = join(__dirname, "..", "..", "..");
const logger = createLogger("gateway-test", "silent");

/** The annotation-job fixture subgraph as a process of its own (fixtures/fixture-subgraph.main.ts). */
interface SubgraphProcess {
  child: ChildProcess;
  port: number;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function spawnSubgraph(port = 0): Promise<SubgraphProcess> {
  const child = spawn(process.execPath, [join(__dirname, "fixtures", "fixture-subgraph.main.js"), String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  // Apollo Server also prints to stdout: the port is on the line that starts with {"port":.
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (l) => l.startsWith('{"port":') && (lines.close(), resolve(l)));
    void exited.then(({ code, signal }) => reject(new Error(`fixture subgraph exited before listening (${code ?? signal})`)));
  });
  child.stdout.resume(); // keep draining what else it prints
  const actual = (JSON.parse(line) as { port: number }).port;
  return { child, port: actual, url: `http://127.0.0.1:${actual}/graphql`, exited };
}

type Outcome = "completed" | `threw ${string}`;
interface Watched {
  events: any[];
  /** Resolves with the first event. */
  first: Promise<unknown>;
  done: Promise<Outcome>;
}

/** Runs `iterate` to its end, keeping every event; `first` resolves on the first one. */
function watch(iterate: () => AsyncIterable<unknown>): Watched {
  const events: any[] = [];
  let onFirst!: () => void;
  const first = new Promise<unknown>((resolve) => (onFirst = () => resolve(events[0])));
  const done = (async (): Promise<Outcome> => {
    try {
      for await (const event of iterate()) {
        events.push(event);
        if (events.length === 1) onFirst();
      }
      return "completed";
    } catch (err) {
      // graphql-ws ends with a CloseEvent (code, reason), an Error, or the error payload's list.
      const e = err as { code?: number | string; reason?: string; message?: string } | undefined;
      return `threw ${String(e?.code ?? "")} ${String(e?.reason ?? e?.message ?? JSON.stringify(err))}`;
    } finally {
      onFirst();
    }
  })();
  return { events, first, done };
}

const FOREVER = `subscription { autoAnnotationProgress(jobId: "forever") { progress status } }`;
const FOREVER_WITH_TASK = `subscription { autoAnnotationProgress(jobId: "forever") { progress task { name } } }`;

/** Every event but the last carries data and no error; the last is exactly one SERVICE_UNAVAILABLE error. */
function assertEndedUnavailable(w: Watched, message: RegExp): void {
  assert.ok(w.events.length >= 2, `events before the end, then the end: ${JSON.stringify(w.events)}`);
  for (const e of w.events.slice(0, -1)) {
    assert.equal(e.errors, undefined, JSON.stringify(e.errors));
    assert.equal(typeof e.data.autoAnnotationProgress.progress, "number");
  }
  const last = w.events.at(-1);
  assert.deepEqual(
    last.errors?.map((e: any) => e.extensions?.code),
    ["SERVICE_UNAVAILABLE"],
    JSON.stringify(last),
  );
  assert.match(last.errors[0].message, message);
  assert.ok(!/127\.0\.0\.1|ECONN|socket/i.test(last.errors[0].message), `no internal detail: ${last.errors[0].message}`);
}

describe("gateway subscriptions when the subgraph behind them stops (SIGTERM, SIGKILL), graphql-ws and SSE", () => {
  let task: RunningServer;
  let subgraph: SubgraphProcess;
  let gateway: Gateway;
  let url: string;
  const wsClient = () => createClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });

  before(async () => {
    task = await startFixtureSubgraph("task", taskFixtureSchema(), logger);
    subgraph = await spawnSubgraph();
    const sdl: Record<string, string> = {
      task: fixtureSdl("task"),
      "annotation-job": fixtureSdl("annotation-job"),
      "model-registry": readFileSync(join(repoRoot, "services", "model-registry", "schema.graphql"), "utf8"),
      identity: readFileSync(join(repoRoot, "services", "identity", "schema.graphql"), "utf8"),
    };
    const { supergraphSdl } = composeSupergraph(SUBGRAPHS.map((s) => ({ name: s.name, url: s.defaultUrl, sdl: sdl[s.name] })));
    // model-registry and identity are never asked here: their baked-in URLs stay.
    gateway = await createGateway({
      supergraphSdl,
      subgraphUrls: { task: task.url, "annotation-job": subgraph.url },
      logger,
      maxUploadBytes: 1024 * 1024,
    });
    url = (await gateway.listen(0, "127.0.0.1")).url;
  });

  after(async () => {
    await gateway?.close();
    if (subgraph && subgraph.child.exitCode === null && subgraph.child.signalCode === null) {
      subgraph.child.kill("SIGKILL");
      await subgraph.exited;
    }
    await task?.close();
  });

  /** Stops the subgraph with `signal` and starts its replacement on the same port the moment it has exited. */
  async function replaceSubgraph(signal: NodeJS.Signals) {
    const old = subgraph;
    old.child.kill(signal);
    const exit = await old.exited;
    subgraph = await spawnSubgraph(old.port);
    return exit;
  }

  it("SIGTERM: each open subscription gets the subgraph's SERVICE_UNAVAILABLE event, then completes; none is resumed on the replacement", async () => {
    const client = wsClient();
    try {
      const ws = watch(() => client.iterate({ query: FOREVER_WITH_TASK }));
      const viaSse = watch(() => new GraphQLTestClient(url).subscribeSse(FOREVER));
      await Promise.all([ws.first, viaSse.first]); // both are open upstream

      const exit = await replaceSubgraph("SIGTERM");
      assert.deepEqual(exit, { code: 0, signal: null }, "the subgraph shut down cleanly");

      assert.equal(await ws.done, "completed");
      assert.equal(await viaSse.done, "completed");
      assertEndedUnavailable(ws, /annotation-job service is shutting down/);
      assertEndedUnavailable(viaSse, /annotation-job service is shutting down/);
      assert.equal(ws.events.at(-2).data.autoAnnotationProgress.task.name, TASK.name, "cross-subgraph fields resolved until the end");
    } finally {
      await client.dispose();
    }
  });

  it("SIGKILL: each open subscription gets the gateway's SERVICE_UNAVAILABLE, then completes, even with a replacement listening at once", async () => {
    const client = wsClient();
    try {
      const ws = watch(() => client.iterate({ query: FOREVER }));
      const viaSse = watch(() => new GraphQLTestClient(url).subscribeSse(FOREVER));
      await Promise.all([ws.first, viaSse.first]);

      const exit = await replaceSubgraph("SIGKILL");
      assert.equal(exit.signal, "SIGKILL");

      assert.equal(await ws.done, "completed");
      assert.equal(await viaSse.done, "completed");
      assertEndedUnavailable(ws, /annotation-job service is unavailable/);
      assertEndedUnavailable(viaSse, /annotation-job service is unavailable/);
    } finally {
      await client.dispose();
    }
  });

  it("a subscription opened after the restart streams from the replacement", async () => {
    const client = wsClient();
    try {
      for await (const event of client.iterate({ query: `subscription { autoAnnotationProgress(jobId: "job-1") { progress } }` })) {
        assert.equal((event as any).errors, undefined, JSON.stringify(event));
        break;
      }
    } finally {
      await client.dispose();
    }
  });
});

describe("upstream graphql-ws transport: a subgraph that stops answering (frozen process, lost host)", () => {
  let subgraph: SubgraphProcess;

  before(async () => {
    subgraph = await spawnSubgraph();
  });
  after(async () => {
    subgraph.child.kill("SIGCONT");
    subgraph.child.kill("SIGKILL");
    await subgraph.exited;
  });

  it("fails the subscription once a ping goes unanswered, instead of hanging", async () => {
    const transport = createUpstreamWsTransport(logger, { keepAliveMs: 200, pongTimeoutMs: 1_000 });
    const executor = transport.getSubgraphExecutor({ subgraphName: "annotation-job", transportEntry: { location: subgraph.url } });
    try {
      const upstream = watch(
        () => executor({ document: parse(FOREVER), operationType: "subscription" } as never) as AsyncIterable<unknown>,
      );
      await upstream.first;
      // SIGSTOP keeps the TCP connection open but silent, as a host that vanished does.
      subgraph.child.kill("SIGSTOP");
      const outcome = await upstream.done;
      assert.match(outcome, /^threw 1006 /, "the socket was cut (1006) and not retried");
    } finally {
      await executor[Symbol.asyncDispose]();
    }
  });
});
