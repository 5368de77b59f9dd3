import { hubEndpointsEnv } from "@prelabel/hubs";
import { nuclioAddressEnv } from "@prelabel/nuclio";
import { cloudEnv, commonEnv, httpEnv, withCloudEnvRules } from "@prelabel/service-kit";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

export const workerConfigSchema = withCloudEnvRules(
  z.object({
    ...commonEnv,
    ...httpEnv,
    ...cloudEnv,
    ...hubEndpointsEnv,
    PORT: z.coerce.number().int().min(0).max(65535).default(4004),
    WORKER_ID: z.string().min(1).default(hostname()),
    /** Frames in flight per worker: 2 lets one frame decode while another runs on the model. */
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
    /**
     * Request/reply frames (inference.v1.infer-frame: previews, evaluations) one worker takes at once, beside the work
     * queue's; more are answered WORKER_BUSY at once (the caller asks again). Unset: twice WORKER_CONCURRENCY.
     */
    INFER_FRAME_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    /** onnxruntime intra-op threads per runner; unset: per host (ort-threads.settings.ts: the runners' threads fill the CPUs). */
    ORT_THREADS: z.coerce.number().int().min(1).max(64).optional(),
    /** Whether onnxruntime's threads spin-wait for work; unset: only when the runners' threads leave a CPU spare. */
    ORT_ALLOW_SPINNING: z.stringbool().optional(),
    MAX_FRAME_PIXELS: z.coerce.number().int().positive().default(100_000_000),
    /** Loading a model and decoding a frame in a runner, before the model's frame budget starts; over it the runner is replaced. */
    INFERENCE_PREPARE_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
    /** Timeouts in a row after which a tenant's model fails its frames at once with INFERENCE_TIMEOUT... */
    INFERENCE_TIMEOUTS_TO_FAIL_FAST: z.coerce.number().int().min(1).max(100).default(3),
    /** ...for this long; then one frame tries again. */
    INFERENCE_FAIL_FAST_MS: z.coerce.number().int().min(0).default(60_000),
    /** Uploaded model files, downloaded from the `models` object store and kept by sha256; may be shared by replicas on one host. */
    MODEL_CACHE_DIR: z.string().min(1).default(join(tmpdir(), "prelabel-model-cache")),
    /** How long to wait for the registry's describe-model before a frame is retried. */
    DESCRIBE_MODEL_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
    /** Hub calls (Hugging Face, Roboflow) in flight per tenant and hub, retries included; more wait their turn. */
    HUB_MAX_CONCURRENCY_PER_TENANT: z.coerce.number().int().min(1).max(64).default(4),
    /** Hub requests per second per tenant and hub (each attempt counts); Roboflow serverless allows about 20. */
    HUB_CALLS_PER_SECOND_PER_TENANT: z.coerce.number().positive().max(1000).default(10),
    /** Tries per hub call, the first included (429, 503, 504, timeouts and connection errors are retried). */
    HUB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
    /** Each hub attempt's timeout. */
    HUB_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    /** A hub asking to wait longer than this (Retry-After) requeues the frame instead of holding a slot. */
    HUB_MAX_RETRY_WAIT_MS: z.coerce.number().int().min(0).default(30_000),
    ...nuclioAddressEnv,
    /** The longest one Nuclio call (one attempt) may take; a function's eventTimeout may shorten it, never lengthen it. */
    NUCLIO_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
    /** Tries per Nuclio call, the first included (429, 502, 503, 504, connection resets and timeouts are retried). */
    NUCLIO_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
    /** Calls this worker makes to one function at once; a function's maxWorkers wins when smaller. */
    NUCLIO_MAX_CONCURRENCY_PER_FUNCTION: z.coerce.number().int().min(1).max(64).default(2),
    /** Failed calls in a row after which a function's breaker opens (its frames fail FUNCTION_UNAVAILABLE at once)... */
    NUCLIO_BREAKER_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    /** ...for this long; then one call tries again. */
    NUCLIO_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(1).default(30_000),
    /** How long a Nuclio model's descriptor is used before describe-model is asked again (a changed URL or labels). */
    NUCLIO_DESCRIPTOR_TTL_MS: z.coerce.number().int().min(0).default(30_000),
  }),
);
export type WorkerConfig = z.infer<typeof workerConfigSchema>;
