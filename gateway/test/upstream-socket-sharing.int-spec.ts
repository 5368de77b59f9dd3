import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { IDENTITY_HEADER, IdentityAssertionVerifier, parseIdentityPublicKey, type Identity } from "@prelabel/identity";
import { createLogger } from "@prelabel/service-kit";
import { identityKeys } from "@prelabel/testing";
import { buildSchema, parse } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { createUpstreamWsTransport, socketPerCaller } from "../src/upstream/upstream-ws.transport.js";

const logger = createLogger("gateway-test", "silent");
const TICKS = `subscription { ticks }`;

/** A graphql-ws subgraph on loopback that counts the sockets opened to it and the identity header each carried. */
async function startCountingSubgraph(): Promise<{ url: string; upgrades: string[]; close(): Promise<void> }> {
  const schema = buildSchema(`type Query { ok: Boolean } type Subscription { ticks: Int }`);
  const roots = {
    ticks: async function* () {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 10));
        yield { ticks: i };
      }
    },
  };
  const server: Server = createServer();
  const wss = new WebSocketServer({ server, path: "/graphql" });
  const upgrades: string[] = [];
  wss.on("connection", (_socket, request) => upgrades.push(String(request.headers[IDENTITY_HEADER])));
  const cleanup = useServer({ schema, roots: { subscription: roots } }, wss);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    upgrades,
    async close() {
      await cleanup.dispose();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("upstream graphql-ws transport: one socket per caller, not per subscription", () => {
  const keys = identityKeys();
  const alice: Identity = { tenantId: "tenant-a", subject: "alice", roles: ["MEMBER"] };
  const bob: Identity = { tenantId: "tenant-b", subject: "bob", roles: ["MEMBER"] };
  let subgraph: Awaited<ReturnType<typeof startCountingSubgraph>>;

  before(async () => {
    subgraph = await startCountingSubgraph();
  });
  after(async () => {
    await subgraph?.close();
  });

  /** Runs `count` subscriptions at once, each with a freshly signed assertion of its caller (as the gateway does). */
  async function subscribeAll(key: typeof socketPerCaller | undefined, callers: Identity[]): Promise<number[][]> {
    const transport = createUpstreamWsTransport(logger, undefined, key);
    const executor = transport.getSubgraphExecutor({
      subgraphName: "annotation-job",
      transportEntry: { location: subgraph.url, headers: [[IDENTITY_HEADER, "{context.assertion}"]] },
    });
    try {
      return await Promise.all(
        callers.map(async (caller) => {
          const request = { document: parse(TICKS), operationType: "subscription", context: { assertion: keys.signer.sign(caller) } };
          const ticks: number[] = [];
          for await (const result of executor(request as never) as AsyncIterable<{ data: { ticks: number } }>)
            ticks.push(result.data.ticks);
          return ticks;
        }),
      );
    } finally {
      await executor[Symbol.asyncDispose]();
    }
  }

  it("shares a socket among one caller's subscriptions (each assertion is fresh) and keeps callers apart", async () => {
    subgraph.upgrades.length = 0;
    const results = await subscribeAll(socketPerCaller, [alice, alice, alice, alice, bob, bob]);
    for (const ticks of results) assert.deepEqual(ticks, [0, 1, 2], "every subscription gets its own whole stream");
    assert.equal(subgraph.upgrades.length, 2, "one socket for alice's four subscriptions, one for bob's two");
    const verifier = new IdentityAssertionVerifier(parseIdentityPublicKey(keys.publicKey));
    const callers = subgraph.upgrades.map((a) => verifier.verify(a).subject).sort();
    assert.deepEqual(callers, ["alice", "bob"], "each socket carries its own caller's identity");
  });

  it("without the caller key, every fresh assertion opened a socket of its own", async () => {
    subgraph.upgrades.length = 0;
    await subscribeAll(undefined, [alice, alice, alice]);
    assert.equal(subgraph.upgrades.length, 3);
  });
});
