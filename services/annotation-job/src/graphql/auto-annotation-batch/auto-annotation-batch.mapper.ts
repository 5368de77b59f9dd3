import type { BatchView } from "../../application/auto-annotation-batch.service.js";
import { toJobType } from "../auto-annotation-job/auto-annotation-job.mapper.js";
import { AutoAnnotationBatchType } from "./auto-annotation-batch.type.js";

/** The GraphQL view of a batch and its jobs (`model` is resolved on demand). */
export function toBatchType({ batch, jobs, summary }: BatchView): AutoAnnotationBatchType {
  return Object.assign(new AutoAnnotationBatchType(), {
    id: batch.id,
    modelId: batch.modelId,
    status: summary.status,
    jobs: jobs.map(toJobType),
    framesTotal: summary.framesTotal,
    framesDone: summary.framesDone,
    framesFailed: summary.framesFailed,
    needsReviewCount: summary.needsReviewCount,
    fps: summary.fps,
    etaSeconds: summary.etaSeconds,
    createdAt: batch.createdAt,
    finishedAt: batch.finishedAt ?? summary.finishedAt,
  });
}
