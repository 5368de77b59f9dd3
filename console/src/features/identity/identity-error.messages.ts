/**
 * What identity's errors mean for the person signing in or managing keys, by their stable `extensions.code`
 * (docs/errors.md). Identity's NOT_FOUND means something else for each operation, so the meaning is per operation;
 * unknown codes show the server's message as it is.
 */
import type { CombinedError } from "urql";
import { isUnauthenticated } from "../../graphql/index.js";

/** What the sign-in page says when the gateway refuses the key a signed-in page was using. */
export const REFUSED_KEY_MESSAGE = "Your API key was revoked or is not valid any more; sign in again.";

export type IdentityOperation = "sign-in" | "list" | "create" | "revoke";

export interface IdentityErrorView {
  readonly code: string | null;
  /** The meaning, in one sentence. */
  readonly message: string;
}

type Describe = (operation: IdentityOperation, serverMessage: string) => string;

export const IDENTITY_ERROR_MESSAGES: Readonly<Record<string, Describe>> = {
  UNAUTHENTICATED: (op) =>
    op === "sign-in"
      ? "This API key was not accepted: it is unknown, revoked or mistyped. Check it, or ask an ADMIN of your organisation for a new one."
      : REFUSED_KEY_MESSAGE,
  FORBIDDEN: () => "Only an ADMIN may create or revoke API keys, and the key you signed in with is not an ADMIN key.",
  NOT_FOUND: (op) =>
    op === "revoke"
      ? "This key does not exist in your organisation any more: reload the list."
      : "Your organisation is not known to Prelabel any more (it may have been removed): ask your operator.",
  BAD_USER_INPUT: (_op, message) => `The server refused the input: ${message}.`,
  SERVICE_UNAVAILABLE: () => "A service Prelabel depends on (the identity service) is not answering right now: try again shortly.",
};

export function describeIdentityError(error: CombinedError, operation: IdentityOperation): IdentityErrorView {
  // A 401 means the same with or without a readable body.
  if (isUnauthenticated(error)) return { code: "UNAUTHENTICATED", message: IDENTITY_ERROR_MESSAGES.UNAUTHENTICATED(operation, "") };
  const first = error.graphQLErrors[0];
  if (!first) {
    return {
      code: null,
      message: `Could not reach Prelabel${error.networkError ? ` (${error.networkError.message})` : ""}: check the connection and try again.`,
    };
  }
  const code = typeof first.extensions.code === "string" ? first.extensions.code : null;
  const describe = code === null ? undefined : IDENTITY_ERROR_MESSAGES[code];
  return { code, message: describe ? describe(operation, first.message) : first.message };
}
