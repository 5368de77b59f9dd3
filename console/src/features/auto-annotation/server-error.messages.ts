/**
 * What a server error means for the person in front of the dialog or the progress bar, by its stable
 * `extensions.code` (docs/errors.md). Unknown codes show the server's message as it is.
 */
import type { CombinedError } from "urql";
import { formatDuration } from "./duration.format.js";
import { TILE_OVERLAP_MAX, TILE_SIZE_MAX, TILE_SIZE_MIN } from "./run-options.state.js";

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
  INVALID_THRESHOLD: (d) =>
    Array.isArray(d.problems) && d.problems.length > 0
      ? "The server refused a threshold: fix the ones it names and try again."
      : "The threshold must be greater than 0 and at most 1.",
  INVALID_TILING: () =>
    `The server refused the tiling settings: the tile size must be ${TILE_SIZE_MIN} to ${TILE_SIZE_MAX} pixels and the overlap 0 to ${TILE_OVERLAP_MAX}.`,
  TILING_NOT_APPLICABLE: (d, message) => {
    const reason = typeof d.reason === "string" ? d.reason : message;
    return `Tiling cannot be used with this model: ${reason}. Run it without tiling.`;
  },
  INVALID_FRAME_RANGE: (d, message) => {
    const frames = Array.isArray(d.frames) ? d.frames.filter((f): f is number => typeof f === "number") : [];
    return frames.length > 0
      ? `The task has no frame ${frames.join(", ")}: choose frames from 0 to the task's last.`
      : `The server refused the frames: ${message}.`;
  },
  PREVIEW_LIMIT: (d) => {
    const limit = numberIn(d, "limit");
    return `Your organisation already runs as many previews as it may at once${limit === null ? "" : ` (${limit})`}: wait for one to finish.`;
  },
  WORKER_BUSY: () => "Every inference worker is busy: try the preview again shortly.",
  NO_GROUND_TRUTH: () =>
    "None of these frames has manual annotations to compare the model with: draw, save or import some first, or choose other frames.",
  INVALID_BATCH: (d) => {
    const max = numberIn(d, "max");
    if (d.code === "EMPTY") return "Select at least one task to annotate.";
    if (d.code === "TOO_MANY") return `A batch takes at most ${max ?? 100} tasks: select fewer.`;
    if (d.code === "DUPLICATE") return "A task was selected twice: select each task once.";
    return "The server refused the selection of tasks.";
  },
  NOT_FLAGGED_FOR_REVIEW: () =>
    "Some of these results are no longer waiting for review (resolved or edited since): the queue was reloaded.",
  ANNOTATIONS_BUSY: () => "A run is committing results to this task right now: nothing was changed; try again in a moment.",
  TOO_MANY_ANNOTATIONS: (d) => {
    const max = numberIn(d, "max");
    return `Too many at once${max === null ? "" : ` (at most ${max})`}: do it in parts.`;
  },
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
  NOT_FOUND: (d) =>
    typeof d.taskId === "string"
      ? `Task ${d.taskId} does not exist (it may have been deleted or belong to another organisation): nothing was done.`
      : "The task, model, job or evaluation no longer exists (it may have been deleted). Reload the page.",
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
