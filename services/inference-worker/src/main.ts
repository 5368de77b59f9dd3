import sharp from "sharp";
import { hubEndpointsFromEnv } from "@prelabel/hubs";
import { Messaging } from "@prelabel/messaging";
import { createMetricsRegistry, initTracing } from "@prelabel/observability";
import { ServiceTopology } from "@prelabel/proto";
import { cloudSettings, createLogger, installShutdown, parseConfig, tracingOptions } from "@prelabel/service-kit";
import { createWorkerApp } from "./app.js";
import { workerConfigSchema } from "./config.js";
import { createProbeServer } from "./probe.server.js";

const SERVICE = "inference-worker";

async function main() {
  // Frames are untrusted and rarely repeat: do not keep decoded pixels in a process-wide cache.
  sharp.cache(false);
  const config = parseConfig(workerConfigSchema, process.env);
  const logger = createLogger(SERVICE, config.LOG_LEVEL);
  const tracing = initTracing(tracingOptions(config, SERVICE));
  const metrics = createMetricsRegistry();
  // Refuses a cloud deployment without a usable key ring before connecting to anything.
  const cloud = { ...cloudSettings(config), hubEndpoints: hubEndpointsFromEnv(config) };
  const messaging = await Messaging.connect({
    url: config.NATS_URL,
    namespace: config.NATS_NAMESPACE,
    name: `${SERVICE} ${config.WORKER_ID}`,
    metrics,
  });
  await messaging.verify(ServiceTopology.inferenceWorker);
  const app = await createWorkerApp({ config, cloud, messaging, logger, metrics });
  const worker = await app.start();

  let draining = false;
  const server = createProbeServer({ metrics, draining: () => draining, connected: () => !messaging.nc.isClosed() });
  await new Promise<void>((r) => server.listen(config.PORT, config.HOST, r));
  logger.info({ port: config.PORT, mode: config.PRELABEL_MODE }, "inference worker ready");

  installShutdown(
    logger,
    [
      { name: "stop pulling and settle in-flight frames", run: async () => ((draining = true), worker.stop()) },
      { name: "close NATS", run: () => messaging.close() },
      { name: "release models", run: () => app.models.dispose() },
      { name: "close Nuclio connections", run: async () => app.closeNuclio() },
      { name: "stop inference runners", run: () => app.runners.close() },
      { name: "close health server", run: () => new Promise<void>((r) => server.close(() => r())) },
      { name: "traces", run: () => tracing.shutdown() },
    ],
    config.SHUTDOWN_GRACE_MS,
  );
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
