import type { LabelMapping, LabelMappingRequest } from "../../domain/labels.js";
import type { AutoAnnotationJob } from "../../domain/auto-annotation-job.js";
import { AutoAnnotationJobType, LabelMappingType } from "./auto-annotation-job.type.js";
import { toLabelThresholdType, toTilingType } from "./run-options.mapper.js";
import type { LabelMappingInput } from "./start-auto-annotation.input.js";

export function toLabelMappingType(m: LabelMapping): LabelMappingType {
  return Object.assign(new LabelMappingType(), {
    modelLabel: m.modelLabel,
    taskLabelId: m.taskLabelId,
    taskLabel: m.taskLabel,
    attributes: m.attributes.map((a) => ({ modelAttribute: a.modelAttribute, taskAttribute: a.taskAttribute })),
    sublabels: m.sublabels.map(toLabelMappingType),
  });
}

/** The GraphQL view of a stored job (`task`, `model` and `failures` are resolved on demand). */
export function toJobType(job: AutoAnnotationJob): AutoAnnotationJobType {
  return Object.assign(new AutoAnnotationJobType(), {
    id: job.id,
    taskId: job.taskId,
    taskDeleted: job.taskDeletedAt !== null,
    modelId: job.modelId,
    status: job.status,
    framesTotal: job.framesTotal,
    framesDone: job.framesDone,
    framesFailed: job.framesFailed,
    fps: job.fps,
    etaSeconds: job.etaSeconds,
    threshold: job.threshold,
    convertMasksToPolygons: job.convertMasksToPolygons,
    cleanOldAnnotations: job.cleanOldAnnotations,
    mapping: job.mapping.map(toLabelMappingType),
    tracking: job.tracking
      ? { enabled: true, iouThreshold: job.tracking.iouThreshold, maxAge: job.tracking.maxAge, minHits: job.tracking.minHits }
      : null,
    trackCount: job.trackCount,
    thresholds: job.labelThresholds.map(toLabelThresholdType),
    tiling: toTilingType(job.tiling),
    reviewBelow: job.reviewBelow,
    needsReviewCount: job.needsReviewCount,
    droppedAttributeValues: job.droppedAttributeValues,
    unmappedDetections: job.unmappedDetections,
    frameRange: job.frameRangeExplicit ? { start: job.frameStart, stop: job.frameStop } : null,
    failureCode: job.status === "FAILED" ? job.failureCode : null,
    failureReason: job.status === "FAILED" ? job.failureReason : null,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
  });
}

export function toMappingRequest(input: LabelMappingInput): LabelMappingRequest {
  return {
    modelLabel: input.modelLabel,
    taskLabel: input.taskLabel,
    attributes: input.attributes?.map((a) => ({ modelAttribute: a.modelAttribute, taskAttribute: a.taskAttribute })) ?? null,
    sublabels: input.sublabels?.map(toMappingRequest) ?? null,
  };
}
