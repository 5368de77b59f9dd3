import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { BatchStatuses, type BatchStatus } from "../../domain/job-batch.js";
import { AutoAnnotationJobType } from "../auto-annotation-job/auto-annotation-job.type.js";
import { ModelType } from "../model/model.type.js";
import { DateTimeScalar } from "../scalars/date-time.scalar.js";

export const BatchStatusEnum = Object.fromEntries(BatchStatuses.map((s) => [s, s])) as { [K in BatchStatus]: K };

registerEnumType(BatchStatusEnum, {
  name: "BatchStatus",
  description: "Derived from the batch's jobs.",
  valuesConfig: {
    RUNNING: { description: "At least one job is active." },
    COMPLETED: { description: "Every job COMPLETED." },
    PARTIAL: { description: "Some jobs COMPLETED, the others FAILED or were CANCELLED." },
    FAILED: { description: "No job COMPLETED and at least one FAILED." },
    CANCELLED: { description: "Every job was CANCELLED." },
  },
});

@Directive('@key(fields: "id")')
@ObjectType("AutoAnnotationBatch", {
  description: "One model run over several tasks at once: one job per task, started together (all or nothing) under one id.",
})
export class AutoAnnotationBatchType {
  @Field(() => ID)
  id: string;

  @Field(() => ModelType)
  model: ModelType;

  @Field(() => BatchStatusEnum)
  status: BatchStatus;

  @Field(() => [AutoAnnotationJobType], { description: "One job per task, in the order the tasks were given: each task's results." })
  jobs: AutoAnnotationJobType[];

  @Field(() => Int, { description: "Summed over the jobs." })
  framesTotal: number;

  @Field(() => Int)
  framesDone: number;

  @Field(() => Int)
  framesFailed: number;

  @Field(() => Float, {
    nullable: true,
    description: "Frames settled per second over the whole batch since its first job started; null until the first one.",
  })
  fps: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Seconds until the active jobs' frames are settled at that pace; 0 once the batch is final; null while unknown.",
  })
  etaSeconds: number | null;

  @Field(() => Int, { description: "Results of its jobs committed flagged needsReview (each job's `needsReviewCount`, summed)." })
  needsReviewCount: number;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the last job ended; null while the batch is RUNNING." })
  finishedAt: Date | null;

  /** Not exposed: resolved into `model`. */
  modelId: string;
}
