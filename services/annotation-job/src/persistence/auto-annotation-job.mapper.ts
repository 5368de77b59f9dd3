import type { AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import { AutoAnnotationJobEntity } from "./entities/auto-annotation-job.entity.js";

/** The job a row holds: a plain object, no TypeORM class. */
export function toJob(row: AutoAnnotationJobEntity): AutoAnnotationJob {
  return {
    id: row.id,
    tenantId: row.tenantId,
    taskId: row.taskId,
    modelId: row.modelId,
    modelRuntime: row.modelRuntime,
    status: row.status,
    framesTotal: row.framesTotal,
    framesDone: row.framesDone,
    framesFailed: row.framesFailed,
    droppedAttributeValues: row.droppedAttributeValues,
    unmappedDetections: row.unmappedDetections,
    fps: row.fps,
    etaSeconds: row.etaSeconds,
    threshold: row.threshold,
    convertMasksToPolygons: row.convertMasksToPolygons,
    cleanOldAnnotations: row.cleanOldAnnotations,
    tracking: row.tracking,
    trackCount: row.trackCount,
    labelThresholds: row.labelThresholds,
    tiling: row.tiling,
    reviewBelow: row.reviewBelow,
    needsReviewCount: row.needsReviewCount,
    mapping: row.mapping,
    frameStart: row.frameStart,
    frameStop: row.frameStop,
    frameRangeExplicit: row.frameRangeExplicit,
    failureReason: row.failureReason,
    failureCode: row.failureCode,
    redriveCount: row.redriveCount,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    taskDeletedAt: row.taskDeletedAt,
    batchId: row.batchId ?? null,
    updatedAt: row.updatedAt,
  };
}

export const toJobOrNull = (row: AutoAnnotationJobEntity | null): AutoAnnotationJob | null => (row ? toJob(row) : null);

/** The row that stores a job: every column comes from the job (the build fails when the job lacks one). */
export function toJobRow(job: AutoAnnotationJob): AutoAnnotationJobEntity {
  const columns: AutoAnnotationJobEntity = { ...job };
  return Object.assign(new AutoAnnotationJobEntity(), columns);
}
