import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DisposableSymbols } from "@graphql-hive/gateway-runtime";
import { createGraphQLError, type ExecutionRequest, type ExecutionResult, type Executor } from "@graphql-tools/utils";
import { createLogger } from "@prelabel/service-kit";
import { parse } from "graphql";
import { withUpstreamErrors } from "./upstream-errors.js";

const logger = createLogger("test", "silent");
const request = { document: parse("subscription { x }") } as ExecutionRequest;
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

function transportReturning(executor: (req: ExecutionRequest) => unknown) {
  return withUpstreamErrors({ getSubgraphExecutor: (_p: { subgraphName: string }) => executor as Executor }, logger);
}
const executorOf = async (t: ReturnType<typeof transportReturning>) => t.getSubgraphExecutor({ subgraphName: "annotation-job" });

async function collect(value: unknown): Promise<ExecutionResult[]> {
  const out: ExecutionResult[] = [];
  for await (const r of value as AsyncIterable<ExecutionResult>) out.push(plain(r));
  return out;
}

describe("withUpstreamErrors", () => {
  it("turns a graphql-ws error payload into a result that keeps the codes", async () => {
    const source = {
      [Symbol.asyncIterator]: () => ({
        // graphql-ws rejects with the `error` message's payload, a list of GraphQL errors: what this case reproduces.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- graphql-ws's own rejection value
        next: () => Promise.reject([{ message: "No job", extensions: { code: "NOT_FOUND" } }]),
      }),
    };
    const exec = await executorOf(transportReturning(() => source));
    assert.deepEqual(await collect(await exec(request)), [{ errors: [{ message: "No job", extensions: { code: "NOT_FOUND" } }] }]);
  });

  it("turns a connection failure into SERVICE_UNAVAILABLE without the socket message", async () => {
    async function* failing(): AsyncGenerator<ExecutionResult> {
      yield { data: { x: 1 } };
      throw new Error("connect ECONNREFUSED 10.0.0.7:4003");
    }
    const exec = await executorOf(transportReturning(() => failing()));
    const results = await collect(await exec(request));
    assert.deepEqual(results, [
      { data: { x: 1 } },
      {
        errors: [{ message: "The annotation-job service is unavailable; try again shortly", extensions: { code: "SERVICE_UNAVAILABLE" } }],
      },
    ]);
  });

  it("maps HTTP fetch failures and keeps every other error as it is", async () => {
    const exec = await executorOf(
      transportReturning(async () => ({
        data: null,
        errors: [
          createGraphQLError("fetch failed to http://10.0.0.7:4003/graphql", {
            path: ["a"],
            extensions: { code: "SUBREQUEST_HTTP_ERROR" },
          }),
          createGraphQLError("No task", { extensions: { code: "NOT_FOUND" } }),
        ],
      })),
    );
    assert.deepEqual(plain(await exec(request)), {
      data: null,
      errors: [
        {
          message: "The annotation-job service is unavailable; try again shortly",
          path: ["a"],
          extensions: { code: "SERVICE_UNAVAILABLE" },
        },
        { message: "No task", extensions: { code: "NOT_FOUND" } },
      ],
    });
    const ok = { data: { a: 1 } };
    assert.equal(await (await executorOf(transportReturning(() => ok)))(request), ok, "untouched results are the same object");
  });

  it("passes return() straight to the upstream subscription", async () => {
    let returned = false;
    const source = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<ExecutionResult>>(() => undefined), // never settles
        return: async () => {
          returned = true;
          return { done: true as const, value: undefined };
        },
      }),
    };
    const exec = await executorOf(transportReturning(() => source));
    const it = (await exec(request)) as AsyncIterableIterator<ExecutionResult>;
    void it.next();
    await it.return?.();
    assert.equal(returned, true);
  });

  it("keeps the transport's disposal", async () => {
    let disposed = false;
    const inner = Object.assign(() => ({ data: {} }), { [DisposableSymbols.asyncDispose]: async () => void (disposed = true) });
    const exec = (await executorOf(transportReturning(inner))) as unknown as Record<symbol, () => Promise<void>>;
    await exec[DisposableSymbols.asyncDispose]();
    assert.equal(disposed, true);
  });
});
