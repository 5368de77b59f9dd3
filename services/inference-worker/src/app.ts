import type { ConsumerHandle, Messaging } from "@prelabel/messaging";
import type { Registry } from "@prelabel/observability";
import { Buckets, ServiceTopology } from "@prelabel/proto";
import { DEFAULT_TENANT_ID, type Logger } from "@prelabel/service-kit";
import { ModelDirectoryClient } from "./clients/model-directory.client.js";
import type { WorkerConfig } from "./config.js";
import {
  BUILT_MODELS_DIR,
  createHubRuntime,
  createModelCatalog,
  createNuclioRuntime,
  createOrtSession,
  decodeFrame,
  hostCpus,
  InferenceRunnerPool,
  ModelResolver,
  ortThreadSettings,
  TimeoutBreaker,
  type HubRuntimeSettings,
  type NuclioRuntimeSettings,
  type WorkerHubLimits,
} from "./inference/index.js";
import { inferFramesHandler, startInferFramesConsumer, type FrameOutcomeReport } from "./messaging/consumers/infer-frames.consumer.js";
import { JobCancellationConsumer } from "./messaging/consumers/job-cancellation.consumer.js";
import { serveInferFrame } from "./messaging/endpoints/infer-frame.endpoint.js";
import { FrameOutcomePublisher } from "./messaging/publishers/frame-outcome.publisher.js";
import { BuiltArtifactVerifier, builtArtifactLocator } from "./persistence/built-artifact.verifier.js";
import { FrameStore } from "./persistence/frame.store.js";
import { ModelArtifactCache } from "./persistence/model-artifact.cache.js";
import { ModelArtifactStore } from "./persistence/model-artifact.store.js";
import { WorkerMetrics } from "./worker.metrics.js";

export interface WorkerDeps {
  messaging: Messaging;
  /** Model id → runnable model, through the registry's descriptor. */
  models: Pick<ModelResolver, "resolve"> & Partial<Pick<ModelResolver, "fastFailure">>;
  logger: Logger;
  metrics: Registry;
  workerId: string;
  concurrency: number;
  /** Request/reply frames (inference.v1.infer-frame) taken at once; default twice `concurrency`. */
  inferFrameConcurrency?: number;
  maxFramePixels: number;
}

/** Wires the frame consumer to NATS, the frames bucket, the cancel marks and the models (the app and the int-specs alike). */
export async function startWorker(deps: WorkerDeps): Promise<{ stop(): Promise<void> }> {
  const { messaging, models, logger } = deps;
  const frames = new FrameStore(await messaging.objectStore(Buckets.frames), messaging.directObjectAccess(Buckets.frames));
  const cancellations = new JobCancellationConsumer();
  await cancellations.start(await messaging.keyValue(Buckets.jobControl), (err) =>
    logger.error({ err }, "watching job-control stopped; cancel marks set from now on are not seen"),
  );

  const metrics = new WorkerMetrics(deps.metrics);

  const ports = {
    readFrame: (name: string) => frames.read(name),
    decode: (bytes: Uint8Array) => decodeFrame(bytes, { maxPixels: deps.maxFramePixels }),
    model: (tenantId: string, ref: { id: string; runtime: string }) => models.resolve(tenantId, ref),
    isCancelled: (jobId: string) => cancellations.isCancelled(jobId),
    cancelSignal: (jobId: string) => cancellations.signalFor(jobId),
    fastFailure: (tenantId: string, modelId: string) => models.fastFailure?.(tenantId, modelId),
    onFrame: (o: FrameOutcomeReport) => metrics.onFrame(o),
  };
  const frameHandler = inferFramesHandler(new FrameOutcomePublisher(messaging, deps.workerId), ports, logger);
  // Previews and evaluations: the same frame path, answered instead of published.
  const endpoint = serveInferFrame(messaging, ports, {
    workerId: deps.workerId,
    maxConcurrent: deps.inferFrameConcurrency ?? 2 * deps.concurrency,
    logger,
  });

  let consumer: ConsumerHandle;
  try {
    consumer = await startInferFramesConsumer(messaging, frameHandler, { concurrency: deps.concurrency, logger });
  } catch (err) {
    // Do not leave the cancel-mark watch running behind a worker that never started.
    endpoint.subscription.unsubscribe();
    cancellations.stop();
    throw err;
  }
  logger.info({ workerId: deps.workerId, concurrency: deps.concurrency }, "pulling frames");
  return {
    stop: async () => {
      // Requests already taken are answered (the subscription's callbacks run on); no new ones come here.
      endpoint.subscription.unsubscribe();
      await consumer.stop();
      cancellations.stop();
      // Make the server see the pull subscription gone before this returns: until it does, its still-open
      // pull request can be handed frames that then stay leased to nobody for ack_wait (10 s).
      if (!messaging.nc.isClosed()) await messaging.nc.flush().catch(() => undefined);
    },
  };
}

export interface WorkerAppDeps {
  config: WorkerConfig;
  /** Cloud mode: hosted hub models, their credentials opened with the key ring; self-hosted: they fail CLOUD_ONLY. */
  cloud: HubRuntimeSettings;
  messaging: Messaging;
  logger: Logger;
  metrics: Registry;
}

export interface WorkerApp {
  models: ModelResolver;
  /** Closes the Nuclio invoker's idle keep-alive sockets (after the consumer stopped). */
  closeNuclio(): void;
  runners: InferenceRunnerPool;
  /** Starts pulling frames; `stop` stops pulling and settles the frames in flight. */
  start(): Promise<{ stop(): Promise<void> }>;
}

/** Builds the model engine (catalog, artifact cache, runner processes, hubs, Nuclio) and, on `start`, the frame consumer. */
export async function createWorkerApp(deps: WorkerAppDeps): Promise<WorkerApp> {
  const { config, messaging, logger, metrics } = deps;
  const hubs = createHubRuntime(deps.cloud, hubLimits(config), { logger });
  // Built-in models run only on files whose sha256 the registry lists; uploaded ones come from the object store.
  const builtArtifacts = new BuiltArtifactVerifier(builtArtifactLocator(BUILT_MODELS_DIR));
  const ort = ortThreadSettings({
    cores: hostCpus(),
    runners: config.WORKER_CONCURRENCY,
    ...(config.ORT_THREADS === undefined ? {} : { threads: config.ORT_THREADS }),
    ...(config.ORT_ALLOW_SPINNING === undefined ? {} : { allowSpinning: config.ORT_ALLOW_SPINNING }),
  });
  logger.info({ ...ort, runners: config.WORKER_CONCURRENCY, cpus: hostCpus() }, "onnxruntime settings");
  // Only descriptors are read from this catalog here: its models run in the runners, with the same settings.
  const catalog = createModelCatalog({ ...ort, artifactPath: builtArtifacts.artifactPath });
  const cache = new ModelArtifactCache(config.MODEL_CACHE_DIR, new ModelArtifactStore(await messaging.objectStore(Buckets.models)));
  // Catalog and uploaded models run in runner processes, one frame each at a time, as many as frames in flight:
  // a model over its budget, or a cancelled job's running frame, costs one runner (killed and replaced), never this loop.
  const workerMetrics = new WorkerMetrics(metrics);
  const runners = new InferenceRunnerPool({
    size: config.WORKER_CONCURRENCY,
    settings: { ...ort, maxFramePixels: config.MAX_FRAME_PIXELS, verifyBuiltArtifacts: true },
    prepareTimeoutMs: config.INFERENCE_PREPARE_TIMEOUT_MS,
    onReplaced: (reason, model) => {
      workerMetrics.onRunnerReplaced(reason);
      logger.warn({ reason, model }, "inference runner replaced");
    },
  });
  await runners.start();
  // Nuclio functions run in every mode: one invoker per worker (per-function limits and breakers shared by all frames).
  const nuclio = createNuclioRuntime(nuclioSettings(config, deps.cloud.mode), {
    onCall: (outcome) => workerMetrics.onNuclioCall(outcome),
    onEvent: (event) => {
      if (event.type === "retry") workerMetrics.onNuclioRetry();
      else if (event.type === "breaker-open") {
        workerMetrics.onNuclioBreakerOpen();
        logger.warn(
          { function: event.functionName, tenantId: event.tenantId, cooldownMs: event.cooldownMs },
          "Nuclio function breaker opened",
        );
      }
    },
  });
  const breaker = new TimeoutBreaker({ threshold: config.INFERENCE_TIMEOUTS_TO_FAIL_FAST, cooldownMs: config.INFERENCE_FAIL_FAST_MS });
  const models = new ModelResolver({
    catalog,
    directory: new ModelDirectoryClient(messaging, config.DESCRIBE_MODEL_TIMEOUT_MS),
    expectArtifacts: (modelId, artifacts) => builtArtifacts.expect(modelId, artifacts),
    fetchArtifact: (artifact) => cache.localPath(artifact),
    uploadContext: { createSession: createOrtSession, sessionOptions: ort },
    hubs,
    isolated: { pool: runners, breaker },
    nuclio,
  });
  // Load the catalog's models before taking work, so the first frames do not pay for it; a model that cannot
  // load now (registry not answering yet, artifact missing) is tried again when a frame needs it.
  // The catalog is every tenant's: preloading asks as the default tenant.
  await models.preloadCatalog(DEFAULT_TENANT_ID, (id, err) =>
    logger.warn({ err, model: id }, "model not preloaded; it loads on first use"),
  );

  messaging.registerConsumerLag(metrics, ServiceTopology.inferenceWorker.consumers);
  return {
    models,
    runners,
    closeNuclio: () => nuclio.close(),
    start: () =>
      startWorker({
        messaging,
        models,
        logger,
        metrics,
        workerId: config.WORKER_ID,
        concurrency: config.WORKER_CONCURRENCY,
        ...(config.INFER_FRAME_CONCURRENCY === undefined ? {} : { inferFrameConcurrency: config.INFER_FRAME_CONCURRENCY }),
        maxFramePixels: config.MAX_FRAME_PIXELS,
      }),
  };
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

/** NUCLIO_* as the runtime takes them; the mode decides whether NUCLIO_DASHBOARD_URL's host may be private. */
function nuclioSettings(config: WorkerConfig, mode: "self-hosted" | "cloud"): NuclioRuntimeSettings {
  return {
    mode,
    ...(config.NUCLIO_DASHBOARD_URL ? { dashboardUrl: config.NUCLIO_DASHBOARD_URL } : {}),
    allowedHosts: config.NUCLIO_ALLOWED_HOSTS,
    timeoutMs: config.NUCLIO_TIMEOUT_MS,
    maxAttempts: config.NUCLIO_MAX_ATTEMPTS,
    maxConcurrencyPerFunction: config.NUCLIO_MAX_CONCURRENCY_PER_FUNCTION,
    breakerFailures: config.NUCLIO_BREAKER_FAILURES,
    breakerCooldownMs: config.NUCLIO_BREAKER_COOLDOWN_MS,
    descriptorTtlMs: config.NUCLIO_DESCRIPTOR_TTL_MS,
  };
}
