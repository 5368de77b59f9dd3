import type { Logger } from "pino";

export type ShutdownStep = { name: string; run: () => Promise<void> };

/**
 * On SIGTERM/SIGINT runs the steps in order (stop intake first, close pools last),
 * each bounded by what is left of the grace period, then exits.
 */
export function installShutdown(logger: Logger, steps: ShutdownStep[], graceMs: number): () => Promise<void> {
  let running: Promise<void> | undefined;
  const shutdown = () =>
    (running ??= (async () => {
      const deadline = Date.now() + graceMs;
      for (const step of steps) {
        const left = Math.max(100, deadline - Date.now());
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            step.run(),
            new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${left} ms`)), left))),
          ]);
        } catch (err) {
          logger.warn({ err, step: step.name }, "shutdown step failed");
        } finally {
          clearTimeout(timer);
        }
      }
      logger.info("shut down");
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, "shutting down");
    void shutdown().then(() => process.exit(0));
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  return shutdown;
}
