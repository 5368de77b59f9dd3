import { Contracts } from "./contracts.js";

/**
 * Every JetStream stream, durable consumer and bucket, declared once beside the subjects that flow through them.
 * `npm run nats:setup` applies it; infra/nats/topology.json and the NACK manifests in infra/nats/nack are generated
 * from it (`npm run generate`, tools/k8s-check's generate-topology.cli.ts) and checked for drift by
 * scripts/check-generated.sh; services name infrastructure only through these constants.
 */

export interface StreamDefinition {
  readonly name: string;
  readonly subjects: readonly string[];
  readonly retention: "workqueue" | "limits";
  readonly storage: "file" | "memory";
  readonly duplicate_window_ms: number;
  readonly max_age_ms: number;
}

export interface ConsumerDefinition {
  readonly stream: string;
  readonly durable: string;
  readonly filter_subject: string;
  readonly ack_wait_ms: number;
  readonly max_deliver: number;
  readonly max_ack_pending: number;
}

export interface KeyValueDefinition {
  readonly bucket: string;
  readonly history: number;
  readonly ttl_ms: number;
}

export interface ObjectStoreDefinition {
  readonly bucket: string;
}

export interface Topology {
  readonly streams: readonly StreamDefinition[];
  readonly consumers: readonly ConsumerDefinition[];
  readonly kv: readonly KeyValueDefinition[];
  readonly objectStores: readonly ObjectStoreDefinition[];
}

/** A durable consumer as a service names it: the stream it reads and its durable name. */
export interface ConsumerRef {
  readonly stream: string;
  readonly durable: string;
}

/** What one service needs to exist before it starts (verified at start-up, never created by the service). */
export interface TopologyRequirement {
  readonly streams?: readonly string[];
  readonly consumers?: readonly ConsumerRef[];
  readonly kv?: readonly string[];
  readonly objectStores?: readonly string[];
}

export const Streams = {
  /** Frames waiting for a worker (work queue: each frame is taken once). */
  annotationWork: "ANNOTATION_WORK",
  /** What became of each frame (inferred or failed). */
  annotationEvents: "ANNOTATION_EVT",
  /** Commands for the task service (commit or discard a job's staged results). */
  taskCommands: "TASK_CMD",
  /** What the task service did (annotations committed or discarded, task deleted). */
  taskEvents: "TASK_EVT",
} as const;
export type StreamName = (typeof Streams)[keyof typeof Streams];

export const Buckets = {
  /** Key-value: a job's cancellation mark, read by every worker. */
  jobControl: "job-control",
  /** Object store: frame bytes, written by task, read by the workers. */
  frames: "frames",
  /** Object store: uploaded and imported model artifacts, written by model-registry, read by the workers. */
  models: "models",
} as const;
export type BucketName = (typeof Buckets)[keyof typeof Buckets];

const consumer = (stream: StreamName, durable: string): ConsumerRef => ({ stream, durable });

/** Durable consumers, named `<owning service>--<what it handles>`. */
export const Consumers = {
  /** The workers' share of ANNOTATION_WORK; annotation-job reads its state and max-deliveries advisories too. */
  inferFrames: consumer(Streams.annotationWork, "inference-worker--infer-frames"),
  frameOutcomes: consumer(Streams.annotationEvents, "annotation-job--frame-outcomes"),
  stageResults: consumer(Streams.annotationEvents, "task--stage-results"),
  annotationCommands: consumer(Streams.taskCommands, "task--annotation-commands"),
  taskEvents: consumer(Streams.taskEvents, "annotation-job--task-events"),
} as const;

const minutes = (n: number) => n * 60_000;
const days = (n: number) => n * 86_400_000;
const stream = (name: StreamName, retention: StreamDefinition["retention"], subjects: string[]): StreamDefinition => ({
  name,
  subjects,
  retention,
  storage: "file",
  duplicate_window_ms: minutes(10),
  max_age_ms: days(7),
});
const durable = (
  ref: ConsumerRef,
  filter_subject: string,
  settings: Pick<ConsumerDefinition, "ack_wait_ms" | "max_deliver" | "max_ack_pending">,
) => ({
  ...ref,
  filter_subject,
  ...settings,
});

/** The canonical definition: what `npm run nats:setup` applies and NACK declares. */
export const TOPOLOGY: Topology = {
  streams: [
    stream(Streams.annotationWork, "workqueue", [Contracts.inferFrame.subject]),
    stream(Streams.annotationEvents, "limits", ["evt.annotation.frame.>"]),
    stream(Streams.taskCommands, "workqueue", ["cmd.task.>"]),
    stream(Streams.taskEvents, "limits", ["evt.task.>"]),
  ],
  consumers: [
    // Five deliveries, then annotation-job records the frame as FRAME_UNPROCESSABLE (max-deliveries advisory).
    durable(Consumers.inferFrames, Contracts.inferFrame.subject, { ack_wait_ms: 10_000, max_deliver: 5, max_ack_pending: 64 }),
    durable(Consumers.frameOutcomes, "evt.annotation.frame.>", { ack_wait_ms: 30_000, max_deliver: -1, max_ack_pending: 1_024 }),
    durable(Consumers.stageResults, Contracts.frameInferred.subject, { ack_wait_ms: 30_000, max_deliver: -1, max_ack_pending: 256 }),
    durable(Consumers.annotationCommands, "cmd.task.>", { ack_wait_ms: 60_000, max_deliver: -1, max_ack_pending: 16 }),
    durable(Consumers.taskEvents, "evt.task.>", { ack_wait_ms: 30_000, max_deliver: -1, max_ack_pending: 64 }),
  ],
  kv: [{ bucket: Buckets.jobControl, history: 1, ttl_ms: days(7) }],
  objectStores: [{ bucket: Buckets.frames }, { bucket: Buckets.models }],
};

/** What each deployable verifies at start-up. */
export const ServiceTopology = {
  task: {
    streams: [Streams.annotationEvents, Streams.taskCommands, Streams.taskEvents],
    consumers: [Consumers.stageResults, Consumers.annotationCommands],
    objectStores: [Buckets.frames],
  },
  annotationJob: {
    streams: [Streams.annotationWork, Streams.annotationEvents, Streams.taskCommands, Streams.taskEvents],
    consumers: [Consumers.inferFrames, Consumers.frameOutcomes, Consumers.taskEvents],
    kv: [Buckets.jobControl],
  },
  modelRegistry: {
    objectStores: [Buckets.models],
  },
  inferenceWorker: {
    streams: [Streams.annotationWork, Streams.annotationEvents],
    consumers: [Consumers.inferFrames],
    kv: [Buckets.jobControl],
    objectStores: [Buckets.frames, Buckets.models],
  },
} as const satisfies Record<string, TopologyRequirement>;
