import { commonEnv, httpEnv } from "@prelabel/service-kit";
import { z } from "zod";

const graphqlUrl = z.string().regex(/^https?:\/\/.+/, "an http(s):// URL");

export const configSchema = z.object({
  LOG_LEVEL: commonEnv.LOG_LEVEL,
  SHUTDOWN_GRACE_MS: commonEnv.SHUTDOWN_GRACE_MS,
  HOST: httpEnv.HOST,
  PORT: httpEnv.PORT.default(4000),
  /** Subgraph URLs; unset keeps the one baked into supergraph.graphql (the development default). */
  TASK_URL: graphqlUrl.optional(),
  MODEL_REGISTRY_URL: graphqlUrl.optional(),
  ANNOTATION_JOB_URL: graphqlUrl.optional(),
  /** Largest multipart (upload) request, in bytes; the subgraphs cap each file at 50 MiB. */
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(100 * 1024 * 1024),
});

export type Config = z.infer<typeof configSchema>;

/** Config → the createGateway subgraph URL overrides, keyed by subgraph name. */
export const subgraphUrlOverrides = (config: Config): Record<string, string | undefined> => ({
  task: config.TASK_URL,
  "model-registry": config.MODEL_REGISTRY_URL,
  "annotation-job": config.ANNOTATION_JOB_URL,
});
