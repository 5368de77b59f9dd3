import type { Client, OperationResult } from "urql";
import { vi } from "vitest";
import { concat, fromValue, never } from "wonka";

/**
 * A urql Client for component tests: every query gets `result` (synchronously, as urql's testing guide does), nothing
 * else answers. The GraphQL API itself is the gateway's specs' and the browser tests' to exercise.
 * The source stays open like a real client's: useQuery clears an error when its source completes.
 */
export function mockClient(result: Partial<OperationResult>) {
  const executeQuery = vi.fn(() => concat([fromValue(result), never]));
  const client = { executeQuery, executeMutation: vi.fn(() => never), executeSubscription: vi.fn(() => never) };
  return { client: client as unknown as Client, executeQuery };
}
