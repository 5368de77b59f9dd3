import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { IDENTITY_HEADER } from "@prelabel/identity";
import { identityKeys } from "@prelabel/testing";
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { z } from "zod";
import { identityEnv, parseConfig, subgraphAuth, withCloudEnvRules } from "./config.js";
import { assertConfigProblems } from "./config.testing.js";
import { createLogger } from "./logger.js";
import { startSubgraphServer, type RunningServer } from "./subgraph-server.js";

const keys = identityKeys();
const { signer } = keys;
const foreign = identityKeys().signer;
const tenantA = { tenantId: "tenant-a", subject: "key-1", roles: ["MEMBER" as const] };

/** `whoami` answers the caller's tenant/subject/roles, over HTTP and as a one-event subscription. */
function whoamiSchema(): GraphQLSchema {
  const resolve = (_: unknown, __: unknown, ctx: { identity: { tenantId: string; subject: string; roles: string[] } }) =>
    `${ctx.identity.tenantId}/${ctx.identity.subject}/${ctx.identity.roles.join(",")}`;
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: { whoami: { type: GraphQLString, resolve } } }),
    subscription: new GraphQLObjectType({
      name: "Subscription",
      fields: {
        whoami: {
          type: GraphQLString,
          subscribe: async function* () {
            yield {};
          },
          resolve,
        },
      },
    }),
  });
}

describe("identityEnv and subgraphAuth", () => {
  const schema = withCloudEnvRules(z.object({ PORT: z.coerce.number().max(65535), ...identityEnv }));

  it("cloud mode without IDENTITY_PUBLIC_KEY is listed with the other bad variables; a key-ring rule does not apply when undeclared", () => {
    assertConfigProblems(() => parseConfig(schema, { PORT: "99999", PRELABEL_MODE: "cloud" }), [/^PORT/, /^IDENTITY_PUBLIC_KEY: required/]);
    const config = parseConfig(schema, { PORT: "1", PRELABEL_MODE: "cloud", IDENTITY_PUBLIC_KEY: keys.publicKey });
    assert.ok(subgraphAuth(config).verifier);
  });

  it("refuses a private key or junk as IDENTITY_PUBLIC_KEY without echoing it", () => {
    const err = assertConfigProblems(
      () => parseConfig(schema, { PORT: "1", IDENTITY_PUBLIC_KEY: keys.privateKey }),
      [/^IDENTITY_PUBLIC_KEY: not an Ed25519 public key/],
    );
    assert.ok(!err.message.includes(keys.privateKey));
  });

  it("self-hosted without a key has no verifier", () => {
    assert.equal(subgraphAuth(parseConfig(schema, { PORT: "1" })).verifier, undefined);
  });
});

for (const mode of ["cloud", "self-hosted"] as const) {
  describe(`subgraph server, ${mode} mode`, () => {
    let server: RunningServer;
    before(async () => {
      server = await startSubgraphServer({
        name: "whoami",
        schema: whoamiSchema(),
        host: "127.0.0.1",
        port: 0,
        logger: createLogger("test", "silent"),
        context: () => ({}),
        ready: async () => true,
        auth: subgraphAuth({ PRELABEL_MODE: mode, IDENTITY_PUBLIC_KEY: keys.publicKey }),
      });
    });
    after(() => server.close());

    const post = (headers: Record<string, string> = {}) =>
      fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query: "{ whoami }" }),
      });

    const subscribe = async (init: { params?: Record<string, string>; headers?: Record<string, string> }) => {
      const client = createClient({
        url: server.url.replace(/^http/, "ws"),
        lazy: true,
        retryAttempts: 0,
        connectionParams: init.params,
        webSocketImpl: class extends WebSocket {
          constructor(url: string, protocols: string[]) {
            super(url, protocols, { headers: init.headers });
          }
        },
      });
      try {
        const events: unknown[] = [];
        for await (const event of client.iterate({ query: "subscription { whoami }" })) events.push(event);
        return { events };
      } catch (err) {
        return { error: err };
      } finally {
        await client.dispose();
      }
    };

    it("HTTP: a valid assertion gives its identity", async () => {
      const res = await post({ [IDENTITY_HEADER]: signer.sign(tenantA) });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { data: { whoami: "tenant-a/key-1/MEMBER" } });
    });

    it("HTTP: a missing, forged or foreign-signed assertion", async () => {
      const token = signer.sign(tenantA);
      const [payload] = token.split(".");
      const tampered = `${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), tenantId: "tenant-b" })).toString("base64url")}.${token.split(".")[1]}`;
      for (const headers of [
        {} as Record<string, string>,
        { [IDENTITY_HEADER]: tampered },
        { [IDENTITY_HEADER]: foreign.sign(tenantA) },
        { [IDENTITY_HEADER]: "garbage" },
      ]) {
        const res = await post(headers);
        const body = (await res.json()) as any;
        if (mode === "cloud") {
          assert.equal(res.status, 401);
          assert.equal(body.errors[0].extensions.code, "UNAUTHENTICATED");
        } else {
          assert.deepEqual(body, { data: { whoami: "default/self-hosted/ADMIN" } });
        }
      }
    });

    it("health endpoints need no identity", async () => {
      assert.equal((await fetch(server.url.replace("/graphql", "/healthz"))).status, 200);
      assert.equal((await fetch(server.url.replace("/graphql", "/readyz"))).status, 200);
    });

    it("graphql-ws: the assertion in the upgrade headers or connection params gives its identity", async () => {
      for (const init of [
        { headers: { [IDENTITY_HEADER]: signer.sign(tenantA) } },
        { params: { [IDENTITY_HEADER]: signer.sign(tenantA) } },
      ]) {
        const { events, error } = await subscribe(init);
        assert.equal(error, undefined);
        assert.deepEqual(events, [{ data: { whoami: "tenant-a/key-1/MEMBER" } }]);
      }
    });

    it("graphql-ws: without a valid assertion", async () => {
      for (const init of [{}, { params: { [IDENTITY_HEADER]: foreign.sign(tenantA) } }]) {
        const { events, error } = await subscribe(init);
        if (mode === "cloud") {
          assert.ok(Array.isArray(error), String(error));
          assert.equal((error as any)[0].extensions.code, "UNAUTHENTICATED");
        } else {
          assert.deepEqual(events, [{ data: { whoami: "default/self-hosted/ADMIN" } }]);
        }
      }
    });
  });
}
