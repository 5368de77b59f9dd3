import type { Box, Detection, TrackerOptions, TrackOutput } from "@prelabel/tracking";
import { ShapeType, type AnnotationSource, type LabelNode } from "./label-types.js";
import type { AttributeValue, StagedShape } from "./staged-shape.js";
import { TaskErrors } from "./task.errors.js";

/** Shape types that become tracks when a job tracks; every other type stays a per-frame annotation. */
export const TRACKED_SHAPE_TYPES: readonly ShapeType[] = [ShapeType.RECTANGLE, ShapeType.POLYGON, ShapeType.SKELETON];
const TRACKED = new Set<string>(TRACKED_SHAPE_TYPES);

/** A job's tracking as its CommitAnnotations carries it: the tracker's options (highScore = the job's threshold). */
export type TrackingSettings = TrackerOptions;

/** A skeleton point of a track shape (its sublabel and where it is). */
export interface TrackShapeElement {
  labelId: string;
  points: number[];
  outside: boolean;
  occluded: boolean;
}

/** A track's shape on one frame: a stored keyframe, or (on read) one interpolated between two. */
export interface TrackShape {
  frame: number;
  type: ShapeType;
  points: number[];
  /** The detection's score on a keyframe it matched; null on outside markers and interpolated shapes. */
  score: number | null;
  keyframe: boolean;
  /** The object is not in view from this frame until the next keyframe that is not outside. */
  outside: boolean;
  occluded: boolean;
  elements: TrackShapeElement[];
}

/** A track to insert: one object across frames, visible from startFrame to endFrame (inclusive). */
export interface TrackDraft {
  labelId: string;
  attributes: AttributeValue[];
  startFrame: number;
  endFrame: number;
  /** Keyframes by frame: one per matched detection, then the outside marker when the track ends before the range does. */
  shapes: TrackShape[];
}

/** A stored track. */
export interface Track extends Omit<TrackDraft, "shapes"> {
  id: string;
  /** Insertion order, the tie-breaker of track pages (a bigint, as text). */
  seq: string;
  taskId: string;
  source: AnnotationSource;
  jobId: string | null;
}

/** One frame's staged shapes, as staged (their order is the staged ordinal). */
export interface StagedFrame {
  frame: number;
  shapes: readonly StagedShape[];
}

/** A detection's payload: the staged shape (foreign skeleton points removed) and its place in its frame's results. */
interface Staged {
  shape: StagedShape;
  ordinal: number;
}

export type TrackFn = <T>(
  frames: Iterable<{ frame: number; detections: readonly Detection<T>[] }>,
  options: TrackerOptions,
) => TrackOutput<T>[];

export interface TrackPlan {
  tracks: TrackDraft[];
  /** Tracked-type shapes that could not enter the tracker: a label that is not one of the task's top-level labels, or no points. */
  dropped: number;
  /** Skeleton points dropped because their label is not a sublabel of their skeleton's label. */
  droppedElements: number;
}

/**
 * Turns a job's staged RECTANGLE, POLYGON and SKELETON shapes into tracks. Frames are fed in ascending order over the
 * whole range `start..stop` (a frame with nothing staged is an empty frame: it ages tracks), shapes in staged order,
 * each as a detection whose category is its top-level task label and whose box is its points' bounding box (a
 * skeleton's: its visible points'). A shape without a score counts as certain (1). Each confirmed track becomes a
 * draft whose keyframes are its matched detections' own shapes and scores, plus an `outside` keyframe at the frame
 * after its last one when that is still in the range; its attributes are its first detection's. Tracks come in the
 * order of their first frame, then of their first detection in that frame's staged results.
 * `frames` may come in any order; shapes of other types are ignored (they are the per-frame annotations' business).
 */
export function planTracks(
  frames: readonly StagedFrame[],
  labels: readonly LabelNode[],
  range: { start: number; stop: number },
  options: TrackingSettings,
  track: TrackFn,
): TrackPlan {
  const topLabels = new Map(labels.map((l) => [l.id, l]));
  const byFrame = new Map<number, Detection<Staged>[]>();
  let dropped = 0;
  let droppedElements = 0;
  const ordered = [...frames].sort((a, b) => a.frame - b.frame);
  for (const { frame, shapes } of ordered) {
    if (frame < range.start || frame > range.stop) continue;
    const detections: Detection<Staged>[] = byFrame.get(frame) ?? [];
    for (const [ordinal, shape] of shapes.entries()) {
      if (!TRACKED.has(shape.type)) continue;
      const label = topLabels.get(shape.labelId);
      if (!label) {
        dropped += 1;
        continue;
      }
      const sublabels = new Set(label.sublabels.map((s) => s.id));
      const elements = shape.elements.filter((e) => sublabels.has(e.labelId));
      droppedElements += shape.elements.length - elements.length;
      const kept = elements.length === shape.elements.length ? shape : { ...shape, elements };
      const box = shapeBox(kept);
      if (!box) {
        dropped += 1;
        continue;
      }
      detections.push({ box, score: shape.score ?? 1, category: label.id, payload: { shape: kept, ordinal } });
    }
    byFrame.set(frame, detections);
  }

  function* allFrames() {
    for (let frame = range.start; frame <= range.stop; frame++) yield { frame, detections: byFrame.get(frame) ?? [] };
  }
  const outputs = track(allFrames(), options);
  const tracks: (TrackDraft & { firstOrdinal: number })[] = [];
  for (const output of outputs) {
    const observations = [...output.observations].sort((a, b) => a.frame - b.frame);
    const first = observations[0];
    const last = observations[observations.length - 1];
    if (!first || !last) continue;
    const shapes: TrackShape[] = observations.map(({ frame, detection }) => keyframe(frame, detection.payload.shape));
    if (last.frame < range.stop) shapes.push({ ...keyframe(last.frame + 1, last.detection.payload.shape), score: null, outside: true });
    tracks.push({
      labelId: output.category,
      attributes: first.detection.payload.shape.attributes ?? [],
      startFrame: first.frame,
      endFrame: last.frame,
      shapes,
      firstOrdinal: first.detection.payload.ordinal,
    });
  }
  // By first frame, then the first detection's staged order: an order of the staged results alone (the tracker's
  // ids may also depend on the label ids, which differ between two tasks with the same labels).
  tracks.sort((a, b) => a.startFrame - b.startFrame || a.firstOrdinal - b.firstOrdinal);
  return { tracks: tracks.map(({ firstOrdinal: _, ...track }) => track), dropped, droppedElements };
}

function keyframe(frame: number, shape: StagedShape): TrackShape {
  return {
    frame,
    type: shape.type,
    points: [...shape.points],
    score: shape.score,
    keyframe: true,
    outside: false,
    occluded: shape.occluded ?? false,
    elements: shape.elements.map((e) => ({
      labelId: e.labelId,
      points: [...e.points],
      outside: e.outside ?? false,
      occluded: e.occluded ?? false,
    })),
  };
}

/** The bounding box of a shape's points (x, y pairs); a skeleton without points of its own uses its visible elements'. */
export function shapeBox(shape: Pick<StagedShape, "points" | "elements">): Box | null {
  let points = shape.points;
  if (points.length < 2) points = shape.elements.filter((e) => !e.outside).flatMap((e) => e.points);
  if (points.length < 2) return null;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i];
    const y = points[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
    x1 = Math.min(x1, x);
    y1 = Math.min(y1, y);
    x2 = Math.max(x2, x);
    y2 = Math.max(y2, y);
  }
  return [x1, y1, x2, y2];
}

/**
 * A track's shapes on every frame from its first keyframe to `endFrame`: keyframes as stored; a frame between two
 * keyframes gets the earlier one's shape with its points moved linearly towards the later one's (when both have as
 * many points and the same type, and likewise each skeleton point whose label and count match; otherwise the earlier
 * keyframe is held); no shape while the track is outside. Interpolated shapes are not keyframes and have no score.
 */
export function interpolateTrack(keyframes: readonly TrackShape[], endFrame: number): TrackShape[] {
  const keys = [...keyframes].sort((a, b) => a.frame - b.frame);
  const out: TrackShape[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key.frame > endFrame) break;
    if (key.outside) continue;
    out.push(key);
    const next = keys[i + 1];
    const until = next ? Math.min(next.frame - 1, endFrame) : endFrame;
    for (let frame = key.frame + 1; frame <= until; frame++) {
      const t = next && !next.outside ? (frame - key.frame) / (next.frame - key.frame) : 0;
      out.push(between(key, next, t, frame));
    }
  }
  return out;
}

function between(a: TrackShape, b: TrackShape | undefined, t: number, frame: number): TrackShape {
  const moves = b !== undefined && !b.outside && t > 0 && a.type === b.type;
  return {
    frame,
    type: a.type,
    points: moves ? lerpPoints(a.points, b.points, t) : [...a.points],
    score: null,
    keyframe: false,
    outside: false,
    occluded: a.occluded,
    elements: a.elements.map((e, i) => {
      const other = moves ? b.elements[i] : undefined;
      const points = other && other.labelId === e.labelId ? lerpPoints(e.points, other.points, t) : [...e.points];
      return { labelId: e.labelId, points, outside: e.outside, occluded: e.occluded };
    }),
  };
}

function lerpPoints(a: readonly number[], b: readonly number[], t: number): number[] {
  if (a.length !== b.length) return [...a];
  return a.map((v, i) => v + (b[i] - v) * t);
}

/**
 * Track shapes one GraphQL operation may return, keyframes and interpolated ones alike: the gateway's cost counts a
 * list without `first` as 10 items, but a track's shapes can be one per frame of a long video.
 */
export const MAX_TRACK_SHAPES_PER_OPERATION = 100_000;

/** One operation's allowance of track shapes: `take(n)` spends n, past the limit it fails with TOO_MANY_TRACK_SHAPES. */
export class TrackShapeBudget {
  private used = 0;

  constructor(readonly max: number = MAX_TRACK_SHAPES_PER_OPERATION) {}

  take(count: number): void {
    if (this.used + count > this.max) throw TaskErrors.tooManyTrackShapes(this.max);
    this.used += count;
  }
}
