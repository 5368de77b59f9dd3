import { activeTraceIds } from "@prelabel/observability";
import { pino, type Logger } from "pino";

export type { Logger };

/** Field names whose values never reach a log line, wherever a logged object carries them (top level, one or two levels down). */
const SECRET_FIELDS = [
  "authorization",
  "Authorization",
  "cookie",
  '["set-cookie"]',
  '["x-prelabel-identity"]',
  '["proxy-authorization"]',
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "idToken",
  "apiKey",
  "api_key",
  "apikey",
  "password",
  "passwd",
  "secret",
  "clientSecret",
  "credential",
  "credentials",
  "privateKey",
  "secretKeys",
  "IDENTITY_PRIVATE_KEY",
  "PRELABEL_SECRET_KEYS",
  "DATABASE_URL",
  "NATS_URL",
];

/** Every pino redact path: each secret field at the top level and one and two levels down (`req.headers.authorization`). */
export const REDACT_PATHS: readonly string[] = SECRET_FIELDS.flatMap((f) => {
  const member = f.startsWith("[") ? f : `.${f}`;
  return [f.startsWith("[") ? f : f, `*${member}`, `*.*${member}`];
});

/** The censor redacted values are replaced with (pino's default). */
export const REDACTED = "[Redacted]";

/**
 * Structured JSON logs: every line carries `trace_id`/`span_id` of the active span (when one is), and secrets are
 * redacted wherever they appear in a logged object (REDACT_PATHS). `destination` is for tests.
 */
export function createLogger(service: string, level = "info", destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    mixin: () => activeTraceIds(),
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  };
  return destination ? pino(options, destination) : pino(options);
}
