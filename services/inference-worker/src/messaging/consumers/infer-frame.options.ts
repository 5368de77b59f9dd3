import { TileMerge, type InferFrame } from "@prelabel/proto";
import { keepScoredShapes, modelThreshold } from "../../domain/label-thresholds.js";
import { mapDetections, type MappedFrame } from "../../domain/label-mapper.js";
import { detectTiled, type Detection, type TilingSpec } from "../../inference/index.js";
import type { DecodedFrame, FrameModel } from "./infer-frames.consumer.js";

/** What the model is asked for a frame: the same for the work queue and any other way a frame comes in. */
export interface FrameRunOptions {
  /** The lowest of the run's threshold and its per-label thresholds: the shapes are filtered per label after mapping. */
  readonly threshold: number;
  readonly returnMasks: boolean;
  readonly candidateLabels: readonly string[];
  readonly tiling?: TilingSpec;
}

/** annotation-job validates tiling (128–4096 px, overlap 0–0.5); the worker still never cuts a frame finer than that. */
const MIN_TILE = 128;
const MAX_TILE = 4096;
const MAX_OVERLAP = 0.5;

export function frameRunOptions(job: InferFrame): FrameRunOptions {
  const tiling = job.tiling;
  return {
    threshold: modelThreshold(job.threshold, job.labelThresholds),
    returnMasks: !job.convertMasksToPolygons,
    // Zero-shot hub models look for the mapped labels.
    candidateLabels: job.mapping.map((m) => m.modelLabel),
    ...(tiling && tiling.tileSize > 0
      ? {
          tiling: {
            tileSize: Math.min(MAX_TILE, Math.max(MIN_TILE, Math.round(tiling.tileSize))),
            overlap: Math.min(MAX_OVERLAP, Math.max(0, tiling.overlap || 0)),
            merge: tiling.merge === TileMerge.WBF ? "wbf" : "nms",
          },
        }
      : {}),
  };
}

/** The frame's detections as task shapes: mapped, then each kept only at or above its label's threshold. */
export function frameShapes(detections: Detection[], job: InferFrame): MappedFrame {
  const mapped = mapDetections(detections, job.mapping, job.convertMasksToPolygons);
  return { ...mapped, shapes: keepScoredShapes(mapped.shapes, job.threshold, job.labelThresholds) };
}

/**
 * A model run in this process (Nuclio, hubs; catalog and uploaded models without runners) on the decoded frame: tiled
 * when the run asks for it and the model may be (`tileable` false: hub models see the whole frame only).
 */
export function detectInProcess(
  model: FrameModel,
  image: DecodedFrame,
  options: FrameRunOptions,
  call: { encoded: Uint8Array; signal?: AbortSignal },
): Promise<Detection[]> {
  const { tiling, ...detectOptions } = options;
  const run = { ...detectOptions, encoded: call.encoded, ...(call.signal ? { signal: call.signal } : {}) };
  return tiling && model.tileable !== false ? detectTiled(model, image, run, tiling) : model.detect(image, run);
}
