import sharp from "sharp";
import { hubEndpointsFromEnv } from "@prelabel/hubs";
import { Messaging } from "@prelabel/messaging";
import { createMetricsRegistry, initTracing } from "@prelabel/observability";
import { cloudSettings, createLogger, DEFAULT_TENANT_ID, installShutdown, parseConfig, tracingOptions } from "@prelabel/service-kit";
import { workerConfigSchema, type WorkerConfig } from "./config.js";
import {
  BUILT_MODELS_DIR,
  createHubRuntime,
  createModelCatalog,
  createOrtSession,
  InferenceRunnerPool,
  ModelResolver,
  TimeoutBreaker,
  type WorkerHubLimits,
} from "./inference/index.js";
import { MODELS_BUCKET, objectStoreArtifactSource } from "./messaging/model-artifact.source.js";
import { ModelDirectoryClient } from "./messaging/model-directory.client.js";
import { BuiltArtifactVerifier, builtArtifactLocator } from "./storage/built-artifact.verifier.js";
import { ModelArtifactCache } from "./storage/model-artifact.cache.js";
import { createProbeServer } from "./probe.server.js";
import { startWorker } from "./worker.js";
import { INFER_FRAMES_CONSUMER, WorkerMetrics } from "./worker.metrics.js";

async function main() {
  // Frames are untrusted and rarely repeat: do not keep decoded pixels in a process-wide cache.
  sharp.cache(false);
  const config = parseConfig(workerConfigSchema, process.env);
  const logger = createLogger("inference-worker", config.LOG_LEVEL);
  const tracing = initTracing(tracingOptions(config, "inference-worker"));
  const metrics = createMetricsRegistry();
  // Cloud mode: hosted hub models, their credentials opened with the key ring; self-hosted: they fail CLOUD_ONLY.
  const hubs = createHubRuntime({ ...cloudSettings(config), hubEndpoints: hubEndpointsFromEnv(config) }, hubLimits(config), { logger });
  const messaging = await Messaging.connect({ url: config.NATS_URL, namespace: config.NATS_NAMESPACE, name: `inference-worker ${config.WORKER_ID}`, metrics });
  await messaging.verify({
    streams: ["ANNOTATION_WORK", "ANNOTATION_EVT"],
    consumers: [{ stream: "ANNOTATION_WORK", durable: "inference-worker--infer-frames" }],
    kv: ["job-control"],
    objectStores: ["frames", MODELS_BUCKET],
  });
  // Built-in models run only on files whose sha256 the registry lists; uploaded ones come from the object store.
  const builtArtifacts = new BuiltArtifactVerifier(builtArtifactLocator(BUILT_MODELS_DIR));
  const catalog = createModelCatalog({ intraOpNumThreads: config.ORT_THREADS, artifactPath: builtArtifacts.artifactPath });
  const cache = new ModelArtifactCache(config.MODEL_CACHE_DIR, objectStoreArtifactSource(await messaging.objectStore(MODELS_BUCKET)));
  // Catalog and uploaded models run in runner processes, one frame each at a time, as many as frames in flight:
  // a model over its budget, or a cancelled job's running frame, costs one runner (killed and replaced), never this loop.
  const workerMetrics = new WorkerMetrics(metrics);
  const runners = new InferenceRunnerPool({
    size: config.WORKER_CONCURRENCY,
    settings: { intraOpNumThreads: config.ORT_THREADS, maxFramePixels: config.MAX_FRAME_PIXELS, verifyBuiltArtifacts: true },
    prepareTimeoutMs: config.INFERENCE_PREPARE_TIMEOUT_MS,
    onReplaced: (reason, model) => {
      workerMetrics.onRunnerReplaced(reason);
      logger.warn({ reason, model }, "inference runner replaced");
    },
  });
  await runners.start();
  const breaker = new TimeoutBreaker({ threshold: config.INFERENCE_TIMEOUTS_TO_FAIL_FAST, cooldownMs: config.INFERENCE_FAIL_FAST_MS });
  const models = new ModelResolver({
    catalog,
    directory: new ModelDirectoryClient(messaging, config.DESCRIBE_MODEL_TIMEOUT_MS),
    expectArtifacts: (modelId, artifacts) => builtArtifacts.expect(modelId, artifacts),
    fetchArtifact: (artifact) => cache.localPath(artifact),
    uploadContext: { createSession: createOrtSession, sessionOptions: { intraOpNumThreads: config.ORT_THREADS } },
    hubs,
    isolated: { pool: runners, breaker },
  });
  // Load the catalog's models before taking work, so the first frames do not pay for it; a model that cannot
  // load now (registry not answering yet, artifact missing) is tried again when a frame needs it.
  // The catalog is every tenant's: preloading asks as the default tenant.
  await models.preloadCatalog(DEFAULT_TENANT_ID, (id, err) => logger.warn({ err, model: id }, "model not preloaded; it loads on first use"));

  messaging.registerConsumerLag(metrics, [INFER_FRAMES_CONSUMER]);
  const worker = await startWorker({
    messaging,
    models,
    logger,
    metrics,
    workerId: config.WORKER_ID,
    concurrency: config.WORKER_CONCURRENCY,
    maxFramePixels: config.MAX_FRAME_PIXELS,
  });

  let draining = false;
  const server = createProbeServer({ metrics, draining: () => draining, connected: () => !messaging.nc.isClosed() });
  await new Promise<void>((r) => server.listen(config.PORT, config.HOST, r));
  logger.info({ port: config.PORT, mode: config.PRELABEL_MODE }, "inference worker ready");

  installShutdown(
    logger,
    [
      { name: "stop pulling and settle in-flight frames", run: async () => ((draining = true), worker.stop()) },
      { name: "close NATS", run: () => messaging.close() },
      { name: "release models", run: () => models.dispose() },
      { name: "stop inference runners", run: () => runners.close() },
      { name: "close health server", run: () => new Promise<void>((r) => server.close(() => r())) },
      { name: "traces", run: () => tracing.shutdown() },
    ],
    config.SHUTDOWN_GRACE_MS,
  );
}

function hubLimits(config: WorkerConfig): WorkerHubLimits {
  return {
    maxConcurrentPerTenant: config.HUB_MAX_CONCURRENCY_PER_TENANT,
    callsPerSecondPerTenant: config.HUB_CALLS_PER_SECOND_PER_TENANT,
    maxAttempts: config.HUB_MAX_ATTEMPTS,
    attemptTimeoutMs: config.HUB_ATTEMPT_TIMEOUT_MS,
    maxRetryWaitMs: config.HUB_MAX_RETRY_WAIT_MS,
  };
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
