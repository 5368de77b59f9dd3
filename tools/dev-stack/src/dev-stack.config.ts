import { commonEnv } from "@prelabel/service-kit";
import { z } from "zod";

/** An empty variable counts as unset. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

/**
 * What `npm start` itself reads (only main.ts parses it). The services' own variables are not here: they are passed
 * on through the allow-list (service-env.allow-list.ts), derived from each service's config schema.
 */
export const devStackConfigSchema = z.object({
  /** The gateway's port; the subgraphs keep 4001-4003 and 4005. 0: a free port for every process (tests, a second stack). */
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Inference worker processes. */
  WORKERS: z.coerce.number().int().min(1).max(16).default(1),
  /** Unset: the local PostgreSQL on 127.0.0.1:5432 (database prelabel), else an embedded PGlite. */
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "a postgres:// URL")
      .optional(),
  ),
  /** Unset: the local NATS on 127.0.0.1:4222, else a `nats-server -js` from PATH. */
  NATS_URL: optionalText.pipe(z.url().optional()),
  /** Prefix of every subject, stream and bucket (docs/operations.md, "NATS names"); the stack applies the topology under it. */
  NATS_NAMESPACE: optionalText.pipe(commonEnv.NATS_NAMESPACE),
});

export type DevStackConfig = z.infer<typeof devStackConfigSchema>;

/** The subgraphs' fixed ports: their config schemas' PORT defaults, which docs and manifests use too. */
export const SUBGRAPH_PORTS = { task: 4001, "model-registry": 4002, "annotation-job": 4003, identity: 4005 } as const;
