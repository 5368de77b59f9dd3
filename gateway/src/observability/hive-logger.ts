import { Logger as HiveLogger, type LogLevel as HiveLogLevel, type LogWriter } from "@graphql-hive/gateway-runtime";
import type { Logger } from "@prelabel/service-kit";

const hiveLevels: Record<string, HiveLogLevel | false> = {
  trace: "trace",
  debug: "debug",
  info: "info",
  warn: "warn",
  error: "error",
  fatal: "error",
  silent: false,
};

/** Hive's own logs go through the service's pino logger (same JSON lines, same level). */
export function hiveLogger(logger: Logger): HiveLogger {
  const pino = logger.child({ component: "hive" });
  const writer: LogWriter = {
    write(level, attrs, msg) {
      pino[level](attrs && !Array.isArray(attrs) ? attrs : { attrs }, msg ?? undefined);
    },
  };
  return new HiveLogger({ level: hiveLevels[logger.level] ?? "info", writers: [writer] });
}
