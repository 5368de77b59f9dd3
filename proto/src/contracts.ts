import type { DescMessage } from "@bufbuild/protobuf";
import {
  FrameFailedSchema,
  FrameInferredSchema,
  InferFrameReplySchema,
  InferFrameRequestSchema,
  InferFrameSchema,
} from "./gen/annotation/v1/frame_pb.js";
import { JobProgressedSchema } from "./gen/annotation/v1/job_pb.js";
import { AuthenticateApiKeyReplySchema, AuthenticateApiKeyRequestSchema } from "./gen/identity/v1/identity_pb.js";
import { DescribeModelReplySchema, DescribeModelRequestSchema } from "./gen/model/v1/model_pb.js";
import {
  AnnotationsCommittedSchema,
  AnnotationsDiscardedSchema,
  CommitAnnotationsSchema,
  DiscardAnnotationsSchema,
  ListAnnotationsReplySchema,
  ListAnnotationsRequestSchema,
} from "./gen/task/v1/annotations_pb.js";
import { DescribeTaskReplySchema, DescribeTaskRequestSchema, TaskDeletedSchema } from "./gen/task/v1/task_pb.js";

/** A message that crosses NATS: its subject (without namespace) and its protobuf schema. */
export interface MessageContract<S extends DescMessage = DescMessage> {
  readonly subject: string;
  readonly schema: S;
}

/** A request/reply endpoint (ADR-32 style: `<service>.v1.<endpoint>`). */
export interface EndpointContract<Req extends DescMessage = DescMessage, Rep extends DescMessage = DescMessage> {
  readonly subject: string;
  readonly request: Req;
  readonly reply: Rep;
  /** The queue group its servers answer in (one of them takes each request); default `q`. */
  readonly queue?: string;
}

const message = <S extends DescMessage>(subject: string, schema: S): MessageContract<S> => ({ subject, schema });

/** Every message that crosses NATS, by role. Subjects follow `evt.<context>.<aggregate>.<event>.v1` / `cmd.<context>.<action>.v1`. */
export const Contracts = {
  inferFrame: message("cmd.annotation.frame.infer.v1", InferFrameSchema),
  frameInferred: message("evt.annotation.frame.inferred.v1", FrameInferredSchema),
  frameFailed: message("evt.annotation.frame.failed.v1", FrameFailedSchema),
  jobProgressed: message("evt.annotation.job.progressed.v1", JobProgressedSchema),
  commitAnnotations: message("cmd.task.annotations.commit.v1", CommitAnnotationsSchema),
  discardAnnotations: message("cmd.task.annotations.discard.v1", DiscardAnnotationsSchema),
  annotationsCommitted: message("evt.task.annotations.committed.v1", AnnotationsCommittedSchema),
  annotationsDiscarded: message("evt.task.annotations.discarded.v1", AnnotationsDiscardedSchema),
  taskDeleted: message("evt.task.task.deleted.v1", TaskDeletedSchema),
} as const;

export const Endpoints = {
  describeTask: {
    subject: "task.v1.describe-task",
    request: DescribeTaskRequestSchema,
    reply: DescribeTaskReplySchema,
  } satisfies EndpointContract,
  /** A task's stored annotations per frame (MANUAL ones by default): the ground truth of an evaluation. */
  listAnnotations: {
    subject: "task.v1.list-annotations",
    request: ListAnnotationsRequestSchema,
    reply: ListAnnotationsReplySchema,
  } satisfies EndpointContract,
  describeModel: {
    subject: "model-registry.v1.describe-model",
    request: DescribeModelRequestSchema,
    reply: DescribeModelReplySchema,
  } satisfies EndpointContract,
  /** One frame through a worker, answered instead of published (previews, evaluations): nothing is staged. */
  inferFrame: {
    subject: "inference.v1.infer-frame",
    request: InferFrameRequestSchema,
    reply: InferFrameReplySchema,
    queue: "inference-worker",
  } satisfies EndpointContract,
  authenticateApiKey: {
    subject: "identity.v1.authenticate-api-key",
    request: AuthenticateApiKeyRequestSchema,
    reply: AuthenticateApiKeyReplySchema,
  } satisfies EndpointContract,
} as const;
