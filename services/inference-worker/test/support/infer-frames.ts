import { randomUUID } from "node:crypto";
import type { Messaging } from "@prelabel/messaging";
import { Contracts, create, InferFrameSchema, type InferFrame, type MessageInitShape } from "@prelabel/proto";

/** An InferFrame as annotation-job sends one; unless given: frame 0 of a fresh job of task-1, threshold 0.5, masks as polygons. */
export const inferFrame = (fields: MessageInitShape<typeof InferFrameSchema>): InferFrame =>
  create(InferFrameSchema, { jobId: randomUUID(), taskId: "task-1", frame: 0, threshold: 0.5, convertMasksToPolygons: true, ...fields });

/** Publishes a frame as annotation-job does: Nats-Msg-Id `<jobId>.<frame>`. */
export const publishInferFrame = (client: Messaging, frame: InferFrame) =>
  client.publish(Contracts.inferFrame, frame, { msgId: `${frame.jobId}.${frame.frame}` });
