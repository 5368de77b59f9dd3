/**
 * Recognises a failure to reach a dependency (PostgreSQL above all) by the error's shape, so the one error mapping
 * answers SERVICE_UNAVAILABLE (try again) instead of INTERNAL_SERVER_ERROR (a bug) without service-kit depending on
 * pg or TypeORM.
 */

/**
 * SQLSTATEs of a server that cannot serve now: class 08 (connection exception) is matched by prefix; 57P01-57P03
 * are an administrator's or a crash's shutdown and "cannot connect now" (starting up, recovering); 53300 is
 * too_many_connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/** Node's socket and DNS errors: the host is down, unreachable, not (yet) resolvable, or dropped the connection. */
const NETWORK_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** node-postgres and pg-pool raise these without a code. */
const DRIVER_MESSAGES = [
  /^Connection terminated( unexpectedly| due to connection timeout)?$/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
];

/** TypeORM's errors for a data source that is not (or no longer) connected. */
const DRIVER_ERROR_NAMES = new Set(["CannotExecuteNotConnectedError", "ConnectionIsNotSetError"]);

/** Whether `err`, or an error it wraps (GraphQL's originalError, cause, TypeORM's driverError, AggregateError's errors), says a dependency cannot be reached. */
export function isConnectivityError(err: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [err];
  while (pending.length && seen.size < 32) {
    const current = pending.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    if (matches(current)) return true;
    const e = current as { originalError?: unknown; cause?: unknown; driverError?: unknown; errors?: unknown };
    pending.push(e.originalError, e.cause, e.driverError);
    if (Array.isArray(e.errors)) pending.push(...(e.errors as unknown[]).slice(0, 8));
  }
  return false;
}

function matches(e: object): boolean {
  const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof code === "string") {
    if (NETWORK_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof name === "string" && DRIVER_ERROR_NAMES.has(name)) return true;
  return typeof message === "string" && DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}
