import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { isConnectivityError } from "./connectivity-errors.js";

/**
 * The codes every service and the gateway share (documented in docs/errors.md). A service's own codes live in its
 * `src/domain/<service>-error-codes.ts`; service-kit knows none of them.
 */
export const ErrorCode = {
  NotFound: "NOT_FOUND",
  BadUserInput: "BAD_USER_INPUT",
  PayloadTooLarge: "PAYLOAD_TOO_LARGE",
  ServiceUnavailable: "SERVICE_UNAVAILABLE",
  /** No valid credential (cloud mode): no or a bad bearer key at the gateway, no or a bad identity assertion at a subgraph. */
  Unauthenticated: "UNAUTHENTICATED",
  /** A valid caller whose role does not allow the operation (e.g. a MEMBER creating API keys). */
  Forbidden: "FORBIDDEN",
  /** Operation limits (operation-limits.ts): the gateway's configured ones, the subgraphs' backstop. */
  QueryTooDeep: "QUERY_TOO_DEEP",
  TooManyAliases: "TOO_MANY_ALIASES",
  TooManyTokens: "TOO_MANY_TOKENS",
  TooManyDirectives: "TOO_MANY_DIRECTIVES",
  QueryTooComplex: "QUERY_TOO_COMPLEX",
  /** A subgraph request whose `_entities` carries more representations than MAX_ENTITY_REPRESENTATIONS. */
  TooManyEntities: "TOO_MANY_ENTITIES",
  /** A request a browser could send cross-site without a preflight (multipart, form, GET) lacking a preflight header. */
  CsrfPreflightRequired: "CSRF_PREFLIGHT_REQUIRED",
  /** The standard codes for a document that does not parse or does not validate against the schema. */
  GraphqlParseFailed: "GRAPHQL_PARSE_FAILED",
  GraphqlValidationFailed: "GRAPHQL_VALIDATION_FAILED",
  Internal: "INTERNAL_SERVER_ERROR",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * An expected failure with a stable code; its message is safe to show a client. The code is one of service-kit's
 * shared `ErrorCode`s or one the throwing service owns (its own `*-error-codes.ts`, listed in docs/errors.md).
 */
export class AppError<C extends string = string> extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: C,
    message: string,
    readonly details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Codes GraphQL servers (Apollo Server, GraphQL Yoga) give on their own, for requests that never reach a resolver;
 * they pass through unchanged so clients see the codes those libraries document.
 */
export const StandardGraphqlCode = {
  GraphqlParseFailed: "GRAPHQL_PARSE_FAILED",
  GraphqlValidationFailed: "GRAPHQL_VALIDATION_FAILED",
  PersistedQueryNotFound: "PERSISTED_QUERY_NOT_FOUND",
  OperationResolutionFailure: "OPERATION_RESOLUTION_FAILURE",
  BadRequest: "BAD_REQUEST",
  /** Hive Gateway: a subgraph answered an error without a code (ours always set one). */
  DownstreamServiceError: "DOWNSTREAM_SERVICE_ERROR",
} as const;
export type StandardGraphqlCode = (typeof StandardGraphqlCode)[keyof typeof StandardGraphqlCode];

const passThroughCodes = new Set<string>([...Object.values(StandardGraphqlCode), ErrorCode.BadUserInput]);

/** graphql-js's parse({ maxTokens }) refusal ("more that" is its own spelling in 16.x). */
export const isTokenLimitError = (message: string): boolean => /^Syntax Error: Document contains more tha[nt] \d+ tokens/.test(message);

const limitCodes = new Set<string>([
  ErrorCode.QueryTooDeep,
  ErrorCode.TooManyAliases,
  ErrorCode.TooManyTokens,
  ErrorCode.TooManyDirectives,
  ErrorCode.QueryTooComplex,
  ErrorCode.TooManyEntities,
]);

const documentedCodes = new Set<string>(Object.values(ErrorCode).filter((c) => c !== ErrorCode.Internal));

function findAppError(err: unknown): AppError | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof AppError) return current;
    if (current instanceof Error && typeof (current as { code?: unknown }).code === "string" && current.name === "AppError") {
      return current as AppError;
    }
    current = current instanceof GraphQLError ? current.originalError : (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What a client reads when the service's database (or another dependency) cannot be reached; never the driver's words. */
export const UNAVAILABLE_MESSAGE = "The service cannot reach its database or another dependency right now; try again shortly";

/**
 * The one place errors become GraphQL errors: AppErrors keep their code and message,
 * GraphQL's own validation errors pass through, a dependency that cannot be reached (PostgreSQL down, its
 * connections terminated, the pool timing out) is SERVICE_UNAVAILABLE with a fixed message, and anything else is
 * hidden behind INTERNAL_SERVER_ERROR so no SQL or stack trace reaches a client. Both of the latter are reported
 * to `onInternal` (the service log).
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal?: (error: unknown) => void,
  serviceCodes: ReadonlySet<string> = new Set(),
): GraphQLFormattedError {
  const app = findAppError(error);
  if (app) {
    return {
      message: app.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: app.code, ...(app.details ? { details: app.details } : {}) },
    };
  }
  // Apollo re-codes every validation error GRAPHQL_VALIDATION_FAILED; an operation limit keeps its own code.
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const originalCode = original instanceof GraphQLError ? original.extensions?.code : undefined;
  if (typeof originalCode === "string" && limitCodes.has(originalCode)) {
    return { message: formatted.message, locations: formatted.locations, extensions: { code: originalCode } };
  }
  const code = formatted.extensions?.code;
  // Two refusals Apollo and graphql-js raise with a generic code get their own, as at the gateway.
  if (code === "GRAPHQL_PARSE_FAILED" && isTokenLimitError(formatted.message)) {
    return { message: formatted.message, extensions: { code: ErrorCode.TooManyTokens } };
  }
  if (code === "BAD_REQUEST" && formatted.message.includes("Cross-Site Request Forgery")) {
    return { message: formatted.message, extensions: { code: ErrorCode.CsrfPreflightRequired } };
  }
  // A GraphQLError raised on purpose with a documented code (shared, or the service's own) is as deliberate as an AppError.
  if (typeof code === "string" && (passThroughCodes.has(code) || documentedCodes.has(code) || serviceCodes.has(code))) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  // type-graphql argument validation arrives as a GraphQLError without a code.
  if (error instanceof GraphQLError && !error.originalError && !code) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: "BAD_USER_INPUT" } };
  }
  onInternal?.(error);
  if (isConnectivityError(error)) {
    return {
      message: UNAVAILABLE_MESSAGE,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.ServiceUnavailable },
    };
  }
  return {
    message: "Internal server error",
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.Internal },
  };
}
