import { RemoteServiceError, type Messaging } from "@prelabel/messaging";
import {
  create,
  Endpoints,
  FrameFailedSchema,
  FrameFailureCode,
  InferFrameRequestSchema,
  type FrameFailed,
  type FrameInferred,
  type InferFrame,
} from "@prelabel/proto";

/** What became of one frame sent to a worker: its shapes with the worker's timing, or why there are none. */
export type FrameInferenceResult =
  { ok: true; inferred: FrameInferred; decodeMs: number; inferenceMs: number } | { ok: false; failed: FrameFailed };

/** One frame through a worker, answered at once (previews, evaluations): never queued behind a job's frames, never staged. */
export interface FrameInference {
  /**
   * Never throws: a worker's failure is its FrameFailed; no worker answering is MODEL_UNAVAILABLE; no answer within
   * `timeoutMs` (or `signal` aborted) is INFERENCE_TIMEOUT.
   */
  infer(message: InferFrame, options: { timeoutMs: number; signal?: AbortSignal }): Promise<FrameInferenceResult>;
}

/** First pause before asking again after a WORKER_BUSY answer; doubled each time up to MAX_BUSY_PAUSE_MS. */
const FIRST_BUSY_PAUSE_MS = 25;
const MAX_BUSY_PAUSE_MS = 400;

/**
 * FrameInference over `inference.v1.infer-frame` (queue group `inference-worker`: NATS hands each request to one
 * worker). A worker answering WORKER_BUSY is asked again (maybe another one takes it) until the deadline.
 */
export class NatsFrameInference implements FrameInference {
  constructor(private readonly messaging: Pick<Messaging, "request">) {}

  async infer(message: InferFrame, options: { timeoutMs: number; signal?: AbortSignal }): Promise<FrameInferenceResult> {
    const deadline = Date.now() + options.timeoutMs;
    const failed = (code: string, reason: string): FrameInferenceResult => ({
      ok: false,
      failed: create(FrameFailedSchema, {
        jobId: message.jobId,
        taskId: message.taskId,
        tenantId: message.tenantId,
        frame: message.frame,
        code,
        reason,
      }),
    });
    const timedOut = () =>
      failed(FrameFailureCode.INFERENCE_TIMEOUT, `frame ${message.frame} had no answer within ${options.timeoutMs} ms`);
    let pause = FIRST_BUSY_PAUSE_MS;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0 || options.signal?.aborted) return timedOut();
      // The worker gets a little less than we wait, so its own INFERENCE_TIMEOUT answer can still reach us.
      const workerTimeoutMs = Math.max(1, left - Math.min(1_000, Math.floor(left / 10)));
      let reply;
      try {
        reply = await untilAborted(
          this.messaging.request(
            Endpoints.inferFrame,
            create(InferFrameRequestSchema, { frame: message, timeoutMs: workerTimeoutMs }),
            left,
          ),
          options.signal,
        );
      } catch (err) {
        if (options.signal?.aborted) return timedOut();
        if (isNoResponders(err)) return failed(FrameFailureCode.MODEL_UNAVAILABLE, "no inference worker is running to answer");
        if (err instanceof RemoteServiceError && err.code === "SERVICE_UNAVAILABLE") return timedOut();
        const code = err instanceof RemoteServiceError ? err.code : "INTERNAL";
        return failed(FrameFailureCode.INFERENCE_ERROR, `the worker could not run frame ${message.frame} (${code})`);
      }
      const outcome = reply.outcome;
      if (outcome.case === "inferred")
        return { ok: true, inferred: outcome.value, decodeMs: reply.decodeMs, inferenceMs: reply.inferenceMs };
      if (outcome.case === "failed" && outcome.value.code !== FrameFailureCode.WORKER_BUSY) return { ok: false, failed: outcome.value };
      if (outcome.case !== "failed")
        return failed(FrameFailureCode.INFERENCE_ERROR, `the worker answered frame ${message.frame} with no outcome`);
      // Busy: wait a little (never past the deadline) and ask again.
      const waitMs = Math.min(pause, deadline - Date.now());
      if (waitMs <= 0) return timedOut();
      await sleep(waitMs, options.signal);
      pause = Math.min(MAX_BUSY_PAUSE_MS, pause * 2);
    }
  }
}

/** The request's failure came from nobody listening on the subject (the cause nats.js gives its RequestError). */
function isNoResponders(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e.name === "NoResponders" || e.name === "NoRespondersError") return true;
    const check = (e as { isNoResponders?: () => boolean }).isNoResponders;
    if (typeof check === "function" && check.call(e)) return true;
  }
  return false;
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error("aborted"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (v) => (signal.removeEventListener("abort", onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener("abort", onAbort), reject(e as Error)),
    );
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
