import {
  create,
  InferFrameSchema,
  LabelThresholdSchema,
  ModelRefSchema,
  TileMerge as ProtoTileMerge,
  TilingSchema,
  type InferFrame,
} from "@prelabel/proto";
import type { LabelThreshold } from "../../domain/label-thresholds.js";
import type { LabelMapping, TaskFrame } from "../../domain/labels.js";
import type { JobTiling } from "../../domain/tiling.js";
import { inferenceThreshold, type JobTracking } from "../../domain/tracking.js";
import { toProtoMapping } from "./label-mapping.mapper.js";

/**
 * What every InferFrame of a run carries besides the frame: a stored job has these fields, and so has a ValidatedRun
 * once `runInferSettings` names its model (previews and evaluations build their messages from it).
 */
export interface InferSettings {
  modelId: string;
  modelRuntime: string;
  /** The run's threshold; with tracking the message carries the tracker's lowScore instead (inferenceThreshold). */
  threshold: number;
  tracking: JobTracking | null;
  convertMasksToPolygons: boolean;
  mapping: readonly LabelMapping[];
  labelThresholds: readonly LabelThreshold[];
  tiling: JobTiling | null;
}

/** Who the message is for: the job (or a preview's / an evaluation's own id), its tenant and its task. */
export interface InferFrameIds {
  jobId: string;
  tenantId: string;
  taskId: string;
}

/** The InferFrame a worker gets for one frame of a run. Pure. */
export function inferFrameMessage(settings: InferSettings, frame: TaskFrame, ids: InferFrameIds): InferFrame {
  return inferFrameBuilder(settings, ids)(frame);
}

/**
 * inferFrameMessage for many frames of one run: the parts every frame shares (model, mapping, thresholds, tiling)
 * are built once and shared by the messages, which are only ever serialised.
 */
export function inferFrameBuilder(settings: InferSettings, ids: InferFrameIds): (frame: TaskFrame) => InferFrame {
  const model = create(ModelRefSchema, { id: settings.modelId, runtime: settings.modelRuntime });
  const mapping = toProtoMapping(settings.mapping);
  const labelThresholds = settings.labelThresholds.map((t) =>
    create(LabelThresholdSchema, { taskLabelId: t.taskLabelId, threshold: t.threshold }),
  );
  const tiling = settings.tiling
    ? create(TilingSchema, {
        tileSize: settings.tiling.tileSize,
        overlap: settings.tiling.overlap,
        merge: settings.tiling.merge === "WBF" ? ProtoTileMerge.WBF : ProtoTileMerge.NMS,
      })
    : undefined;
  // With tracking, down to lowScore: ByteTrack's second stage needs the weaker detections (the commit filters the rest).
  const threshold = inferenceThreshold(settings);
  return (frame) =>
    create(InferFrameSchema, {
      jobId: ids.jobId,
      tenantId: ids.tenantId,
      taskId: ids.taskId,
      frame: frame.index,
      frameObject: frame.objectName,
      model,
      threshold,
      convertMasksToPolygons: settings.convertMasksToPolygons,
      mapping,
      labelThresholds,
      ...(tiling ? { tiling } : {}),
    });
}

/** A validated run's settings, for messages built before (or without) a job row. */
export function runInferSettings(run: {
  model: { id: string; runtime: string };
  threshold: number;
  tracking: JobTracking | null;
  convertMasksToPolygons: boolean;
  mapping: readonly LabelMapping[];
  labelThresholds: readonly LabelThreshold[];
  tiling: JobTiling | null;
}): InferSettings {
  return {
    modelId: run.model.id,
    modelRuntime: run.model.runtime,
    threshold: run.threshold,
    tracking: run.tracking,
    convertMasksToPolygons: run.convertMasksToPolygons,
    mapping: run.mapping,
    labelThresholds: run.labelThresholds,
    tiling: run.tiling,
  };
}
