import type { Client, GraphQLRequest, OperationResult } from "urql";
import { makeOperation } from "urql";
import { concat, fromValue, never } from "wonka";
import { vi } from "vitest";

/**
 * Answers each query with `answer(query text, variables)`; records every request. Like urql's, the source does not
 * end after the result (a query keeps listening to the cache), so code waiting for the end hangs here as in a browser.
 */
export function mockClient(answer: (query: string, variables: Record<string, unknown>) => unknown) {
  const executeQuery = vi.fn((request: GraphQLRequest) => {
    const query = typeof request.query === "string" ? request.query : (request.query.loc?.source.body ?? "");
    const variables = (request.variables ?? {}) as Record<string, unknown>;
    const result: OperationResult = {
      operation: makeOperation("query", request, {} as never),
      data: answer(query, variables),
      stale: false,
      hasNext: false,
    };
    return concat([fromValue(result), never]);
  });
  return { client: { executeQuery } as unknown as Client, executeQuery };
}

/** The variables of every request whose operation name matches. */
export function variablesOf(executeQuery: ReturnType<typeof mockClient>["executeQuery"], operation: string) {
  return executeQuery.mock.calls
    .map(([request]) => request)
    .filter((r) => (r.query.loc?.source.body ?? "").includes(`query ${operation}(`))
    .map((r) => r.variables);
}
