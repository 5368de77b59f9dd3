import type { KV } from "@nats-io/kv";
import type { Messaging } from "@prelabel/messaging";
import {
  AttributeMappingSchema,
  Buckets,
  CommitAnnotationsSchema,
  Contracts,
  create,
  DiscardAnnotationsSchema,
  InferFrameSchema,
  LabelMappingSchema,
  ModelRefSchema,
  AttributeSpecSchema,
  type LabelMapping as ProtoLabelMapping,
} from "@prelabel/proto";
import { attributeInputTypeOf, shapeTypeOf } from "../clients/label-conversion.js";
import type { AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import type { LabelMapping, TaskFrame } from "../domain/labels.js";

/** The commands a job sends: frames to infer, results to commit or discard, and the cancel mark. */
export interface JobCommands {
  /** One InferFrame per frame (msgId `<jobId>.<frame>`); `onPublished` after each one's ack. */
  inferFrames(job: AutoAnnotationJob, frames: readonly TaskFrame[], onPublished?: () => void): Promise<void>;
  /** CommitAnnotations (msgId `commit.<jobId>`, or `commit.<jobId>.r<attempt>` when the sweeper re-sends it). */
  commit(job: AutoAnnotationJob, succeededFrames: readonly number[], attempt?: number): Promise<void>;
  /** DiscardAnnotations (msgId `discard.<jobId>`, or `discard.<jobId>.r<attempt>` when the sweeper re-sends it). */
  discard(job: AutoAnnotationJob, attempt?: number): Promise<void>;
  /** job-control KV: `<jobId>` = `cancelled`, which workers watch to skip the job's frames. */
  markCancelled(jobId: string): Promise<void>;
}

/** The value of a job's key in the job-control bucket once it is cancelled (workers skip its frames). */
export const CANCELLED_MARK = "cancelled";

export const frameMsgId = (jobId: string, frame: number) => `${jobId}.${frame}`;
/** A re-send gets its own id: the task applies a job once whatever the id, and a lost command is not masked by the duplicate window. */
const resent = (attempt?: number) => (attempt ? `.r${attempt}` : "");
export const commitMsgId = (jobId: string, attempt?: number) => `commit.${jobId}${resent(attempt)}`;
export const discardMsgId = (jobId: string, attempt?: number) => `discard.${jobId}${resent(attempt)}`;

export function toProtoMapping(mapping: readonly LabelMapping[]): ProtoLabelMapping[] {
  return mapping.map((m) =>
    create(LabelMappingSchema, {
      modelLabel: m.modelLabel,
      taskLabelId: m.taskLabelId,
      taskLabelType: shapeTypeOf(m.taskLabelType),
      attributes: m.attributes.map((a) =>
        create(AttributeMappingSchema, {
          modelAttribute: a.modelAttribute,
          taskAttribute: create(AttributeSpecSchema, {
            name: a.taskAttributeSpec.name,
            inputType: attributeInputTypeOf(a.taskAttributeSpec.inputType),
            values: a.taskAttributeSpec.values,
            ...(a.taskAttributeSpec.defaultValue !== undefined ? { defaultValue: a.taskAttributeSpec.defaultValue } : {}),
          }),
        }),
      ),
      sublabels: toProtoMapping(m.sublabels),
    }),
  );
}

export class NatsJobCommands implements JobCommands {
  private kv?: Promise<KV>;

  constructor(
    private readonly messaging: Pick<Messaging, "publish" | "keyValue">,
    /** How many InferFrame publishes wait for their ack at once. */
    private readonly publishConcurrency = 64,
  ) {}

  async inferFrames(job: AutoAnnotationJob, frames: readonly TaskFrame[], onPublished?: () => void): Promise<void> {
    const model = create(ModelRefSchema, { id: job.modelId, runtime: job.modelRuntime });
    const mapping = toProtoMapping(job.mapping);
    let next = 0;
    const lane = async () => {
      while (next < frames.length) {
        const frame = frames[next++];
        await this.messaging.publish(
          Contracts.inferFrame,
          create(InferFrameSchema, {
            jobId: job.id,
            tenantId: job.tenantId,
            taskId: job.taskId,
            frame: frame.index,
            frameObject: frame.objectName,
            model,
            threshold: job.threshold,
            convertMasksToPolygons: job.convertMasksToPolygons,
            mapping,
          }),
          { msgId: frameMsgId(job.id, frame.index) },
        );
        onPublished?.();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.publishConcurrency, frames.length) }, lane));
  }

  async commit(job: AutoAnnotationJob, succeededFrames: readonly number[], attempt?: number): Promise<void> {
    await this.messaging.publish(
      Contracts.commitAnnotations,
      create(CommitAnnotationsSchema, {
        jobId: job.id,
        tenantId: job.tenantId,
        taskId: job.taskId,
        // Nothing to add when no frame succeeded: then nothing is removed either.
        cleanOldAnnotations: job.cleanOldAnnotations && succeededFrames.length > 0,
        succeededFrames: [...succeededFrames],
        frameStart: job.frameStart,
        frameStop: job.frameStop,
      }),
      { msgId: commitMsgId(job.id, attempt) },
    );
  }

  async discard(job: AutoAnnotationJob, attempt?: number): Promise<void> {
    await this.messaging.publish(Contracts.discardAnnotations, create(DiscardAnnotationsSchema, { jobId: job.id, taskId: job.taskId, tenantId: job.tenantId }), {
      msgId: discardMsgId(job.id, attempt),
    });
  }

  async markCancelled(jobId: string): Promise<void> {
    this.kv ??= this.messaging.keyValue(Buckets.jobControl).catch((err: unknown) => {
      this.kv = undefined;
      throw err;
    });
    await (await this.kv).put(jobId, CANCELLED_MARK);
  }
}
