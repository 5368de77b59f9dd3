import { IdentityError, parseIdentityPrivateKey } from "@prelabel/identity";
import { commonEnv, DeploymentMode, httpEnv, identityEnv } from "@prelabel/service-kit";
import { z } from "zod";
import { MAX_AUTH_CACHE_TTL_MS } from "./auth/api-key.authenticator.js";

const graphqlUrl = z.string().regex(/^https?:\/\/.+/, "an http(s):// URL");

export const configSchema = z
  .object({
    LOG_LEVEL: commonEnv.LOG_LEVEL,
    SHUTDOWN_GRACE_MS: commonEnv.SHUTDOWN_GRACE_MS,
    HOST: httpEnv.HOST,
    PORT: httpEnv.PORT.default(4000),
    /** Subgraph URLs; unset keeps the one baked into supergraph.graphql (the development default). */
    TASK_URL: graphqlUrl.optional(),
    MODEL_REGISTRY_URL: graphqlUrl.optional(),
    ANNOTATION_JOB_URL: graphqlUrl.optional(),
    IDENTITY_URL: graphqlUrl.optional(),
    /** Largest multipart (upload) request, in bytes; the subgraphs cap each file at 50 MiB. */
    MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(100 * 1024 * 1024),
    /** cloud: every request needs `Authorization: Bearer <API key>`, checked with the identity service over NATS. */
    PRELABEL_MODE: identityEnv.PRELABEL_MODE,
    /** Ed25519 private key (PEM or base64 DER) signing `x-prelabel-identity`; required in cloud mode. Never echoed. */
    IDENTITY_PRIVATE_KEY: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim() : undefined))
      .superRefine((value, ctx) => {
        if (value === undefined) return;
        try {
          parseIdentityPrivateKey(value);
        } catch (err) {
          ctx.addIssue({ code: "custom", message: err instanceof IdentityError ? err.message : "not an Ed25519 private key" });
        }
      }),
    /** How long an accepted API key is trusted without asking again: a revoked key stops working within this. */
    AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(MAX_AUTH_CACHE_TTL_MS).default(MAX_AUTH_CACHE_TTL_MS),
    /** Where the identity service answers (cloud mode only). */
    NATS_URL: commonEnv.NATS_URL,
    NATS_NAMESPACE: commonEnv.NATS_NAMESPACE,
  })
  .superRefine(
    (v, ctx) => {
      if (v.PRELABEL_MODE === DeploymentMode.Cloud && !v.IDENTITY_PRIVATE_KEY) {
        ctx.addIssue({ code: "custom", path: ["IDENTITY_PRIVATE_KEY"], message: "required when PRELABEL_MODE=cloud" });
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
