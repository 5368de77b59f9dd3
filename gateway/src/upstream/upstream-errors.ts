import { DisposableSymbols } from "@graphql-hive/gateway-runtime";
import { createGraphQLError, isAsyncIterable, type ExecutionRequest, type ExecutionResult, type Executor } from "@graphql-tools/utils";
import { ErrorCode, type Logger } from "@prelabel/service-kit";
import type { GraphQLError } from "graphql";

type MaybePromise<T> = T | Promise<T>;

/** The shape shared by @graphql-mesh/transport-http and transport-ws. */
interface Transport<P extends { subgraphName: string }> {
  getSubgraphExecutor(payload: P, ...rest: never[]): MaybePromise<Executor>;
}

/**
 * Wraps a Hive transport so upstream failures reach clients as GraphQL errors with a stable code:
 *
 * - a subgraph that cannot be reached (HTTP: executor-http's `SUBREQUEST_HTTP_ERROR`; graphql-ws: a
 *   connection error or close) becomes `SERVICE_UNAVAILABLE` naming the service, instead of Hive's
 *   masked "Unexpected error." (HTTP) or the raw socket message with the internal address (WS);
 * - an `error` message from a subgraph's graphql-ws server (e.g. a subscription refused with NOT_FOUND)
 *   arrives as a rejected array of plain error objects, which Hive would mask; it becomes an
 *   ExecutionResult with those errors, so their `extensions.code` passes through as over HTTP.
 */
export function withUpstreamErrors<P extends { subgraphName: string }>(transport: Transport<P>, logger: Logger): Transport<P> {
  return {
    getSubgraphExecutor(payload: P, ...rest: never[]) {
      const inner = transport.getSubgraphExecutor(payload, ...rest);
      return inner instanceof Promise
        ? inner.then((e) => wrapExecutor(e, payload.subgraphName, logger))
        : wrapExecutor(inner, payload.subgraphName, logger);
    },
  };
}

function wrapExecutor(executor: Executor, subgraph: string, logger: Logger): Executor {
  const log = logger.child({ subgraph });
  const onThrown = (err: unknown): ExecutionResult => {
    const remote = asRemoteErrors(err);
    if (remote) return { errors: remote };
    log.warn({ err: describe(err) }, "subgraph unreachable");
    return { errors: [unavailable(subgraph)] };
  };
  const onResult = (result: ExecutionResult): ExecutionResult => {
    const failed = result.errors?.filter((e) => e.extensions?.code === "SUBREQUEST_HTTP_ERROR") ?? [];
    if (failed.length === 0) return result;
    log.warn({ errors: failed.map((e) => e.message) }, "subgraph request failed");
    return { ...result, errors: result.errors?.map((e) => (failed.includes(e) ? unavailable(subgraph, e.path) : e)) };
  };

  const wrapped = ((request: ExecutionRequest) => {
    let outcome;
    try {
      outcome = executor(request);
    } catch (err) {
      return onThrown(err);
    }
    const settle = (value: Awaited<typeof outcome>) => (isAsyncIterable(value) ? mapIterable(value, onResult, onThrown) : onResult(value));
    return outcome instanceof Promise ? outcome.then(settle, onThrown) : settle(outcome);
  }) as Executor;

  // Keep the transport's disposal (closing upstream sockets) reachable for Hive.
  for (const symbol of [DisposableSymbols.asyncDispose, DisposableSymbols.dispose]) {
    const dispose = (executor as unknown as Record<symbol, unknown>)[symbol];
    if (typeof dispose === "function") {
      Object.defineProperty(wrapped, symbol, { value: () => (dispose as (this: Executor) => unknown).call(executor) });
    }
  }
  return wrapped;
}

/**
 * Maps each result and turns a throw into a final result. Written as a plain iterator (not an async
 * generator) so `return()` reaches the upstream subscription at once, even while a `next()` is pending.
 */
function mapIterable(
  source: AsyncIterable<ExecutionResult>,
  onResult: (r: ExecutionResult) => ExecutionResult,
  onThrown: (err: unknown) => ExecutionResult,
): AsyncIterableIterator<ExecutionResult> {
  const it = source[Symbol.asyncIterator]();
  let finished = false;
  const done = (): IteratorResult<ExecutionResult> => ({ done: true, value: undefined });
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (finished) return done();
      try {
        const step = await it.next();
        if (step.done) {
          finished = true;
          return step;
        }
        return { done: false, value: onResult(step.value) };
      } catch (err) {
        finished = true;
        return { done: false, value: onThrown(err) };
      }
    },
    async return(value?: unknown) {
      finished = true;
      await it.return?.(value);
      return done();
    },
    async throw(err?: unknown) {
      finished = true;
      if (it.throw) await it.throw(err);
      return done();
    },
  };
}

/** graphql-ws rejects with the `error` message's payload: an array of GraphQL error objects. */
function asRemoteErrors(err: unknown): GraphQLError[] | undefined {
  if (!Array.isArray(err) || err.length === 0) return undefined;
  if (!err.every((e) => typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string")) return undefined;
  return err.map((e: { message: string; extensions?: Record<string, unknown> }) =>
    createGraphQLError(e.message, { extensions: e.extensions ?? {} }),
  );
}

function unavailable(subgraph: string, path?: readonly (string | number)[]): GraphQLError {
  return createGraphQLError(`The ${subgraph} service is unavailable; try again shortly`, {
    path,
    extensions: { code: ErrorCode.ServiceUnavailable },
  });
}

/** Errors, CloseEvents and odd values, as something a log line can hold. */
function describe(err: unknown): unknown {
  if (err instanceof Error) return err;
  if (typeof err === "object" && err !== null && "code" in err) {
    const e = err as { code?: unknown; reason?: unknown; type?: unknown };
    return { type: e.type, code: e.code, reason: e.reason };
  }
  return err;
}
