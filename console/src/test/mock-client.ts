import { getOperationName, type Client, type GraphQLRequest, type OperationResult } from "urql";
import { vi, type Mock } from "vitest";
import { concat, fromValue, never, type Source } from "wonka";

/**
 * urql Clients for component tests. The GraphQL API itself is the gateway's specs' and the browser tests' to exercise.
 */

/** Answers an operation (by its name), or undefined: an unrouted operation never answers. */
export type MockRoute = (
  operationName: string,
  variables: Record<string, unknown>,
  request: GraphQLRequest,
) => Source<Partial<OperationResult>> | undefined;

export type MockExecute = Mock<(request: GraphQLRequest) => Source<Partial<OperationResult>>>;

export interface RoutedMockClient {
  readonly client: Client;
  readonly executeQuery: MockExecute;
  readonly executeMutation: MockExecute;
  readonly executeSubscription: MockExecute;
}

/** A client whose execute* answer from `routes`, recording every request. */
export function routedMockClient(routes: { query?: MockRoute; mutation?: MockRoute; subscription?: MockRoute }): RoutedMockClient {
  const handle = (route: MockRoute | undefined): MockExecute =>
    vi.fn(
      (request: GraphQLRequest) =>
        route?.(getOperationName(request.query) ?? "", (request.variables ?? {}) as Record<string, unknown>, request) ?? never,
    );
  const executeQuery = handle(routes.query);
  const executeMutation = handle(routes.mutation);
  const executeSubscription = handle(routes.subscription);
  const client = { executeQuery, executeMutation, executeSubscription } as unknown as Client;
  return { client, executeQuery, executeMutation, executeSubscription };
}

/**
 * One result on a source that stays open, as urql's does (a query keeps listening to the cache): code waiting for the
 * end hangs here as in a browser, and useQuery keeps an error instead of clearing it when its source completes.
 */
export const openResult = (result: Partial<OperationResult>): Source<Partial<OperationResult>> => concat([fromValue(result), never]);

/** The variables of each call of `execute` for the operation `name`, in order. */
export function variablesOf(execute: MockExecute, name: string): Record<string, unknown>[] {
  return execute.mock.calls
    .filter(([request]) => getOperationName(request.query) === name)
    .map(([request]) => (request.variables ?? {}) as Record<string, unknown>);
}

/** Every query gets `result` (synchronously, as urql's testing guide does); nothing else answers. */
export function mockClient(result: Partial<OperationResult>) {
  const { client, executeQuery } = routedMockClient({ query: () => openResult(result) });
  return { client, executeQuery };
}
