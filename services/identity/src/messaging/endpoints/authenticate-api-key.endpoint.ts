import type { Subscription } from "@nats-io/transport-node";
import { Role as IdentityRole } from "@prelabel/identity";
import type { Messaging } from "@prelabel/messaging";
import { AuthenticatedIdentitySchema, AuthenticationFailureReason, create, Endpoints, Role } from "@prelabel/proto";
import type { Logger } from "@prelabel/service-kit";
import type { AuthenticationOutcome, IdentityService } from "../../application/identity.service.js";

const failures = {
  MALFORMED: AuthenticationFailureReason.MALFORMED,
  UNKNOWN_KEY: AuthenticationFailureReason.UNKNOWN_KEY,
  REVOKED: AuthenticationFailureReason.REVOKED,
} as const;

export const toProtoRole = (role: string): Role => (role === IdentityRole.Admin ? Role.ADMIN : Role.MEMBER);

/** Maps the domain outcome to the reply (a refusal is an answer, not an error). */
export function toAuthenticateReply(outcome: AuthenticationOutcome) {
  const reply = Endpoints.authenticateApiKey.reply;
  if ("failure" in outcome) return create(reply, { outcome: { case: "failure", value: failures[outcome.failure] } });
  const { tenantId, subject, roles } = outcome.identity;
  const identity = create(AuthenticatedIdentitySchema, { tenantId, subject, roles: roles.map(toProtoRole) });
  return create(reply, { outcome: { case: "identity", value: identity } });
}

/** Answers `identity.v1.authenticate-api-key` (queue group `q`). Keys are never logged. */
export function serveAuthenticateApiKey(messaging: Messaging, identity: IdentityService, logger: Logger): Subscription {
  return messaging.serve(
    Endpoints.authenticateApiKey,
    async (request) => {
      try {
        return toAuthenticateReply(await identity.authenticate(request.apiKey));
      } catch (err) {
        // Log here and answer INTERNAL: no SQL text crosses the wire.
        logger.error({ err }, "authenticate-api-key failed");
        throw new Error("internal error", { cause: err });
      }
    },
    (err) => logger.error({ err }, "authenticate-api-key failed"),
  );
}
