import { randomUUID } from "node:crypto";
import { AppError, ErrorCode, type Logger } from "@prelabel/service-kit";
import type { FrameFailed, FrameInferred, InferFrame } from "@prelabel/proto";
import { toEvalShape, type TaskAnnotations } from "../clients/task-annotations.client.js";
import { AnnotationJobErrorCode } from "../domain/annotation-job-error-codes.js";
import {
  checkFrameSelection,
  DEFAULT_EVALUATION_MAX_FRAMES,
  EvaluationFailureCode,
  evaluationScoreFloor,
  type Evaluation,
  type LabelThresholdSetting,
  type TilingSetting,
} from "../domain/evaluation.js";
import type { EvalShape } from "../domain/evaluation-geometry.js";
import type { EvaluationCounters, EvaluationRepository } from "../domain/evaluation.repository.js";
import { scoreEvaluation, type MetricsFunction } from "../domain/evaluation-scoring.js";
import type { FrameFailure } from "../domain/frame-outcome.js";
import { TenantLimitError } from "../domain/job.errors.js";
import type { LabelMapping, LabelMappingRequest, ModelDescription, TaskDescription, TaskFrame } from "../domain/labels.js";
import type { TenantLimits } from "../domain/tenant-limits.js";
import { tenantLimitExceeded } from "./auto-annotation.errors.js";

/** evaluateModel's input (the caller's tenant apart). */
export interface EvaluateModelRequest {
  taskId: string;
  modelId: string;
  mapping?: LabelMappingRequest[] | null;
  /** Omitted: every frame with manual annotations (up to EVALUATION_MAX_FRAMES). */
  frames?: number[] | null;
  threshold?: number | null;
  thresholds?: { label: string; threshold: number }[] | null;
  convertMasksToPolygons?: boolean | null;
  tiling?: { tileSize: number; overlap?: number | null; merge?: "NMS" | "WBF" | null } | null;
}

/** What AutoAnnotationService.validateRun answers that an evaluation uses (a run's checks, errors and all). */
export interface ValidatedEvaluationRun {
  task: TaskDescription;
  model: ModelDescription;
  threshold: number;
  labelThresholds: readonly LabelThresholdSetting[];
  mapping: LabelMapping[];
  tiling: TilingSetting | null;
  convertMasksToPolygons: boolean;
  frames: TaskFrame[];
}

/** AutoAnnotationService's validateRun, as an evaluation calls it (never with a frame range). */
export interface RunValidator {
  validateRun(
    tenantId: string,
    request: Omit<EvaluateModelRequest, "frames">,
    frames: { kind: "indexes"; indexes: readonly number[] } | { kind: "none" },
  ): Promise<ValidatedEvaluationRun>;
}

/** The frame settings every InferFrame of an evaluation carries (messaging/publishers/infer-frame.mapper.ts). */
export interface EvaluationInferSettings {
  modelId: string;
  modelRuntime: string;
  threshold: number;
  tracking: null;
  convertMasksToPolygons: boolean;
  mapping: readonly LabelMapping[];
  labelThresholds: readonly LabelThresholdSetting[];
  tiling: TilingSetting | null;
}

export type InferFrameBuilder = (
  settings: EvaluationInferSettings,
  frame: TaskFrame,
  ids: { jobId: string; tenantId: string; taskId: string },
) => InferFrame;

/** One frame through a worker at once (clients/frame-inference.client.ts); never throws. */
export interface FrameInferencePort {
  infer(
    message: InferFrame,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<{ ok: true; inferred: FrameInferred } | { ok: false; failed: FrameFailed }>;
}

/** JobRepository.recordOnDemandUsage: the frames count toward the tenant's frames per hour (TenantLimitError past it). */
export interface OnDemandUsage {
  recordOnDemandUsage(tenantId: string, kind: "EVALUATION", frames: number, limits?: TenantLimits): Promise<unknown>;
}

export interface EvaluationSettings {
  /** EVALUATION_MAX_FRAMES. */
  maxFrames: number;
  /** EVALUATION_CONCURRENCY: frames in flight at once per evaluation. */
  concurrency: number;
  /** How long one frame may take (the worker's answer included). */
  frameTimeoutMs: number;
  /** A RUNNING evaluation unchanged this long was interrupted (its process stopped). */
  staleAfterMs: number;
  /** How often a running evaluation writes its counters (the heartbeat); keep it well under staleAfterMs. */
  progressMs: number;
}

export const DEFAULT_EVALUATION_SETTINGS: EvaluationSettings = {
  maxFrames: DEFAULT_EVALUATION_MAX_FRAMES,
  concurrency: 4,
  frameTimeoutMs: 60_000,
  staleAfterMs: 5 * 60_000,
  progressMs: 1_000,
};

export interface EvaluationServiceDeps {
  evaluations: EvaluationRepository;
  validator: RunValidator;
  annotations: TaskAnnotations;
  inference: FrameInferencePort;
  usage: OnDemandUsage;
  buildInferFrame: InferFrameBuilder;
  metrics: MetricsFunction;
  cocoKeypointSigmas: readonly number[];
  logger: Logger;
  limits?: TenantLimits;
  settings?: Partial<EvaluationSettings>;
  now?: () => Date;
}

/** Task.evaluations(first): its default and largest page. */
export const DEFAULT_EVALUATIONS_PER_TASK = 20;
export const MAX_EVALUATIONS_PER_TASK = 200;

/**
 * evaluateModel: validates like a run, finds the manual annotations, counts the frames toward the tenant's quota, stores
 * the evaluation RUNNING and answers; the frames then go through the workers in the background (request/reply, never the
 * run queue, so an evaluation does not wait behind a job), and the metrics are stored when the last frame is back.
 */
export class EvaluationService {
  private readonly settings: EvaluationSettings;
  private readonly now: () => Date;
  private readonly running = new Map<string, { abort: AbortController; done: Promise<void> }>();
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;

  constructor(private readonly deps: EvaluationServiceDeps) {
    this.settings = { ...DEFAULT_EVALUATION_SETTINGS, ...deps.settings };
    this.now = deps.now ?? (() => new Date());
  }

  get(tenantId: string, id: string): Promise<Evaluation | null> {
    return this.deps.evaluations.findById(tenantId, id);
  }

  async listByTask(tenantId: string, taskId: string, first = DEFAULT_EVALUATIONS_PER_TASK): Promise<Evaluation[]> {
    if (!Number.isInteger(first) || first < 0 || first > MAX_EVALUATIONS_PER_TASK) {
      throw new AppError(ErrorCode.BadUserInput, `first must be between 0 and ${MAX_EVALUATIONS_PER_TASK}`, {
        first,
        max: MAX_EVALUATIONS_PER_TASK,
      });
    }
    return this.deps.evaluations.listByTask(tenantId, taskId, first);
  }

  async start(tenantId: string, input: EvaluateModelRequest): Promise<Evaluation> {
    const selection = checkFrameSelection(input.frames, this.settings.maxFrames);
    if (!selection.ok) {
      throw new AppError(AnnotationJobErrorCode.InvalidFrameRange, selection.message, {
        frames: selection.invalid,
        max: this.settings.maxFrames,
      });
    }
    const { frames: _frames, ...request } = input;
    // Every check a run makes (mapping, thresholds, tiling, the frames being in the task) before anything is looked up.
    let run = await this.deps.validator.validateRun(
      tenantId,
      request,
      selection.frames ? { kind: "indexes", indexes: selection.frames } : { kind: "none" },
    );
    const groundTruth = await this.deps.annotations.manualAnnotations(tenantId, input.taskId, selection.frames, this.settings.maxFrames);
    if (groundTruth.size === 0) {
      const where = selection.frames
        ? `None of the ${selection.frames.length} frame(s) asked for has`
        : `No frame of task ${input.taskId} has`;
      throw new AppError(
        AnnotationJobErrorCode.NoGroundTruth,
        `${where} manual annotations to compare the model with; draw, save or import some first.`,
        { taskId: input.taskId, ...(selection.frames ? { frames: selection.frames.length } : {}) },
      );
    }
    // Frames without manual annotations are skipped: unannotated is not known to be empty.
    const evaluated = [...groundTruth.keys()].sort((a, b) => a - b);
    if (!selection.frames) run = await this.deps.validator.validateRun(tenantId, request, { kind: "indexes", indexes: evaluated });
    const wanted = new Set(evaluated);
    const frames = run.frames.filter((f) => wanted.has(f.index));

    try {
      await this.deps.usage.recordOnDemandUsage(tenantId, "EVALUATION", frames.length, this.deps.limits);
    } catch (err) {
      if (err instanceof TenantLimitError) throw tenantLimitExceeded(err);
      throw err;
    }

    const now = this.now();
    const evaluation: Evaluation = {
      id: randomUUID(),
      tenantId,
      taskId: input.taskId,
      modelId: input.modelId,
      status: "RUNNING",
      framesTotal: frames.length,
      framesDone: 0,
      framesFailed: 0,
      threshold: run.threshold,
      labelThresholds: run.labelThresholds.map((t) => ({ taskLabelId: t.taskLabelId, taskLabel: t.taskLabel, threshold: t.threshold })),
      mapping: run.mapping,
      tiling: run.tiling,
      convertMasksToPolygons: run.convertMasksToPolygons,
      results: null,
      failures: [],
      failureCode: null,
      failureReason: null,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
    await this.deps.evaluations.insert(evaluation);
    this.launch(evaluation, run, frames, groundTruth);
    this.deps.logger.info(
      { evaluationId: evaluation.id, tenantId, taskId: input.taskId, modelId: input.modelId, frames: frames.length },
      "evaluation started",
    );
    return evaluation;
  }

  /** Resolves once every evaluation this process runs now has finished (tests, benches). */
  async whenIdle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running.values()].map((r) => r.done));
  }

  /** Fails RUNNING evaluations whose process stopped (unchanged for staleAfterMs); returns their ids. */
  async sweepInterrupted(): Promise<string[]> {
    const ids = await this.deps.evaluations.failStale(
      this.settings.staleAfterMs,
      EvaluationFailureCode.INTERRUPTED,
      "the annotation-job process running it stopped before it finished; start it again",
    );
    if (ids.length) this.deps.logger.warn({ evaluationIds: ids }, "interrupted evaluations failed");
    return ids;
  }

  /** Sweeps now and every `intervalMs` (0: only now) until stop(). */
  startSweeping(intervalMs: number): void {
    const sweep = () => {
      if (this.sweeping) return;
      this.sweeping = this.sweepInterrupted()
        .catch((err: unknown) => this.deps.logger.error({ err }, "evaluation sweep failed"))
        .finally(() => (this.sweeping = undefined));
    };
    sweep();
    if (intervalMs > 0 && !this.sweepTimer) {
      this.sweepTimer = setInterval(sweep, intervalMs);
      this.sweepTimer.unref();
    }
  }

  /** Stops sweeping and interrupts what runs here (each is marked FAILED, EVALUATION_INTERRUPTED). */
  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    for (const r of this.running.values()) r.abort.abort();
    await this.whenIdle();
    await this.sweeping;
  }

  private launch(evaluation: Evaluation, run: ValidatedEvaluationRun, frames: TaskFrame[], groundTruth: Map<number, EvalShape[]>): void {
    const abort = new AbortController();
    const done = this.execute(evaluation, run, frames, groundTruth, abort.signal)
      .catch((err: unknown) => this.deps.logger.error({ err, evaluationId: evaluation.id }, "evaluation could not be finished"))
      .finally(() => this.running.delete(evaluation.id));
    this.running.set(evaluation.id, { abort, done });
  }

  private async execute(
    evaluation: Evaluation,
    run: ValidatedEvaluationRun,
    frames: TaskFrame[],
    groundTruth: Map<number, EvalShape[]>,
    signal: AbortSignal,
  ): Promise<void> {
    const repo = this.deps.evaluations;
    const ids = { jobId: evaluation.id, tenantId: evaluation.tenantId, taskId: evaluation.taskId };
    // The model runs at a low floor with no per-label cut: the operating thresholds are applied when scoring, the
    // curve and AP need the weak detections too.
    const settings: EvaluationInferSettings = {
      modelId: run.model.id,
      modelRuntime: run.model.runtime,
      threshold: evaluationScoreFloor(run.threshold, run.labelThresholds),
      tracking: null,
      convertMasksToPolygons: run.convertMasksToPolygons,
      mapping: run.mapping,
      labelThresholds: [],
      tiling: run.tiling,
    };
    const detections = new Map<number, EvalShape[]>();
    const failures: FrameFailure[] = [];
    const counters = (): EvaluationCounters => ({
      framesDone: detections.size,
      framesFailed: failures.length,
      failures: [...failures].sort((a, b) => a.frame - b.frame),
    });
    let writing: Promise<void> | undefined;
    const heartbeat = setInterval(() => {
      if (writing) return;
      writing = repo
        .progress(evaluation.id, counters())
        .catch((err: unknown) => this.deps.logger.warn({ err, evaluationId: evaluation.id }, "evaluation progress not written"))
        .finally(() => (writing = undefined));
    }, this.settings.progressMs);
    heartbeat.unref();

    try {
      let next = 0;
      const lane = async () => {
        while (next < frames.length && !signal.aborted) {
          const frame = frames[next++];
          const result = await this.deps.inference.infer(this.deps.buildInferFrame(settings, frame, ids), {
            timeoutMs: this.settings.frameTimeoutMs,
            signal,
          });
          if (signal.aborted) return;
          if (result.ok) detections.set(frame.index, result.inferred.shapes.map(toEvalShape));
          else failures.push({ frame: frame.index, code: result.failed.code, reason: result.failed.reason });
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(this.settings.concurrency, frames.length)) }, lane));
    } finally {
      clearInterval(heartbeat);
      await writing;
    }

    const now = this.now();
    if (signal.aborted) {
      await repo.fail(
        evaluation.id,
        EvaluationFailureCode.INTERRUPTED,
        "annotation-job stopped while it ran; start it again",
        counters(),
        now,
      );
      return;
    }
    if (detections.size === 0) {
      await repo.fail(
        evaluation.id,
        EvaluationFailureCode.NO_FRAME_EVALUATED,
        `all ${failures.length} frame(s) failed (see failures)`,
        counters(),
        now,
      );
      return;
    }
    let results;
    try {
      results = scoreEvaluation(
        {
          taskLabels: run.task.labels,
          mapping: run.mapping,
          threshold: run.threshold,
          labelThresholds: run.labelThresholds,
          groundTruth,
          detections,
          cocoKeypointSigmas: this.deps.cocoKeypointSigmas,
        },
        this.deps.metrics,
      );
    } catch (err) {
      this.deps.logger.error({ err, evaluationId: evaluation.id }, "evaluation metrics failed");
      await repo.fail(evaluation.id, EvaluationFailureCode.EVALUATION_ERROR, "the metrics could not be computed", counters(), now);
      return;
    }
    await repo.complete(evaluation.id, counters(), results, now);
    this.deps.logger.info(
      { evaluationId: evaluation.id, framesDone: detections.size, framesFailed: failures.length, meanAp50: results.meanAp50 },
      "evaluation completed",
    );
  }
}
