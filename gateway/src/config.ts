import { IdentityError, parseIdentityPrivateKey } from "@prelabel/identity";
import {
  checkedOptionalText,
  commonEnv,
  DEFAULT_OPERATION_LIMITS,
  DeploymentMode,
  GATEWAY_LIMIT_CEILINGS,
  httpEnv,
  identityEnv,
  observabilityEnv,
  optionalText,
  type OperationLimits,
} from "@prelabel/service-kit";
import { z } from "zod";
import { MAX_AUTH_CACHE_TTL_MS } from "./auth/api-key.authenticator.js";
import { DEFAULT_MAX_UPLOAD_BYTES } from "./body-limits.js";
import {
  DEFAULT_JWT_CLOCK_TOLERANCE_S,
  DEFAULT_JWT_ROLES_CLAIM,
  DEFAULT_JWT_TENANT_CLAIM,
  type JwksJwtAuthenticatorOptions,
} from "./auth/jwt.authenticator.js";

const graphqlUrl = z.string().regex(/^https?:\/\/.+/, "an http(s):// URL");

/** A limit variable: a positive integer up to its ceiling (the subgraphs' backstop stays above it). */
const limit = (key: keyof OperationLimits) =>
  z.coerce.number().int().min(1).max(GATEWAY_LIMIT_CEILINGS[key]).default(DEFAULT_OPERATION_LIMITS[key]);

/** The identity provider settings; the claim and tolerance defaults are applied by jwtSettings (unset = not given). */
const JWT_VARIABLES = [
  "JWT_JWKS_URL",
  "JWT_ISSUER",
  "JWT_AUDIENCE",
  "JWT_TENANT_CLAIM",
  "JWT_ROLES_CLAIM",
  "JWT_CLOCK_TOLERANCE_S",
] as const;
const JWT_REQUIRED = ["JWT_JWKS_URL", "JWT_ISSUER", "JWT_AUDIENCE"] as const;

export const configSchema = z
  .object({
    LOG_LEVEL: commonEnv.LOG_LEVEL,
    /** Tracing (docs/operations.md, "Metrics and alerts"): OTLP endpoint, service name (default gateway), sampling ratio. */
    ...observabilityEnv,
    SHUTDOWN_GRACE_MS: commonEnv.SHUTDOWN_GRACE_MS,
    HOST: httpEnv.HOST,
    PORT: httpEnv.PORT.default(4000),
    /** Subgraph URLs; unset keeps the one baked into supergraph.graphql (the development default). */
    TASK_URL: graphqlUrl.optional(),
    MODEL_REGISTRY_URL: graphqlUrl.optional(),
    ANNOTATION_JOB_URL: graphqlUrl.optional(),
    IDENTITY_URL: graphqlUrl.optional(),
    /**
     * Largest multipart (upload) request, in bytes. Default 257 MiB: one model at the registry's default
     * MODEL_UPLOAD_MAX_BYTES (256 MiB) plus its operation. Frames are further capped by the task service.
     */
    MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_UPLOAD_BYTES),
    /**
     * Operation limits (docs/operations.md, "Operation limits"), on HTTP, SSE and graphql-ws alike: nesting depth
     * (QUERY_TOO_DEEP), aliases (TOO_MANY_ALIASES), lexer tokens (TOO_MANY_TOKENS), directives (TOO_MANY_DIRECTIVES),
     * and the estimated cost (QUERY_TOO_COMPLEX), where a list field counts its `first`/`limit` or QUERY_DEFAULT_LIST_SIZE.
     */
    MAX_QUERY_DEPTH: limit("maxDepth"),
    MAX_QUERY_ALIASES: limit("maxAliases"),
    MAX_QUERY_TOKENS: limit("maxTokens"),
    MAX_QUERY_DIRECTIVES: limit("maxDirectives"),
    MAX_QUERY_COST: limit("maxCost"),
    QUERY_DEFAULT_LIST_SIZE: limit("defaultListSize"),
    /** cloud: every request needs `Authorization: Bearer <API key>`, checked with the identity service over NATS. */
    PRELABEL_MODE: identityEnv.PRELABEL_MODE,
    /** Ed25519 private key (PEM or base64 DER) signing `x-prelabel-identity`; required in cloud mode. Never echoed. */
    IDENTITY_PRIVATE_KEY: checkedOptionalText(parseIdentityPrivateKey, (err) =>
      err instanceof IdentityError ? err.message : "not an Ed25519 private key",
    ),
    /** How long an accepted API key is trusted without asking again: a revoked key stops working within this. */
    AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(MAX_AUTH_CACHE_TTL_MS).default(MAX_AUTH_CACHE_TTL_MS),
    /** Cloud mode, optional: bearer JWTs from an identity provider, verified against its JWKS (all three or none). */
    JWT_JWKS_URL: optionalText.pipe(graphqlUrl.optional()),
    JWT_ISSUER: optionalText,
    JWT_AUDIENCE: optionalText,
    /** Claim holding the tenant id (default `tenant_id`) and the roles (default `roles`). */
    JWT_TENANT_CLAIM: optionalText,
    JWT_ROLES_CLAIM: optionalText,
    /** Allowed clock skew for a JWT's exp and nbf, seconds (default 30). */
    JWT_CLOCK_TOLERANCE_S: z.preprocess(
      (v) => (typeof v === "string" && !v.trim() ? undefined : v),
      z.coerce.number().int().min(0).max(300).optional(),
    ),
    /** The built web console served at `/`; default the repository's console/dist. Without index.html there, / is off. */
    CONSOLE_DIR: optionalText,
    /** Where the identity service answers (cloud mode only). */
    NATS_URL: commonEnv.NATS_URL,
    NATS_NAMESPACE: commonEnv.NATS_NAMESPACE,
  })
  .superRefine(
    (v, ctx) => {
      if (v.PRELABEL_MODE === DeploymentMode.Cloud && !v.IDENTITY_PRIVATE_KEY) {
        ctx.addIssue({ code: "custom", path: ["IDENTITY_PRIVATE_KEY"], message: "required when PRELABEL_MODE=cloud" });
      }
      const jwtSet = JWT_VARIABLES.filter((name) => v[name] !== undefined);
      if (jwtSet.length && v.PRELABEL_MODE !== DeploymentMode.Cloud) {
        ctx.addIssue({
          code: "custom",
          path: [jwtSet[0]],
          message: `JWT authentication needs PRELABEL_MODE=cloud (set here: ${jwtSet.join(", ")})`,
        });
      } else if (jwtSet.length) {
        const missing = JWT_REQUIRED.filter((name) => v[name] === undefined);
        if (missing.length) {
          const message = `JWT authentication needs ${JWT_REQUIRED.join(", ")}; missing: ${missing.join(", ")}`;
          ctx.addIssue({ code: "custom", path: [missing[0]], message });
        }
      }
    },
    // Listed with every other bad variable, in one error.
    { when: () => true },
  );

export type Config = z.infer<typeof configSchema>;

/** Config → the createGateway subgraph URL overrides, keyed by subgraph name. */
export const subgraphUrlOverrides = (config: Config): Record<string, string | undefined> => ({
  task: config.TASK_URL,
  "model-registry": config.MODEL_REGISTRY_URL,
  "annotation-job": config.ANNOTATION_JOB_URL,
  identity: config.IDENTITY_URL,
});

/** Config → the gateway's operation limits. */
export const operationLimits = (config: Config): OperationLimits => ({
  maxDepth: config.MAX_QUERY_DEPTH,
  maxAliases: config.MAX_QUERY_ALIASES,
  maxTokens: config.MAX_QUERY_TOKENS,
  maxDirectives: config.MAX_QUERY_DIRECTIVES,
  maxCost: config.MAX_QUERY_COST,
  defaultListSize: config.QUERY_DEFAULT_LIST_SIZE,
});

/** Config → the JWT authenticator's settings (with defaults), or undefined when no identity provider is configured. */
export function jwtSettings(config: Config): JwksJwtAuthenticatorOptions | undefined {
  if (!config.JWT_JWKS_URL || !config.JWT_ISSUER || !config.JWT_AUDIENCE) return undefined;
  return {
    jwksUrl: config.JWT_JWKS_URL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    tenantClaim: config.JWT_TENANT_CLAIM ?? DEFAULT_JWT_TENANT_CLAIM,
    rolesClaim: config.JWT_ROLES_CLAIM ?? DEFAULT_JWT_ROLES_CLAIM,
    clockToleranceS: config.JWT_CLOCK_TOLERANCE_S ?? DEFAULT_JWT_CLOCK_TOLERANCE_S,
  };
}
