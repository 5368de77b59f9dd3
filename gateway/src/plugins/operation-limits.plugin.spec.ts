import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createLogger, DEFAULT_OPERATION_LIMITS } from "@prelabel/service-kit";
import { getIntrospectionQuery } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { createGateway, type Gateway } from "../server.js";
import { costKey } from "./operation-limits.plugin.js";

type Answer = { status: number; body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };

/** `autoAnnotationJob { task { autoAnnotationJobs { task { … { id } } } } }`: `levels` fields deep, the leaf included. */
export function nestedJobWalk(levels: number): string {
  let body = "id";
  for (let level = levels - 2; level >= 1; level--) body = `${level % 2 === 1 ? "task" : "autoAnnotationJobs"} { id ${body} }`;
  return `{ autoAnnotationJob(id: "00000000-0000-0000-0000-000000000000") { ${body} } }`;
}

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: deploymentMode`).join(" ")} }`;
const tokens = (n: number) => `{ deploymentMode ${Array.from({ length: n }, () => "__typename").join(" ")} }`;
const directives = (n: number) => `{ deploymentMode ${Array.from({ length: n }, () => "@skip(if: false)").join(" ")} }`;
const COSTLY = `{ tasks(first: 500) { edges { node { id autoAnnotationJobs(first: 500) { id status } } } } }`;

/**
 * The limits and the codes of refused requests, through the whole Yoga pipeline (HTTP, SSE and graphql-ws): all of
 * this is decided before any subgraph is asked, so the subgraphs here are a closed port.
 */
describe("costKey: which operations' costs are kept", () => {
  const key = (variableValues: Record<string, unknown> | null, operationName?: string) =>
    costKey({ schema: undefined as never, document: undefined as never, operationName, variableValues });

  it("tells variables and operation names apart", () => {
    const keys = [
      key(null),
      key({ n: 1 }),
      key({ n: "1" }),
      key({ n: [1] }),
      key({ n: { m: 1 } }),
      key({ m: 1 }),
      key({ n: 1 }, "Other"),
      key({ n: null }),
      key({ n: "null" }),
    ];
    assert.ok(keys.every((k) => typeof k === "string"));
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(key({ n: 1, list: [1, 2] }), key({ n: 1, list: [1, 2] }));
  });

  it("keeps nothing for uploads or long variables, without reading them whole", () => {
    assert.equal(key({ file: new File([new Uint8Array(1024)], "a.png") }), undefined);
    assert.equal(key({ files: [new Blob(["x"])] }), undefined);
    assert.equal(key({ bytes: Buffer.alloc(16) }), undefined);
    assert.equal(key({ text: "x".repeat(10_000_000) }), undefined);
    assert.equal(key({ list: Array.from({ length: 1_000_000 }, (_, i) => i) }), undefined);
  });
});

describe("gateway operation limits and request refusals", () => {
  let gateway: Gateway;
  let url: string;

  before(async () => {
    gateway = await createGateway({
      supergraphSdl: readFileSync(join(__dirname, "..", "..", "..", "supergraph.graphql"), "utf8"),
      subgraphUrls: Object.fromEntries(
        ["task", "model-registry", "annotation-job", "identity"].map((name) => [name, "http://127.0.0.1:9/graphql"]),
      ),
      logger: createLogger("test", "silent"),
      maxUploadBytes: 1024 * 1024,
    });
    url = (await gateway.listen(0, "127.0.0.1")).url;
  });
  after(() => gateway?.close());

  const post = async (query: string, variables: Record<string, unknown> = {}): Promise<Answer> => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as Answer["body"] };
  };
  const code = (a: { body: Answer["body"] }) => a.body.errors?.[0]?.extensions?.code;

  it("refuses each limit over HTTP with its code (defaults), before any subgraph is asked", async () => {
    for (const [query, expected] of [
      [nestedJobWalk(16), "QUERY_TOO_DEEP"],
      [nestedJobWalk(40), "QUERY_TOO_DEEP"],
      [aliases(DEFAULT_OPERATION_LIMITS.maxAliases + 1), "TOO_MANY_ALIASES"],
      // 5,000 aliases are also far over the token limit, which the parser hits first.
      [aliases(5_000), "TOO_MANY_TOKENS"],
      [tokens(5_000), "TOO_MANY_TOKENS"],
      [directives(DEFAULT_OPERATION_LIMITS.maxDirectives + 1), "TOO_MANY_DIRECTIVES"],
      [COSTLY, "QUERY_TOO_COMPLEX"],
    ] as const) {
      const answer = await post(query);
      assert.equal(code(answer), expected, `${query.slice(0, 60)}…: ${JSON.stringify(answer.body).slice(0, 300)}`);
      assert.equal(answer.body.data ?? null, null);
      assert.ok(!JSON.stringify(answer.body).includes('"http"'), JSON.stringify(answer.body));
    }
  });

  it("refuses depth through fragment spreads, and a fragment cycle as a validation error", async () => {
    const viaFragments = `{ autoAnnotationJob(id: "x") { ...J } }
      fragment J on AutoAnnotationJob { task { ...T } }
      fragment T on Task { autoAnnotationJobs { task { autoAnnotationJobs { task { autoAnnotationJobs { task { autoAnnotationJobs { task { id } } } } } } } } }`;
    assert.equal(code(await post(viaFragments)), "QUERY_TOO_DEEP");
    const cycle = `{ autoAnnotationJob(id: "x") { ...J } } fragment J on AutoAnnotationJob { task { autoAnnotationJobs { ...J } } }`;
    assert.equal(code(await post(cycle)), "GRAPHQL_VALIDATION_FAILED");
  });

  it("counts list sizes sent as variables in the cost", async () => {
    const query = `query($n: Int!, $m: Int!) { tasks(first: $n) { edges { node { autoAnnotationJobs(first: $m) { id } } } } }`;
    assert.equal(code(await post(query, { n: 500, m: 500 })), "QUERY_TOO_COMPLEX");
    // Within the limit it goes on to the (unreachable) subgraph.
    assert.equal(code(await post(query, { n: 10, m: 10 })), "SERVICE_UNAVAILABLE");
    // Costs are kept per document and variables: the same document with other values is costed by its own.
    assert.equal(code(await post(query, { n: 500, m: 500 })), "QUERY_TOO_COMPLEX");
    assert.equal(code(await post(query, { n: 10, m: 10 })), "SERVICE_UNAVAILABLE");
    assert.equal(code(await post(query, { n: 10, m: 500 })), "SERVICE_UNAVAILABLE");
    assert.equal(code(await post(query, { n: 500, m: 10 })), "SERVICE_UNAVAILABLE");
    assert.equal(code(await post(query, { n: 200, m: 500 })), "QUERY_TOO_COMPLEX");
  });

  it("answers GraphiQL's introspection query under the defaults", async () => {
    const answer = await post(getIntrospectionQuery());
    assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body.errors));
    assert.ok((answer.body.data as { __schema: { types: unknown[] } }).__schema.types.length > 50);
  });

  it("refuses over SSE and graphql-ws alike", async () => {
    const deepSubscription = `subscription { autoAnnotationProgress(jobId: "x") { task { autoAnnotationJobs { task { autoAnnotationJobs { task { autoAnnotationJobs { task { autoAnnotationJobs { task { id } } } } } } } } } } }`;
    const costlySubscription = `subscription { autoAnnotationProgress(jobId: "x") { task { autoAnnotationJobs(first: 500) { task { autoAnnotationJobs(first: 500) { id } } } } } }`;
    const client = createClient({ url: url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    const viaWs = async (query: string) => {
      try {
        for await (const event of client.iterate({ query })) return event;
        return {};
      } catch (err) {
        return { errors: err as { extensions?: { code?: string } }[] };
      }
    };
    const viaSse = async (query: string) => {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify({ query }),
      });
      const text = await res.text();
      const data = text.split("\n").find((l) => l.startsWith("data:"));
      return JSON.parse(data ? data.slice(5) : text) as Answer["body"];
    };
    try {
      for (const [query, expected] of [
        [deepSubscription, "QUERY_TOO_DEEP"],
        [costlySubscription, "QUERY_TOO_COMPLEX"],
        [
          `subscription { autoAnnotationProgress(jobId: "x") { id ${Array.from({ length: 3_000 }, () => "__typename").join(" ")} } }`,
          "TOO_MANY_TOKENS",
        ],
        [
          `subscription { autoAnnotationProgress(jobId: "x") { ${Array.from({ length: 40 }, (_, i) => `a${i}: id`).join(" ")} } }`,
          "TOO_MANY_ALIASES",
        ],
      ] as const) {
        const ws = await viaWs(query);
        assert.equal(
          (ws as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code,
          expected,
          `ws: ${JSON.stringify(ws).slice(0, 300)}`,
        );
        const sse = await viaSse(query);
        assert.equal(sse.errors?.[0]?.extensions?.code, expected, `SSE: ${JSON.stringify(sse).slice(0, 300)}`);
      }
      // The socket is still usable after refusals.
      assert.equal(
        ((await viaWs(`{ deploymentMode }`)) as { errors?: unknown[] }).errors?.length ?? 0,
        1,
        "the subgraph is down, but the gateway answers",
      );
    } finally {
      await client.dispose();
    }
  });

  it("answers parse and validation failures with the standard codes, bad variable values with BAD_USER_INPUT", async () => {
    assert.equal(code(await post(`{ deploymentMode`)), "GRAPHQL_PARSE_FAILED");
    assert.equal(code(await post(`{ noSuchField }`)), "GRAPHQL_VALIDATION_FAILED");
    assert.equal(code(await post(`{ autoAnnotationJob { id } }`)), "GRAPHQL_VALIDATION_FAILED");
    const badVariable = await post(`query($id: ID!) { autoAnnotationJob(id: $id) { id } }`, { id: { not: "an id" } });
    assert.equal(code(badVariable), "BAD_USER_INPUT", JSON.stringify(badVariable.body));
    const missingVariable = await post(`query($id: ID!) { autoAnnotationJob(id: $id) { id } }`);
    assert.equal(code(missingVariable), "BAD_USER_INPUT", JSON.stringify(missingVariable.body));
  });

  it("refuses a request a browser could send cross-site without a preflight: 403 CSRF_PREFLIGHT_REQUIRED", async () => {
    const get = await fetch(`${url}?query=${encodeURIComponent("{ deploymentMode }")}`);
    assert.equal(get.status, 403);
    assert.equal(((await get.json()) as Answer["body"]).errors?.[0]?.extensions?.code, "CSRF_PREFLIGHT_REQUIRED");
    const form = new FormData();
    form.set("operations", JSON.stringify({ query: "{ deploymentMode }" }));
    form.set("map", "{}");
    const multipart = await fetch(url, { method: "POST", body: form });
    assert.equal(multipart.status, 403);
    assert.equal(((await multipart.json()) as Answer["body"]).errors?.[0]?.extensions?.code, "CSRF_PREFLIGHT_REQUIRED");
    // The GraphiQL page (a browser GET for HTML) is not an operation and needs no header.
    const page = await fetch(url, { headers: { accept: "text/html" } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    // With the header, the same GET goes through (to the unreachable subgraph).
    const preflighted = await fetch(`${url}?query=${encodeURIComponent("{ deploymentMode }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    assert.notEqual(preflighted.status, 403);
  });
});
