import { callerTenant } from "@prelabel/service-kit";
import { Arg, Ctx, Int, Mutation, Resolver } from "type-graphql";
import type { AutoAnnotationPreview, PreviewFrame, PreviewService } from "../../application/preview.service.js";
import { MAX_PREVIEW_FRAMES } from "../../domain/preview-frames.js";
import { toLabelMappingType, toMappingRequest } from "../auto-annotation-job/auto-annotation-job.mapper.js";
import { toLabelThresholdRequests, toLabelThresholdType, toTilingRequest } from "../auto-annotation-job/run-options.mapper.js";
import { StartAutoAnnotationInput } from "../auto-annotation-job/start-auto-annotation.input.js";
import { AutoAnnotationPreviewType, type PreviewFrameType } from "./auto-annotation-preview.type.js";

@Resolver(() => AutoAnnotationPreviewType)
export class PreviewResolver {
  constructor(private readonly previews: PreviewService) {}

  @Mutation(() => AutoAnnotationPreviewType, {
    description:
      `Runs the model on 1..${MAX_PREVIEW_FRAMES} frames exactly as startAutoAnnotation with this input would (same validation and errors; ` +
      "frameRange is replaced by frames; tracking is validated but each frame shows its own detections; cleanOldAnnotations plays no part) and returns the shapes with per-frame timing. Nothing is stored, " +
      "no job is created and a run on the task may be active; the frames count toward the tenant's frames per hour.",
  })
  async previewAutoAnnotation(
    @Arg("input", () => StartAutoAnnotationInput) input: StartAutoAnnotationInput,
    @Arg("frames", () => [Int], { description: `Distinct frame indexes of the task, 1..${MAX_PREVIEW_FRAMES}.` }) frames: number[],
    @Ctx() context: unknown,
  ): Promise<AutoAnnotationPreviewType> {
    const preview = await this.previews.preview(
      callerTenant(context),
      {
        taskId: input.taskId,
        modelId: input.modelId,
        mapping: input.mapping ? input.mapping.map(toMappingRequest) : null,
        threshold: input.threshold,
        thresholds: toLabelThresholdRequests(input.thresholds),
        tiling: toTilingRequest(input.tiling),
        reviewBelow: input.reviewBelow,
        tracking: input.tracking
          ? {
              enabled: input.tracking.enabled,
              iouThreshold: input.tracking.iouThreshold,
              maxAge: input.tracking.maxAge,
              minHits: input.tracking.minHits,
            }
          : null,
        convertMasksToPolygons: input.convertMasksToPolygons,
        cleanOldAnnotations: input.cleanOldAnnotations,
      },
      frames,
    );
    return toPreviewType(preview);
  }
}

function toPreviewType(p: AutoAnnotationPreview): AutoAnnotationPreviewType {
  return {
    modelId: p.modelId,
    model: { id: p.modelId },
    taskId: p.taskId,
    threshold: p.threshold,
    thresholds: p.thresholds.map(toLabelThresholdType),
    mapping: p.mapping.map(toLabelMappingType),
    frames: p.frames.map(toFrameType),
    totalMs: p.totalMs,
  };
}

function toFrameType(f: PreviewFrame): PreviewFrameType {
  return {
    frame: f.frame,
    shapes: f.shapes,
    failure: f.failure ?? null,
    inferenceMs: f.inferenceMs ?? null,
    decodeMs: f.decodeMs ?? null,
    totalMs: f.totalMs,
    unmappedDetections: f.unmappedDetections,
    droppedAttributeValues: f.droppedAttributeValues,
  };
}
