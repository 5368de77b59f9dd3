/**
 * What the registry's error codes mean on the Models page (docs/errors.md), by `extensions.code`. Unknown codes keep
 * the server's message as it is.
 */

export interface ModelErrorView {
  readonly code: string | null;
  /** The meaning, in one sentence. */
  readonly message: string;
  /** Every problem the server listed (`extensions.details.problems`), one line each. */
  readonly problems: readonly string[];
}

export interface GraphQLErrorLike {
  readonly message: string;
  readonly extensions?: Readonly<Record<string, unknown>> | null;
}

export const MODEL_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  INVALID_MODEL:
    "The file is not an ONNX model that loads, does not fit the layout you declared, or failed its trial run: fix what is listed and upload again.",
  BAD_USER_INPUT: "The server refused the values: fix what is listed and try again.",
  PAYLOAD_TOO_LARGE: "The file is larger than this server accepts for a model.",
  MODEL_NOT_DELETABLE: "This model cannot be deleted: catalog models and functions discovered on the Nuclio dashboard stay.",
  CLOUD_ONLY: "Hugging Face and Roboflow models are available in cloud mode only.",
  HUB_MODEL_NOT_FOUND: "The hub does not know this model, or it is private and the token cannot see it: check the address and the token.",
  HUB_UNAUTHORIZED: "The hub rejected the token or API key: check that it is correct and has not expired.",
  HUB_FORBIDDEN:
    "The token has no access to this model (a gated repo without granted access, a disabled repo or another workspace's project).",
  HUB_PAYMENT_REQUIRED: "The hub account's credits are used up or its usage is paused.",
  HUB_UNSUPPORTED_TASK: "Prelabel does not run this kind of hub model, or the task chosen contradicts the repo's own.",
  HUB_NOT_DEPLOYABLE:
    "The hub cannot serve this model for annotation (no labels to map, not served for inference, or an untrained Roboflow version).",
  HUB_RATE_LIMITED: "The hub is limiting requests: wait a moment and try again.",
  HUB_UNAVAILABLE: "The hub is down, timed out or answered something unreadable: try again later.",
  HUB_URL_REFUSED: "That endpoint address is not allowed (its host is not allowed or resolves to a private address).",
  NOT_FOUND: "The model no longer exists (it may have been deleted): reload the page.",
  UNAUTHENTICATED: "Your session has ended or your API key was revoked: sign in again.",
  FORBIDDEN: "Your role does not allow this.",
  SERVICE_UNAVAILABLE: "A service Prelabel depends on is not answering right now: try again shortly.",
};

function problemsOf(extensions: Readonly<Record<string, unknown>> | null | undefined): string[] {
  const details = extensions?.details;
  const problems = details !== null && typeof details === "object" ? (details as { problems?: unknown }).problems : undefined;
  return Array.isArray(problems) ? problems.filter((p): p is string => typeof p === "string") : [];
}

export function describeModelError(error: GraphQLErrorLike): ModelErrorView {
  const code = typeof error.extensions?.code === "string" ? error.extensions.code : null;
  const meaning = code === null ? undefined : MODEL_ERROR_MESSAGES[code];
  const problems = problemsOf(error.extensions);
  // A code we do not describe keeps the server's words, which say more than a generic line would.
  return { code, message: meaning ?? error.message, problems };
}

/** urql's CombinedError (or anything with graphQLErrors): its first GraphQL error, else a network failure. */
export function describeModelRequestError(error: {
  readonly graphQLErrors: readonly GraphQLErrorLike[];
  readonly networkError?: Error;
}): ModelErrorView {
  const first = error.graphQLErrors[0];
  if (first) return describeModelError(first);
  return {
    code: null,
    message: `Could not reach the server${error.networkError ? ` (${error.networkError.message})` : ""}: check the connection and try again.`,
    problems: [],
  };
}
