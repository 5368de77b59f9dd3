import { performance } from "node:perf_hooks";
import { AppError, type Logger } from "@prelabel/service-kit";
import { ShapeType, type InferFrame, type Shape } from "@prelabel/proto";
import type { FrameInference } from "../clients/frame-inference.client.js";
import { AnnotationJobErrorCode } from "../domain/annotation-job-error-codes.js";
import type { FrameFailure } from "../domain/frame-outcome.js";
import { TenantLimitError } from "../domain/job.errors.js";
import type { JobRepository } from "../domain/job.repository.js";
import type { LabelThreshold } from "../domain/label-thresholds.js";
import type { LabelMapping, TaskFrame, TaskLabel } from "../domain/labels.js";
import { checkPreviewFrames, type PreviewSlots } from "../domain/preview-frames.js";
import type { TenantLimits } from "../domain/tenant-limits.js";
import type { RunRequest, ValidatedRun } from "./auto-annotation.service.js";
import { previewFrameQuota, previewLimit } from "./preview.errors.js";

/** What a preview is asked to run: a run's request (its frameRange is replaced by the listed frames). */
export type PreviewRequest = Omit<RunRequest, "frameRange">;

/** A run's settings as validation resolved them: AutoAnnotationService.validateRun for the listed frames. */
export type PreviewRun = ValidatedRun;

export interface PreviewShape {
  taskLabelId: string;
  taskLabel: string;
  type: string;
  points: number[];
  score?: number;
  needsReview: boolean;
  occluded: boolean;
  outside: boolean;
  attributes: { name: string; value: string }[];
  elements: PreviewShape[];
  mask?: { counts: number[]; left: number; top: number; right: number; bottom: number };
}

export interface PreviewFrame {
  frame: number;
  shapes: PreviewShape[];
  failure?: FrameFailure;
  /** The worker's time in the model and decoding the frame; absent when the frame failed. */
  inferenceMs?: number;
  decodeMs?: number;
  /** From sending the frame to a worker to its answer, as annotation-job measured it. */
  totalMs: number;
  unmappedDetections: number;
  droppedAttributeValues: number;
}

export interface AutoAnnotationPreview {
  modelId: string;
  taskId: string;
  threshold: number;
  thresholds: LabelThreshold[];
  mapping: LabelMapping[];
  /** In the order they were asked for. */
  frames: PreviewFrame[];
  /** The whole call: validation, quota and every frame. */
  totalMs: number;
}

export interface PreviewServiceDeps {
  /** The same validation as a run's, for these frames (each must be in the task); throws its typed errors. */
  validate(tenantId: string, request: PreviewRequest, frames: number[]): Promise<PreviewRun>;
  /** The InferFrame a run would send for the frame (inferFrameMessage). */
  message(run: PreviewRun, frame: TaskFrame, ids: { jobId: string; tenantId: string; taskId: string }): InferFrame;
  inference: FrameInference;
  usage: Pick<JobRepository, "recordOnDemandUsage">;
  /** Frames per hour count previews too (0 / omitted: no limit). */
  limits?: TenantLimits;
  /** PREVIEW_MAX_CONCURRENT_PER_TENANT. */
  slots: PreviewSlots;
  /** PREVIEW_FRAME_TIMEOUT_MS: the longest one frame may take, the wait for a worker included. */
  frameTimeoutMs: number;
  /** Frames of one preview sent to the workers at once. */
  frameConcurrency: number;
  logger: Logger;
  /** Milliseconds, monotonic (performance.now). */
  clock?: () => number;
}

/**
 * previewAutoAnnotation: up to 16 frames run through the workers exactly as a run's frames (same validation, message,
 * model budget and mapping) over request/reply, so a preview waits behind no job's queued frames and takes no task's
 * job slot. Nothing is stored but the frames' count (on_demand_usage, against the tenant's frames per hour).
 */
export class PreviewService {
  private readonly clock: () => number;

  constructor(private readonly deps: PreviewServiceDeps) {
    this.clock = deps.clock ?? (() => performance.now());
  }

  async preview(tenantId: string, request: PreviewRequest, frames: readonly number[]): Promise<AutoAnnotationPreview> {
    const started = this.clock();
    const shape = checkPreviewFrames(frames);
    if (!shape.ok) throw new AppError(AnnotationJobErrorCode.InvalidFrameRange, shape.message, shape.details);
    const slot = this.deps.slots.take(tenantId);
    if (!slot.ok) throw previewLimit(this.deps.slots.max, slot.running);
    try {
      // Frames the task lacks are validateRun's INVALID_FRAME_RANGE, naming them.
      const run = await this.deps.validate(tenantId, request, shape.frames);
      const byIndex = new Map(run.frames.map((f) => [f.index, f]));
      await this.recordUsage(tenantId, shape.frames.length);

      const ids = { jobId: "", tenantId, taskId: run.task.id };
      const labels = labelNames(run.task.labels);
      const results = await inLanes(
        shape.frames.map((index) => byIndex.get(index)!),
        this.deps.frameConcurrency,
        (frame) => this.runFrame(run, labels, this.deps.message(run, frame, ids)),
      );
      return {
        modelId: run.model.id,
        taskId: run.task.id,
        threshold: run.threshold,
        thresholds: run.labelThresholds,
        mapping: run.mapping,
        frames: results,
        totalMs: this.clock() - started,
      };
    } finally {
      slot.release();
    }
  }

  private async recordUsage(tenantId: string, frames: number): Promise<void> {
    try {
      await this.deps.usage.recordOnDemandUsage(tenantId, "PREVIEW", frames, this.deps.limits);
    } catch (err) {
      if (err instanceof TenantLimitError) throw previewFrameQuota(err);
      throw err;
    }
  }

  private async runFrame(run: PreviewRun, labels: ReadonlyMap<string, string>, message: InferFrame): Promise<PreviewFrame> {
    const started = this.clock();
    const result = await this.deps.inference.infer(message, { timeoutMs: this.deps.frameTimeoutMs });
    const totalMs = this.clock() - started;
    if (!result.ok) {
      const { code, reason } = result.failed;
      this.deps.logger.info({ taskId: run.task.id, frame: message.frame, code }, "preview frame failed");
      return {
        frame: message.frame,
        shapes: [],
        failure: { frame: message.frame, code, reason },
        totalMs,
        unmappedDetections: 0,
        droppedAttributeValues: 0,
      };
    }
    const reviewBelow = run.reviewBelow ?? undefined;
    return {
      frame: message.frame,
      shapes: result.inferred.shapes.map((s) => previewShape(s, labels, reviewBelow)),
      inferenceMs: result.inferenceMs,
      decodeMs: result.decodeMs,
      totalMs,
      unmappedDetections: result.inferred.unmappedDetections,
      droppedAttributeValues: result.inferred.droppedAttributeValues,
    };
  }
}

/** A worker's shape as the preview shows it; flagged for review when scored under `reviewBelow`, as a run would commit it. */
export function previewShape(shape: Shape, labels: ReadonlyMap<string, string>, reviewBelow: number | undefined): PreviewShape {
  return {
    taskLabelId: shape.labelId,
    taskLabel: labels.get(shape.labelId) ?? shape.labelId,
    type: ShapeType[shape.type] ?? "UNSPECIFIED",
    points: [...shape.points],
    ...(shape.score !== undefined ? { score: shape.score } : {}),
    needsReview: reviewBelow !== undefined && shape.score !== undefined && shape.score < reviewBelow,
    occluded: shape.occluded,
    outside: shape.outside,
    attributes: shape.attributes.map((a) => ({ name: a.name, value: a.value })),
    elements: shape.elements.map((e) => previewShape(e, labels, reviewBelow)),
    ...(shape.mask
      ? {
          mask: {
            counts: [...shape.mask.counts],
            left: shape.mask.left,
            top: shape.mask.top,
            right: shape.mask.right,
            bottom: shape.mask.bottom,
          },
        }
      : {}),
  };
}

/** Task label id → name, sublabels (skeleton points) included. */
function labelNames(labels: readonly TaskLabel[], into = new Map<string, string>()): Map<string, string> {
  for (const l of labels) {
    into.set(l.id, l.name);
    labelNames(l.sublabels, into);
  }
  return into;
}

/** `work` over `items`, at most `lanes` at once; results in the items' order. */
async function inLanes<T, R>(items: readonly T[], lanes: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
  return results;
}
