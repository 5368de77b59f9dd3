import type { Messaging, ConsumerHandle } from "@prelabel/messaging";
import { Buckets, Consumers } from "@prelabel/proto";
import type { Logger } from "@prelabel/service-kit";
import type { Registry } from "prom-client";
import { decodeFrame, type ModelResolver } from "./inference/index.js";
import { CancellationWatcher } from "./messaging/cancellation.watcher.js";
import { inferFramesHandler } from "./messaging/infer-frames.consumer.js";
import { WorkerMetrics } from "./worker.metrics.js";

export interface WorkerDeps {
  messaging: Messaging;
  /** Model id → runnable model, through the registry's descriptor. */
  models: Pick<ModelResolver, "resolve"> & Partial<Pick<ModelResolver, "fastFailure">>;
  logger: Logger;
  metrics: Registry;
  workerId: string;
  concurrency: number;
  maxFramePixels: number;
}

/** Wires the frame consumer to NATS, the object store, the cancel marks and the models. */
export async function startWorker(deps: WorkerDeps): Promise<{ stop(): Promise<void> }> {
  const { messaging, models, logger } = deps;
  const frames = await messaging.objectStore(Buckets.frames);
  const cancellations = new CancellationWatcher();
  await cancellations.start(await messaging.keyValue(Buckets.jobControl), (err) =>
    logger.error({ err }, "watching job-control stopped; cancel marks set from now on are not seen"),
  );

  const metrics = new WorkerMetrics(deps.metrics);

  const frameHandler = inferFramesHandler(
    messaging,
    {
      readFrame: (name) => frames.getBlob(name),
      decode: (bytes) => decodeFrame(bytes, { maxPixels: deps.maxFramePixels }),
      model: (tenantId, ref) => models.resolve(tenantId, ref),
      isCancelled: (jobId) => cancellations.isCancelled(jobId),
      cancelSignal: (jobId) => cancellations.signalFor(jobId),
      fastFailure: (tenantId, modelId) => models.fastFailure?.(tenantId, modelId),
      onFrame: (o) => metrics.onFrame(o),
    },
    deps.workerId,
    logger,
  );

  let consumer: ConsumerHandle;
  try {
    consumer = await messaging.consume({
      ...Consumers.inferFrames,
      concurrency: deps.concurrency,
      // Inference leaves the event loop free: a streaming pull would keep fetching frames the slots cannot take yet.
      pull: "free-slots",
      onError: (err, subject) => logger.error({ err, subject }, "frame handler failed; message will be redelivered"),
      handlers: [frameHandler],
    });
  } catch (err) {
    // Do not leave the cancel-mark watch running behind a worker that never started.
    cancellations.stop();
    throw err;
  }
  logger.info({ workerId: deps.workerId, concurrency: deps.concurrency }, "pulling frames");
  return {
    stop: async () => {
      await consumer.stop();
      cancellations.stop();
      // Make the server see the pull subscription gone before this returns: until it does, its still-open
      // pull request can be handed frames that then stay leased to nobody for ack_wait (10 s).
      if (!messaging.nc.isClosed()) await messaging.nc.flush().catch(() => undefined);
    },
  };
}
