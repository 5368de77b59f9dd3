import { DEFAULT_TRACKER_OPTIONS } from "@prelabel/tracking";
import type { LabelMapping, ModelLabel } from "./labels.js";

/**
 * A job's multi-object tracking settings, as stored on the job. The tracker's `highScore` is the job's threshold
 * (a track starts only at a detection the job would have kept); `lowScore` is what the worker is asked for instead,
 * so ByteTrack's second stage sees the weaker detections that extend existing tracks.
 */
export interface JobTracking {
  /** Minimum IoU of the first (high-score) association, in (0, 1). */
  iouThreshold: number;
  /** Frames a lost track is kept for re-association before it ends, 1..1000. */
  maxAge: number;
  /** Matched frames before a track is confirmed (only confirmed tracks are written), 1..100. */
  minHits: number;
  /** Detections in [lowScore, threshold) only extend tracks: min(DEFAULT_TRACKER_OPTIONS.lowScore, threshold). */
  lowScore: number;
}

/** What a start asks for; omitted (or null) fields fall back to DEFAULT_TRACKER_OPTIONS. */
export interface TrackingRequest {
  enabled: boolean;
  iouThreshold?: number | null;
  maxAge?: number | null;
  minHits?: number | null;
}

export const TRACKING_LIMITS = { maxAge: { min: 1, max: 1000 }, minHits: { min: 1, max: 100 } } as const;

export interface TrackingProblem {
  field: "iouThreshold" | "maxAge" | "minHits";
  message: string;
}

export type TrackingResult = { ok: true; value: JobTracking | null } | { ok: false; problems: TrackingProblem[] };

/** Checks the request's ranges and fills in the defaults; a disabled (or absent) request is no tracking (null). */
export function resolveTracking(request: TrackingRequest | null | undefined, threshold: number): TrackingResult {
  if (!request?.enabled) return { ok: true, value: null };
  const problems: TrackingProblem[] = [];
  const iouThreshold = request.iouThreshold ?? DEFAULT_TRACKER_OPTIONS.iouThreshold;
  if (!(Number.isFinite(iouThreshold) && iouThreshold > 0 && iouThreshold < 1)) {
    problems.push({ field: "iouThreshold", message: `iouThreshold must be greater than 0 and less than 1 (got ${String(iouThreshold)}).` });
  }
  const maxAge = request.maxAge ?? DEFAULT_TRACKER_OPTIONS.maxAge;
  if (!inRange(maxAge, TRACKING_LIMITS.maxAge)) {
    problems.push({ field: "maxAge", message: `maxAge must be an integer from 1 to 1000 (got ${String(maxAge)}).` });
  }
  const minHits = request.minHits ?? DEFAULT_TRACKER_OPTIONS.minHits;
  if (!inRange(minHits, TRACKING_LIMITS.minHits)) {
    problems.push({ field: "minHits", message: `minHits must be an integer from 1 to 100 (got ${String(minHits)}).` });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, value: { iouThreshold, maxAge, minHits, lowScore: Math.min(DEFAULT_TRACKER_OPTIONS.lowScore, threshold) } };
}

function inRange(value: number, limits: { min: number; max: number }): boolean {
  return Number.isInteger(value) && value >= limits.min && value <= limits.max;
}

/** The threshold a job's InferFrame carries: the job's own, or lowScore when tracking (the commit filters the rest). */
export function inferenceThreshold(job: { threshold: number; tracking: JobTracking | null }): number {
  return job.tracking ? job.tracking.lowScore : job.threshold;
}

const TRACKED_TYPES = new Set(["RECTANGLE", "POLYGON", "SKELETON"]);
const UNTRACKED_MODEL_TYPES = new Set(["TAG", "POINTS", "POLYLINE"]);

/**
 * Whether any mapped pair can produce a RECTANGLE, POLYGON or SKELETON: a task label of one of those types (the
 * mapping's rules already made the model label compatible; a MASK one mapped onto POLYGON is converted by the worker),
 * or an ANY task label fed by a model label that is not a tag, points or polyline, nor a mask unless masks are converted.
 * A start with tracking and no such pair is TRACKING_NOT_APPLICABLE; a mix is fine (the rest stays per-frame).
 */
export function mappingCanTrack(
  mapping: readonly LabelMapping[],
  modelLabels: readonly ModelLabel[],
  convertMasksToPolygons: boolean,
): boolean {
  const modelTypes = new Map(modelLabels.map((l) => [l.name, l.type]));
  return mapping.some((m) => {
    if (TRACKED_TYPES.has(m.taskLabelType)) return true;
    if (m.taskLabelType !== "ANY") return false;
    const modelType = modelTypes.get(m.modelLabel) ?? "UNSPECIFIED";
    if (UNTRACKED_MODEL_TYPES.has(modelType)) return false;
    return modelType !== "MASK" || convertMasksToPolygons;
  });
}
