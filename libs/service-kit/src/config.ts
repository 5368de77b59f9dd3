import { IdentityAssertionVerifier, IdentityError, parseIdentityPublicKeys } from "@prelabel/identity";
import type { TracingOptions } from "@prelabel/observability";
import { SecretBox, SecretBoxError } from "@prelabel/secret-box";
import { z } from "zod";

/** Every bad variable, reported together, so an operator fixes them in one pass. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Parses the environment once against a zod schema; only a service's main.ts calls this. */
export function parseConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`));
}

/**
 * Tracing (libs/observability): without OTEL_EXPORTER_OTLP_ENDPOINT spans still carry trace ids into the logs and
 * onto outgoing requests and messages, but nothing is exported. OTEL_SERVICE_NAME defaults to the deployable's name
 * (tracingOptions). Part of commonEnv; the gateway lists them itself.
 */
export const observabilityEnv = {
  /** OTLP/HTTP collector base URL (e.g. http://otel-collector.monitoring:4318); spans go to `<url>/v1/traces`. Empty = unset. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.union([z.literal(""), z.url({ protocol: /^https?$/, error: "an http(s):// URL" })]).optional(),
  /** Default: the deployable's name (task, gateway, inference-worker, ...). */
  OTEL_SERVICE_NAME: z.string().optional(),
  /** Fraction of new traces sampled (0..1, default 1); a caller's decision (traceparent's sampled flag) is followed. */
  OTEL_TRACES_SAMPLER_RATIO: z.coerce.number().min(0).max(1).optional(),
};

/** Parsed observabilityEnv → initTracing's options, with the deployable's own name as the default service name. */
export function tracingOptions(
  config: {
    readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
    readonly OTEL_SERVICE_NAME?: string | undefined;
    readonly OTEL_TRACES_SAMPLER_RATIO?: number | undefined;
  },
  defaultServiceName: string,
): TracingOptions {
  return {
    serviceName: config.OTEL_SERVICE_NAME?.trim() || defaultServiceName,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined,
    samplerRatio: config.OTEL_TRACES_SAMPLER_RATIO ?? 1,
  };
}

/** Shared env fragments: each service composes the ones it needs. */
export const commonEnv = {
  ...observabilityEnv,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NATS_URL: z.string().url().default("nats://127.0.0.1:4222"),
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes")
    .optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(20_000),
};

export const httpEnv = {
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535),
};

export const databaseEnv = {
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "a postgres:// URL")
    .default("postgres://postgres@127.0.0.1:5432/prelabel"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  /** Run pending migrations at start-up; false where a separate `migrate` step owns them (Kubernetes: an init container). */
  DB_MIGRATE_ON_START: z.stringbool().default(true),
};

/** An optional text variable: blank counts as unset (compose files and `.env` lines often leave them blank), else trimmed. */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

/**
 * An optional key or secret that `parse` must accept when set. The problem reported is `explain(err)`, never the
 * value itself.
 */
export const checkedOptionalText = (parse: (value: string) => unknown, explain: (err: unknown) => string) =>
  optionalText.superRefine((value, ctx) => {
    if (value === undefined) return;
    try {
      parse(value);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: explain(err) });
    }
  });

/** The two ways Prelabel runs: hub models (Hugging Face, Roboflow) exist only in the cloud. */
export const DeploymentMode = { SelfHosted: "self-hosted", Cloud: "cloud" } as const;
export type DeploymentMode = (typeof DeploymentMode)[keyof typeof DeploymentMode];

const deploymentMode = z.enum([DeploymentMode.SelfHosted, DeploymentMode.Cloud]).default(DeploymentMode.SelfHosted);

/**
 * Cloud mode and its key ring. Spread it into a service's schema and wrap the object in `withCloudEnvRules` so a
 * missing key ring is reported with every other bad variable. Where the hubs are is libs/hubs' `hubEndpointsEnv`,
 * spread beside it by the services that call them.
 */
export const cloudEnv = {
  PRELABEL_MODE: deploymentMode,
  /** `id:base64key[,id:base64key…]`, first = active (SecretBox.fromConfig). Its value is never echoed. */
  PRELABEL_SECRET_KEYS: checkedOptionalText(
    (value) => SecretBox.fromConfig(value),
    // SecretBox messages name key ids and sizes, never key material.
    (err) => (err instanceof SecretBoxError ? err.message : "not a key ring (id:base64key[,…])"),
  ),
};

/**
 * What a GraphQL subgraph needs to know who calls it: the mode and the gateway's Ed25519 public key (PEM or base64
 * DER, see libs/identity) that verifies `x-prelabel-identity`. Required in cloud mode (`withCloudEnvRules`);
 * self-hosted subgraphs use it when set and otherwise treat every caller as the default tenant's admin.
 */
export const identityEnv = {
  PRELABEL_MODE: deploymentMode,
  IDENTITY_PUBLIC_KEY: checkedOptionalText(parseIdentityPublicKeys, (err) =>
    err instanceof IdentityError ? err.message : "not an Ed25519 public key",
  ),
};

/**
 * The cross-variable rules of `cloudEnv` and `identityEnv`, for the variables the schema declares: cloud mode needs
 * a key ring (PRELABEL_SECRET_KEYS) and the gateway's public key (IDENTITY_PUBLIC_KEY). They run even when other
 * variables are bad, so the one startup error lists everything.
 */
export function withCloudEnvRules<S extends z.ZodType<{ PRELABEL_MODE?: unknown }>>(schema: S): S {
  const declared = schema instanceof z.ZodObject ? new Set(Object.keys(schema.shape)) : new Set(["PRELABEL_SECRET_KEYS"]);
  const required = ["PRELABEL_SECRET_KEYS", "IDENTITY_PUBLIC_KEY"].filter((name) => declared.has(name));
  return schema.superRefine(
    (value, ctx) => {
      const v = value as Record<string, unknown>;
      if (v.PRELABEL_MODE !== DeploymentMode.Cloud) return;
      for (const name of required) {
        if (typeof v[name] !== "string" || !v[name].trim()) {
          ctx.addIssue({ code: "custom", path: [name], message: "required when PRELABEL_MODE=cloud" });
        }
      }
    },
    { when: () => true },
  );
}

/** How a subgraph server decides who calls (startSubgraphServer's `auth`). */
export interface SubgraphAuth {
  readonly mode: DeploymentMode;
  /** Verifies `x-prelabel-identity`; always present in cloud mode. */
  readonly verifier?: IdentityAssertionVerifier;
}

/** Parsed `identityEnv` → the server's `auth`; fails like parseConfig when cloud mode has no public key. */
export function subgraphAuth(config: {
  readonly PRELABEL_MODE: DeploymentMode;
  readonly IDENTITY_PUBLIC_KEY?: string | undefined;
}): SubgraphAuth {
  if (config.PRELABEL_MODE === DeploymentMode.Cloud && !config.IDENTITY_PUBLIC_KEY) {
    throw new ConfigError(["IDENTITY_PUBLIC_KEY: required when PRELABEL_MODE=cloud"]);
  }
  try {
    return {
      mode: config.PRELABEL_MODE,
      ...(config.IDENTITY_PUBLIC_KEY
        ? { verifier: new IdentityAssertionVerifier(parseIdentityPublicKeys(config.IDENTITY_PUBLIC_KEY)) }
        : {}),
    };
  } catch (err) {
    throw new ConfigError([`IDENTITY_PUBLIC_KEY: ${err instanceof IdentityError ? err.message : "not an Ed25519 public key"}`]);
  }
}

export interface CloudConfigInput {
  readonly PRELABEL_MODE: DeploymentMode;
  readonly PRELABEL_SECRET_KEYS?: string | undefined;
}

export interface CloudSettings {
  readonly mode: DeploymentMode;
  /** Present whenever a key ring is configured; always in cloud mode. */
  readonly secretBox?: SecretBox;
}

/** Turns parsed `cloudEnv` variables into what services use; fails like parseConfig if cloud mode has no key ring. */
export function cloudSettings(config: CloudConfigInput): CloudSettings {
  if (config.PRELABEL_MODE === DeploymentMode.Cloud && !config.PRELABEL_SECRET_KEYS) {
    throw new ConfigError(["PRELABEL_SECRET_KEYS: required when PRELABEL_MODE=cloud"]);
  }
  let secretBox: SecretBox | undefined;
  try {
    secretBox = config.PRELABEL_SECRET_KEYS ? SecretBox.fromConfig(config.PRELABEL_SECRET_KEYS) : undefined;
  } catch (err) {
    throw new ConfigError([`PRELABEL_SECRET_KEYS: ${err instanceof SecretBoxError ? err.message : "not a key ring"}`]);
  }
  return { mode: config.PRELABEL_MODE, ...(secretBox ? { secretBox } : {}) };
}
