import { pino, type Logger } from "pino";

export type { Logger };

/** Structured JSON logs; secrets are redacted wherever they appear in a logged object. */
export function createLogger(service: string, level = "info"): Logger {
  return pino({
    name: service,
    level,
    redact: {
      // Hub tokens and API keys (issue 4) at the top level and one level down; credentials are sealed anyway.
      paths: [
        "token",
        "apiKey",
        "credential",
        "secret",
        "*.token",
        "*.apiKey",
        "*.credential",
        "*.password",
        "*.authorization",
        "req.headers.authorization",
        "*.secret",
        "input.token",
        "variables.input.token",
        "variables.input.apiKey",
        "variables.token",
      ],
      censor: "[redacted]",
    },
  });
}
