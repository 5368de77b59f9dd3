/**
 * What a server error means for the person in front of the dialog or the progress bar, by its stable
 * `extensions.code` (docs/errors.md). Unknown codes show the server's message as it is.
 */
import type { CombinedError } from "urql";
import { formatDuration } from "./duration.format.js";

export interface ServerErrorView {
  readonly code: string | null;
  /** The meaning, in one sentence. */
  readonly message: string;
  /** Specifics the server listed (e.g. each mapping problem). */
  readonly details: readonly string[];
}

interface GraphQLErrorLike {
  readonly message: string;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

type Describe = (details: Readonly<Record<string, unknown>>, serverMessage: string) => string;

const numberIn = (details: Readonly<Record<string, unknown>>, key: string): number | null =>
  typeof details[key] === "number" ? details[key] : null;

export const SERVER_ERROR_MESSAGES: Readonly<Record<string, Describe>> = {
  INVALID_MAPPING: () => "The server refused the label matching: fix the rows it names and try again.",
  INVALID_THRESHOLD: () => "The threshold must be greater than 0 and at most 1.",
  JOB_ALREADY_RUNNING: () => "This task already has an automatic annotation running: wait for it to finish or cancel it first.",
  TENANT_JOB_LIMIT: (d) => {
    const limit = numberIn(d, "limit");
    return `Your organisation already runs as many jobs as it may${limit === null ? "" : ` (${limit})`}: wait for one to end or cancel one.`;
  },
  TENANT_FRAME_QUOTA: (d) => {
    const retry = numberIn(d, "retryAfterSeconds");
    const when = retry === null ? "later" : `in ${formatDuration(retry)}`;
    return `This run would take your organisation past its hourly frame quota: try again ${when}, or annotate fewer frames.`;
  },
  MODEL_NOT_SUPPORTED: (d, message) => {
    const reason = typeof d.reason === "string" ? d.reason : message;
    return `No job can run this model: ${reason}. Choose a detector.`;
  },
  TASK_EMPTY: () => "The task has no frames yet: add frames before annotating.",
  JOB_NOT_ACTIVE: () => "The job has already finished or is committing its results: it can no longer be cancelled.",
  INVALID_LABEL_SCHEMA: () => "The server refused the labels: fix the fields it marks and try again.",
  INVALID_PATH: (_d, message) =>
    `That is not a directory of images below the server's import root (IMPORT_ROOT), or importing is switched off: ${message}.`,
  BAD_USER_INPUT: (_d, message) => `The server refused the input: ${message}.`,
  PAYLOAD_TOO_LARGE: (_d, message) => `Too large for the server: ${message}.`,
  NOT_FOUND: () => "The task, model or job no longer exists (it may have been deleted). Reload the page.",
  UNAUTHENTICATED: () => "Your session has ended or your API key was revoked: sign in again.",
  FORBIDDEN: () => "Your role does not allow this.",
  SERVICE_UNAVAILABLE: () => "A service Prelabel depends on is not answering right now: try again shortly.",
};

function codeOf(error: GraphQLErrorLike): string | null {
  const code = error.extensions?.code;
  return typeof code === "string" ? code : null;
}

function detailsOf(error: GraphQLErrorLike): Readonly<Record<string, unknown>> {
  const details = error.extensions?.details;
  // Some errors carry their figures beside `code` rather than in `details`: accept both.
  return { ...error.extensions, ...(details !== null && typeof details === "object" ? (details as Record<string, unknown>) : {}) };
}

/** INVALID_MAPPING's `details.problems[].message`, one line each. */
function problemLines(details: Readonly<Record<string, unknown>>): string[] {
  const problems = details.problems;
  if (!Array.isArray(problems)) return [];
  return problems.flatMap((p: unknown) =>
    p !== null && typeof p === "object" && typeof (p as { message?: unknown }).message === "string"
      ? [(p as { message: string }).message]
      : [],
  );
}

export function describeGraphQLError(error: GraphQLErrorLike): ServerErrorView {
  const code = codeOf(error);
  const describe = code === null ? undefined : SERVER_ERROR_MESSAGES[code];
  if (!describe) return { code, message: error.message, details: [] };
  const details = detailsOf(error);
  return { code, message: describe(details, error.message), details: problemLines(details) };
}

/** The first GraphQL error of a urql result, or its network error. */
export function describeServerError(error: CombinedError): ServerErrorView {
  const first = error.graphQLErrors[0];
  if (first) return describeGraphQLError(first);
  return {
    code: null,
    message: `Could not reach the server${error.networkError ? ` (${error.networkError.message})` : ""}: check the connection and try again.`,
    details: [],
  };
}
