import { DEFAULT_TENANT_ID, IDENTITY_HEADER, IdentityError, SELF_HOSTED_IDENTITY, type Identity } from "@prelabel/identity";
import { GraphQLError } from "graphql";
import { DeploymentMode, type SubgraphAuth } from "./config.js";
import { ErrorCode } from "./errors.js";

/** Who called, or why nobody did (cloud mode only: self-hosted callers always resolve). */
export type CallerResolution = { readonly identity: Identity } | { readonly refused: string };

/**
 * Turns the gateway's `x-prelabel-identity` into the caller's identity. Cloud: the assertion must verify with the
 * gateway's public key, else the caller is refused. Self-hosted: a valid assertion wins; without one (or without a
 * key to check it) the caller is the default tenant's admin, so `npm start` needs no keys.
 */
export function resolveCaller(auth: SubgraphAuth, assertion: string | undefined): CallerResolution {
  const token = assertion?.trim() || undefined;
  if (token && auth.verifier) {
    try {
      const { tenantId, subject, roles } = auth.verifier.verify(token);
      return { identity: { tenantId, subject, roles } };
    } catch (err) {
      if (auth.mode === DeploymentMode.Cloud) return { refused: err instanceof IdentityError ? err.code : "ASSERTION_INVALID" };
      return { identity: SELF_HOSTED_IDENTITY };
    }
  }
  if (auth.mode === DeploymentMode.Cloud) return { refused: "ASSERTION_MISSING" };
  return { identity: SELF_HOSTED_IDENTITY };
}

/** The one client-facing message; the reason (missing, expired, bad signature) stays in the log. */
export const unauthenticatedError = (): GraphQLError =>
  new GraphQLError("Authentication required: call through the gateway with a valid API key", {
    extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 } },
  });

/** First value of a header or connection param, whatever its case and shape. */
export function identityAssertionFrom(...sources: (Record<string, unknown> | undefined | null)[]): string | undefined {
  for (const source of sources) {
    if (!source) continue;
    for (const [name, value] of Object.entries(source)) {
      if (name.toLowerCase() !== IDENTITY_HEADER) continue;
      const first: unknown = Array.isArray(value) ? value[0] : value;
      if (typeof first === "string" && first) return first;
    }
  }
  return undefined;
}

/**
 * The tenant every read and write of a resolver is scoped to: the caller's, from the verified identity the
 * subgraph server puts in the context (self-hosted: the default tenant). A context without one is a wiring bug,
 * never "everyone's": it fails instead of reading unscoped.
 */
export function callerTenant(context: unknown): string {
  const tenantId = (context as { identity?: { tenantId?: string } } | null | undefined)?.identity?.tenantId;
  if (!tenantId) throw new Error("no caller identity in the GraphQL context");
  return tenantId;
}

/**
 * The tenant a NATS message speaks for: its `tenant_id`, or the self-hosted default tenant when empty (proto3's
 * default, and what a publisher from before tenants sent). Handlers load entities of this tenant only.
 */
export function messageTenant(tenantId: string | undefined): string {
  return tenantId?.trim() || DEFAULT_TENANT_ID;
}
