import type { TopologyRequirement } from "@prelabel/messaging";

export const Streams = {
  annotationWork: "ANNOTATION_WORK",
  annotationEvents: "ANNOTATION_EVT",
  taskCommands: "TASK_CMD",
  taskEvents: "TASK_EVT",
} as const;

export const Durables = {
  /** The workers' consumer on ANNOTATION_WORK: annotation-job reads its state and its max-deliveries advisories. */
  inferFrames: "inference-worker--infer-frames",
  frameOutcomes: "annotation-job--frame-outcomes",
  taskEvents: "annotation-job--task-events",
} as const;

export const JOB_CONTROL_BUCKET = "job-control";
export const CANCELLED_MARK = "cancelled";

/** Everything annotation-job publishes to or consumes from; verified at start-up, never created here. */
export const ANNOTATION_JOB_TOPOLOGY: TopologyRequirement = {
  streams: [Streams.annotationWork, Streams.annotationEvents, Streams.taskCommands, Streams.taskEvents],
  consumers: [
    { stream: Streams.annotationWork, durable: Durables.inferFrames },
    { stream: Streams.annotationEvents, durable: Durables.frameOutcomes },
    { stream: Streams.taskEvents, durable: Durables.taskEvents },
  ],
  kv: [JOB_CONTROL_BUCKET],
};
