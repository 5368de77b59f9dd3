// ByteTrack (Zhang et al., 2022) offline over a whole sequence: detections are linked frame by frame in two stages
// (high-score detections against every confirmed track, then low-score detections against the tracks still unmatched
// that were tracked on their previous frame), a Kalman filter predicts each track's box, and exact assignment
// (assignment.ts) picks the pairs. Pure and deterministic: see README.md for the algorithm and the options' defaults.
import { assignByComponents, ComponentWorkspace } from "./assignment.js";
import { iou, type Box } from "./box.js";
import { BoxKalmanFilter } from "./kalman-filter.js";

export interface Detection<T = unknown> {
  box: Box;
  score: number;
  category: string;
  payload: T;
}

export interface TrackerOptions {
  /** Minimum IoU for the first (high-score) association; ByteTrack's match threshold. */
  iouThreshold: number;
  /** Frames a lost track is kept for re-association before it ends. */
  maxAge: number;
  /** Matched frames before a track is confirmed (only confirmed tracks are output). */
  minHits: number;
  /** Detections >= highScore start and extend tracks (the job's threshold). */
  highScore: number;
  /** Detections in [lowScore, highScore) only extend existing tracks (second stage). */
  lowScore: number;
}

/**
 * iouThreshold 0.3: ByteTrack's first stage accepts 1 − IoU·score < 0.8, i.e. IoU > 0.2 for a detection of score 1 and
 * about 0.3 at the scores a 0.5-threshold job keeps (0.6–0.7); SORT uses 0.3. maxAge 30: ByteTrack's track buffer (30
 * frames, one second at 30 fps). minHits 3: SORT's; a false positive must persist three frames to become a track.
 * highScore 0.5 and lowScore 0.1: ByteTrack's track_thresh and its low bound.
 */
export const DEFAULT_TRACKER_OPTIONS: TrackerOptions = Object.freeze({
  iouThreshold: 0.3,
  maxAge: 30,
  minHits: 3,
  highScore: 0.5,
  lowScore: 0.1,
});

/** ByteTrack's second stage matches low-score detections at IoU ≥ 0.5 (its `thresh=0.5`): they are less reliable. */
export const SECOND_STAGE_IOU_THRESHOLD = 0.5;

export interface TrackObservation<T> {
  frame: number;
  detection: Detection<T>;
}

export interface TrackOutput<T> {
  trackId: number;
  category: string;
  /** Matched frames, ascending. */
  observations: TrackObservation<T>[];
}

const TENTATIVE = 0;
const TRACKED = 1;
const LOST = 2;

interface Track<T> {
  /** Creation order: the last tie-break, after the first frame, for ids. */
  readonly seq: number;
  readonly category: string;
  readonly filter: BoxKalmanFilter;
  readonly firstFrame: number;
  state: typeof TENTATIVE | typeof TRACKED | typeof LOST;
  /** 0 until confirmed. */
  id: number;
  hits: number;
  lastFrame: number;
  /** The predicted box at the frame being processed. */
  predicted: Box;
  readonly observations: TrackObservation<T>[];
}

function checkOptions(o: TrackerOptions): void {
  const bad = (what: string) => {
    throw new RangeError(`TrackerOptions: ${what}`);
  };
  if (!(o.iouThreshold > 0 && o.iouThreshold <= 1)) bad(`iouThreshold must be in (0, 1], got ${o.iouThreshold}`);
  if (!(Number.isInteger(o.maxAge) && o.maxAge >= 0)) bad(`maxAge must be an integer >= 0, got ${o.maxAge}`);
  if (!(Number.isInteger(o.minHits) && o.minHits >= 1)) bad(`minHits must be an integer >= 1, got ${o.minHits}`);
  if (!(Number.isFinite(o.highScore) && Number.isFinite(o.lowScore) && o.lowScore <= o.highScore))
    bad(`lowScore (${o.lowScore}) must be <= highScore (${o.highScore})`);
}

/** Canonical order of a frame's detections, so that their order in the input does not matter. */
function compareDetections(a: Detection, b: Detection): number {
  if (a.category !== b.category) return a.category < b.category ? -1 : 1;
  if (a.score !== b.score) return b.score - a.score;
  for (let k = 0; k < 4; k++) if (a.box[k] !== b.box[k]) return a.box[k] - b.box[k];
  return 0;
}

/**
 * Online state of one sequence. Call {@link update} for every frame in ascending frame order (frames without
 * detections included: they age tracks; a frame number skipped, e.g. a frame that failed, is time passing without an
 * observation), then {@link finish} for the confirmed tracks.
 */
export class ByteTracker<T> {
  private readonly options: TrackerOptions;
  /** Confirmed tracks still alive (tracked or lost), by id. */
  private tracks: Track<T>[] = [];
  /** Tracks not confirmed yet, by creation order. */
  private tentative: Track<T>[] = [];
  private readonly ended: Track<T>[] = [];
  private lastFrame: number | undefined;
  private nextSeq = 0;
  private nextId = 1;
  private finished = false;
  private readonly workspace = new ComponentWorkspace();
  private cost = new Float64Array(0);
  private assigned = new Int32Array(0);

  constructor(options: TrackerOptions) {
    checkOptions(options);
    this.options = { ...options };
  }

  update(frame: number, detections: readonly Detection<T>[]): void {
    if (this.finished) throw new Error("ByteTracker: update after finish");
    if (!Number.isInteger(frame)) throw new RangeError(`ByteTracker: frame ${frame} is not an integer`);
    if (this.lastFrame !== undefined && frame <= this.lastFrame)
      throw new RangeError(`ByteTracker: frame ${frame} after frame ${this.lastFrame}: frames must be ascending`);
    for (const d of detections) {
      const [x1, y1, x2, y2] = d.box;
      if (![x1, y1, x2, y2, d.score].every(Number.isFinite) || x2 < x1 || y2 < y1)
        throw new RangeError(`ByteTracker: frame ${frame} has a detection with box [${d.box.join(", ")}] and score ${d.score}`);
    }
    const steps = this.lastFrame === undefined ? 0 : frame - this.lastFrame;
    this.lastFrame = frame;
    const { maxAge, minHits, highScore, lowScore, iouThreshold } = this.options;

    // Age and predict. A confirmed track ends once more than maxAge frames have passed without a match.
    const alive: Track<T>[] = [];
    for (const t of this.tracks) {
      if (frame - t.lastFrame - 1 > maxAge) this.ended.push(t);
      else alive.push(t);
    }
    this.tracks = alive;
    for (const t of this.tracks) {
      for (let s = 0; s < steps; s++) {
        // ByteTrack keeps a lost track's height from drifting: its height velocity is zeroed before each prediction.
        if (t.state === LOST) t.filter.mean[7] = 0;
        t.filter.predict();
      }
      t.predicted = t.filter.box();
    }
    for (const t of this.tentative) {
      for (let s = 0; s < steps; s++) t.filter.predict();
      t.predicted = t.filter.box();
    }

    const sorted = detections.filter((d) => d.score >= lowScore).sort(compareDetections);
    const high = sorted.filter((d) => d.score >= highScore);
    const low = sorted.filter((d) => d.score < highScore);

    // 1. High-score detections against every confirmed track (tracked or lost).
    const matchedHigh = new Uint8Array(high.length);
    const pool = this.tracks;
    const poolMatched = new Uint8Array(pool.length);
    this.associate(pool, high, iouThreshold, (r, c) => {
      this.extend(pool[r], frame, high[c]);
      poolMatched[r] = 1;
      matchedHigh[c] = 1;
    });

    // 2. Low-score detections against the confirmed tracks left that were tracked on their previous frame.
    const second = pool.filter((t, r) => !poolMatched[r] && t.state === TRACKED);
    this.associate(second, low, SECOND_STAGE_IOU_THRESHOLD, (r, c) => this.extend(second[r], frame, low[c]));
    for (const t of second) if (t.lastFrame !== frame) t.state = LOST;

    // 3. Tentative tracks against the high-score detections left; a tentative track that misses a frame is dropped.
    const restHigh = high.filter((_, c) => !matchedHigh[c]);
    const restUsed = new Uint8Array(restHigh.length);
    const tentative = this.tentative;
    this.associate(tentative, restHigh, iouThreshold, (r, c) => {
      this.extend(tentative[r], frame, restHigh[c]);
      restUsed[c] = 1;
    });
    const kept = tentative.filter((t) => t.lastFrame === frame);

    // 4. A track starts at every high-score detection still unmatched.
    for (let c = 0; c < restHigh.length; c++) {
      if (restUsed[c]) continue;
      const d = restHigh[c];
      kept.push({
        seq: this.nextSeq++,
        category: d.category,
        filter: new BoxKalmanFilter(d.box),
        firstFrame: frame,
        state: TENTATIVE,
        id: 0,
        hits: 1,
        lastFrame: frame,
        predicted: d.box,
        observations: [{ frame, detection: d }],
      });
    }

    // Confirmation after minHits matched frames; ids in order of confirmation, then first frame, then creation.
    const confirmed = kept.filter((t) => t.hits >= minHits).sort((a, b) => a.firstFrame - b.firstFrame || a.seq - b.seq);
    for (const t of confirmed) {
      t.id = this.nextId++;
      t.state = TRACKED;
      this.tracks.push(t);
    }
    this.tentative = confirmed.length ? kept.filter((t) => t.state === TENTATIVE) : kept;
  }

  /** The confirmed tracks, by id, each with its matched observations; the tracker takes no more frames after this. */
  finish(): TrackOutput<T>[] {
    this.finished = true;
    return [...this.ended, ...this.tracks]
      .sort((a, b) => a.id - b.id)
      .map((t) => ({ trackId: t.id, category: t.category, observations: t.observations }));
  }

  private extend(t: Track<T>, frame: number, d: Detection<T>): void {
    t.filter.update(d.box);
    t.hits++;
    t.lastFrame = frame;
    if (t.state === LOST) t.state = TRACKED;
    t.observations.push({ frame, detection: d });
  }

  /**
   * Exact assignment of tracks (by their predicted boxes) to detections of the same category with IoU ≥ threshold,
   * maximizing the total IoU of the pairs (cost 1 − IoU, limit 1).
   */
  private associate(
    tracks: readonly Track<T>[],
    detections: readonly Detection<T>[],
    threshold: number,
    onMatch: (row: number, col: number) => void,
  ): void {
    const rows = tracks.length;
    const cols = detections.length;
    if (rows === 0 || cols === 0) return;
    if (this.cost.length < rows * cols) this.cost = new Float64Array(Math.max(rows * cols, this.cost.length * 2));
    if (this.assigned.length < rows) this.assigned = new Int32Array(Math.max(rows, this.assigned.length * 2));
    const cost = this.cost;
    for (let r = 0; r < rows; r++) {
      const t = tracks[r];
      for (let c = 0; c < cols; c++) {
        const d = detections[c];
        const overlap = d.category === t.category ? iou(t.predicted, d.box) : 0;
        cost[r * cols + c] = overlap >= threshold && overlap > 0 ? 1 - overlap : Infinity;
      }
    }
    assignByComponents(cost, rows, cols, 1, this.assigned, this.workspace);
    for (let r = 0; r < rows; r++) if (this.assigned[r] >= 0) onMatch(r, this.assigned[r]);
  }
}

/** Runs a {@link ByteTracker} over a whole sequence (frames ascending, empty frames included) and returns its tracks. */
export function trackDetections<T>(
  frames: Iterable<{ frame: number; detections: readonly Detection<T>[] }>,
  options: TrackerOptions,
): TrackOutput<T>[] {
  const tracker = new ByteTracker<T>(options);
  for (const f of frames) tracker.update(f.frame, f.detections);
  return tracker.finish();
}
