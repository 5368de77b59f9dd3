import assert from "node:assert/strict";
import { ConfigError } from "./config.js";

/**
 * Asserts that `parse` throws one ConfigError with exactly as many problems as `expected`, each pattern matching one
 * of them (problems read `VARIABLE: message`). Returns the error for further checks, e.g. that a secret is not echoed.
 */
export function assertConfigProblems(parse: () => unknown, expected: readonly RegExp[]): ConfigError {
  let error: unknown;
  try {
    parse();
  } catch (err) {
    error = err;
  }
  assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
  assert.equal(error.problems.length, expected.length, error.message);
  for (const pattern of expected)
    assert.ok(
      error.problems.some((p) => pattern.test(p)),
      `no problem matches ${pattern}:\n${error.message}`,
    );
  return error;
}
