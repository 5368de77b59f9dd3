import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate, type GraphQLObjectType, type GraphQLSchema } from "graphql";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { createLogger } from "./logger.js";
import {
  DEFAULT_OPERATION_LIMITS,
  operationCost,
  operationLimitRules,
  SUBGRAPH_OPERATION_LIMITS,
  type OperationLimits,
} from "./operation-limits.js";
import { startSubgraphServer, type RunningServer } from "./subgraph-server.js";

/** The shape of the nested walk that took annotation-job down: Task.jobs and Job.task resolve in one subgraph. */
const sdl = /* GraphQL */ `
  type Query {
    job(id: ID!): Job
    tasks(first: Int, after: String): TaskConnection!
    jobs: [Job!]!
    _entities(representations: [String!]!): [Task]!
  }
  type Subscription {
    job(id: ID!): Job
  }
  type TaskConnection {
    totalCount: Int!
    edges: [TaskEdge!]!
  }
  type TaskEdge {
    node: Task!
  }
  type Task {
    id: ID!
    name: String!
    jobs(first: Int = 50): [Job!]!
  }
  type Job {
    id: ID!
    status: String!
    task: Task!
    points: [Float!]!
  }
`;

/** `job { task { jobs { task { … { id } } } } }`: `levels` fields deep, the leaf included (as depth is counted). */
export function nestedWalk(levels: number, root = `job(id: "1")`): string {
  let body = "id";
  for (let level = levels - 2; level >= 1; level--) body = `${level % 2 === 1 ? "task" : "jobs"} { id ${body} }`;
  return `{ ${root} { ${body} } }`;
}

const cost = (schema: GraphQLSchema, query: string, variables?: Record<string, unknown>) =>
  operationCost({ schema, document: parse(query), variables }, { defaultListSize: 10 });

describe("operation limit rules", () => {
  const schema = buildSchema(sdl);
  const limits: OperationLimits = { ...DEFAULT_OPERATION_LIMITS, maxDepth: 5, maxAliases: 3, maxDirectives: 2 };
  const codes = (query: string) =>
    validate(schema, parse(query), [...specifiedRules, ...operationLimitRules(limits)]).map((e) => e.extensions.code ?? e.message);

  it("accepts what is within every limit", () => {
    assert.deepEqual(codes(nestedWalk(5)), []);
    assert.deepEqual(codes(`{ a: jobs { id } b: jobs { id } c: jobs { id } }`), []);
  });

  it("refuses depth, also through fragment spreads and inline fragments", () => {
    assert.deepEqual(codes(nestedWalk(6)), ["QUERY_TOO_DEEP"]);
    const viaFragments = `{ job(id: "1") { ...J } } fragment J on Job { task { ... on Task { jobs { ...T } } } } fragment T on Job { task { jobs { id } } }`;
    assert.deepEqual(codes(viaFragments), ["QUERY_TOO_DEEP"]);
  });

  it("refuses a fragment cycle without looping (graphql's cycle error, and no crash)", () => {
    const cyclic = `{ job(id: "1") { ...A } } fragment A on Job { task { jobs { ...A } } }`;
    assert.ok(codes(cyclic).some((c) => typeof c === "string" && /Cannot spread fragment "A" within itself/.test(c)));
  });

  it("refuses aliases and directives, counted through fragments", () => {
    assert.deepEqual(codes(`{ a: jobs { id } ...F } fragment F on Query { b: jobs { id } c: jobs { id } d: jobs { id } }`), [
      "TOO_MANY_ALIASES",
    ]);
    assert.deepEqual(codes(`{ jobs @include(if: true) { id @skip(if: false) status @skip(if: false) } }`), ["TOO_MANY_DIRECTIVES"]);
  });

  it("lets GraphiQL's introspection query through under the defaults", () => {
    const all = validate(schema, parse(getIntrospectionQuery()), [...specifiedRules, ...operationLimitRules(DEFAULT_OPERATION_LIMITS)]);
    assert.deepEqual(all, []);
    assert.ok(cost(schema, getIntrospectionQuery()) < DEFAULT_OPERATION_LIMITS.maxCost);
  });
});

describe("operationCost", () => {
  const schema = buildSchema(sdl);

  it("counts each field once, a list times its length (argument, its default, or the default list size)", () => {
    assert.equal(cost(schema, `{ job(id: "1") { id status } }`), 3);
    // jobs: 10 (default list size) × (1 + id)
    assert.equal(cost(schema, `{ jobs { id } }`), 20);
    // points: a list of scalars is one value
    assert.equal(cost(schema, `{ job(id: "1") { points } }`), 2);
    // Task.jobs has `first: Int = 50`
    assert.equal(cost(schema, `{ job(id: "1") { task { jobs { id } } } }`), 1 + 1 + 50 * 2);
    assert.equal(cost(schema, `{ job(id: "1") { task { jobs(first: 3) { id } } } }`), 1 + 1 + 3 * 2);
    assert.equal(cost(schema, `query($n: Int) { job(id: "1") { task { jobs(first: $n) { id } } } }`, { n: 7 }), 1 + 1 + 7 * 2);
  });

  it("applies a connection's first to its edges, not to totalCount", () => {
    // tasks 1 + totalCount 1 + edges 100 × (1 + node (1 + id 1))
    assert.equal(cost(schema, `{ tasks(first: 100) { totalCount edges { node { id } } } }`), 2 + 100 * 3);
  });

  it("multiplies nested lists, so the nested walk explodes and a wide one does not", () => {
    assert.ok(cost(schema, nestedWalk(12)) > 1e8);
    assert.ok(cost(schema, `{ tasks(first: 20) { edges { node { jobs(first: 5) { id status } } } } }`) < 1_000);
  });

  it("counts _entities by its representations and fragments once each", () => {
    const q = `query($r: [String!]!) { _entities(representations: $r) { ... on Task { id name } } }`;
    assert.equal(cost(schema, q, { r: Array(40).fill("x") }), 40 * 3);
    // 2^30 spreads if expanded; costed once per fragment it stays instant and finite.
    const defs = Array.from(
      { length: 30 },
      (_, i) => `fragment F${i} on Job { a: task { id } ...F${i + 1} b: task { id } ...F${i + 1} }`,
    ).join(" ");
    const started = Date.now();
    const value = cost(schema, `{ job(id: "1") { ...F0 } } ${defs} fragment F30 on Job { id }`);
    assert.ok(value > 1e9, String(value));
    assert.ok(Date.now() - started < 1_000);
  });
});

describe("subgraph server limits (HTTP and graphql-ws)", () => {
  let server: RunningServer;
  const limits: OperationLimits = {
    ...SUBGRAPH_OPERATION_LIMITS,
    maxDepth: 6,
    maxAliases: 5,
    maxTokens: 300,
    maxDirectives: 4,
    maxCost: 500,
  };
  const job = (id: string) => ({ id, status: "RUNNING", task: { id: `t-${id}` }, points: [1, 2] });

  before(async () => {
    const schema = buildSchema(sdl);
    const query = schema.getQueryType()!.getFields();
    query.job.resolve = (_root, args: { id: string }) => job(args.id);
    query.jobs.resolve = () => [job("a"), job("b")];
    query._entities.resolve = (_root, args: { representations: string[] }) => args.representations.map((id) => ({ id, name: id }));
    (schema.getType("Task") as GraphQLObjectType).getFields().jobs.resolve = (task: { id: string }) => [job(`${task.id}-1`)];
    const subscription = schema.getSubscriptionType()!.getFields().job;
    subscription.subscribe = async function* () {
      yield { job: job("s") };
    };
    server = await startSubgraphServer({
      name: "limits-test",
      schema,
      host: "127.0.0.1",
      port: 0,
      logger: createLogger("test", "silent"),
      context: () => ({}),
      ready: async () => true,
      limits,
      maxEntityRepresentations: 50,
    });
  });
  after(() => server?.close());

  const post = async (
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = { "content-type": "application/json" },
  ) => {
    const res = await fetch(server.url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    return {
      status: res.status,
      body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
    };
  };
  const codeOf = (r: { body: { errors?: { extensions?: { code?: string } }[] } }) => r.body.errors?.[0]?.extensions?.code;

  it("refuses each limit over HTTP with its code and a 400, and still answers within them", async () => {
    const deep = await post(nestedWalk(8));
    assert.equal(codeOf(deep), "QUERY_TOO_DEEP", JSON.stringify(deep.body));
    assert.equal(deep.status, 400);
    assert.equal(codeOf(await post(`{ ${Array.from({ length: 6 }, (_, i) => `a${i}: jobs { id }`).join(" ")} }`)), "TOO_MANY_ALIASES");
    assert.equal(codeOf(await post(`{ jobs { ${Array.from({ length: 400 }, () => "id").join(" ")} } }`)), "TOO_MANY_TOKENS");
    assert.equal(
      codeOf(
        await post(
          `{ jobs { id @skip(if: false) status @skip(if: false) a: id @skip(if: false) b: id @skip(if: false) c: id @skip(if: false) } }`,
        ),
      ),
      "TOO_MANY_DIRECTIVES",
    );
    const costly = await post(`{ job(id: "1") { task { jobs(first: 500) { id } } } }`);
    assert.equal(codeOf(costly), "QUERY_TOO_COMPLEX", JSON.stringify(costly.body));
    assert.equal(costly.status, 400);
    // The cost counts variables: the same document is fine with a small page and refused with a big one.
    const byVariable = `query($n: Int) { job(id: "1") { task { jobs(first: $n) { id } } } }`;
    assert.equal(codeOf(await post(byVariable, { n: 500 })), "QUERY_TOO_COMPLEX");
    assert.deepEqual((await post(byVariable, { n: 2 })).body, { data: { job: { task: { jobs: [{ id: "t-1-1" }] } } } });
    const entities = `query($r: [String!]!) { _entities(representations: $r) { ... on Task { id } } }`;
    assert.equal(codeOf(await post(entities, { r: Array(51).fill("x") })), "TOO_MANY_ENTITIES");
    assert.equal((await post(entities, { r: ["x", "y"] })).body.errors, undefined);
    assert.deepEqual((await post(`{ job(id: "7") { id task { id } } }`)).body, { data: { job: { id: "7", task: { id: "t-7" } } } });
  });

  it("refuses the same over graphql-ws", async () => {
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    const first = async (query: string, variables: Record<string, unknown> = {}) => {
      try {
        for await (const event of client.iterate({ query, variables })) return event;
        return {};
      } catch (err) {
        return { errors: err as { extensions?: { code?: string } }[] };
      }
    };
    try {
      const code = (r: { errors?: readonly { extensions?: { code?: unknown } }[] }) => r.errors?.[0]?.extensions?.code;
      const deep = await first(`subscription { job(id: "1") { task { jobs { task { jobs { task { jobs { id } } } } } } } }`);
      assert.equal(code(deep), "QUERY_TOO_DEEP", JSON.stringify(deep));
      assert.equal(
        code(await first(`subscription { job(id: "1") { ${Array.from({ length: 6 }, (_, i) => `a${i}: id`).join(" ")} } }`)),
        "TOO_MANY_ALIASES",
      );
      assert.equal(
        code(await first(`subscription { job(id: "1") { ${Array.from({ length: 300 }, () => "id").join(" ")} } }`)),
        "TOO_MANY_TOKENS",
      );
      assert.equal(code(await first(`subscription { job(id: "1") { task { jobs(first: 900) { id } } } }`)), "QUERY_TOO_COMPLEX");
      const ok = await first(`subscription { job(id: "1") { id status } }`);
      assert.deepEqual(ok, { data: { job: { id: "s", status: "RUNNING" } } });
    } finally {
      await client.dispose();
    }
  });

  it("answers a cross-site request without a preflight header CSRF_PREFLIGHT_REQUIRED", async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent("{ jobs { id } }")}`);
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    assert.equal(res.status, 400);
    assert.equal(body.errors?.[0]?.extensions?.code, "CSRF_PREFLIGHT_REQUIRED", JSON.stringify(body));
  });
});
