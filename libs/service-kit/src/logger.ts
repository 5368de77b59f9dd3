import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs; secrets are redacted wherever they appear in a logged object. */
export function createLogger(service: string, level = "info"): Logger {
  return pino({
    name: service,
    level,
    redact: {
      paths: ["*.token", "*.apiKey", "*.password", "*.authorization", "req.headers.authorization", "*.secret"],
      censor: "[redacted]",
    },
  });
}
