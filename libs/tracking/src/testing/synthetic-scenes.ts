// Synthetic detections from known trajectories, for the tracker's specs and the bench: objects move along piecewise-
// linear paths; a simulated detector sees them with jitter, random misses, lower scores (or nothing) when another
// object covers them, nothing where the scene hides them or outside the image, plus false-positive blips. The truth
// (what a perfect tracker would output) is every object while it is in view.
import type { Box } from "../box.js";
import type { Detection, TrackOutput } from "../byte-tracker.js";
import type { MotFrame } from "../mot-metrics.js";
import { gaussian, seededRandom } from "./prng.js";

export interface SceneObject {
  id: number;
  category: string;
  /** Box size in pixels. */
  width: number;
  height: number;
  /** Centre positions at key frames, ascending; linear in between; absent before the first and after the last. */
  path: readonly { frame: number; cx: number; cy: number }[];
  /** Larger is nearer the camera: it covers objects with a smaller depth. */
  depth?: number;
  /** Score the detector gives this object at a frame (default: uniform in [0.6, 0.95)). */
  score?: (frame: number) => number;
}

export interface SceneSpec {
  width: number;
  height: number;
  /** Frames 0..frames-1. */
  frames: number;
  objects: readonly SceneObject[];
  /** Regions where nothing can be seen (a bridge, a pillar): an object more than half inside one is out of view. */
  hidden?: readonly Box[];
  seed: number;
  /** σ of the box corners' noise, as a fraction of the box's width/height. */
  jitter?: number;
  /** Probability that the detector misses a visible object at a frame. */
  missRate?: number;
  /** Score of an object more than half covered by a nearer one; null: not detected at all. */
  occludedScore?: number | null;
  /** Expected false-positive blips starting per frame, each lasting 1..blipMaxLength frames at one place. */
  blipRate?: number;
  blipMaxLength?: number;
}

/** What the simulated detector saw: the object's id (null for a false positive) travels as the payload. */
export interface SceneDetectionPayload {
  objectId: number | null;
}

export interface RenderedScene {
  truth: MotFrame[];
  frames: { frame: number; detections: Detection<SceneDetectionPayload>[] }[];
}

function positionAt(o: SceneObject, frame: number): { cx: number; cy: number } | undefined {
  const p = o.path;
  if (frame < p[0].frame || frame > p[p.length - 1].frame) return undefined;
  for (let i = 0; i < p.length - 1; i++) {
    const a = p[i];
    const b = p[i + 1];
    if (frame <= b.frame) {
      const t = b.frame === a.frame ? 0 : (frame - a.frame) / (b.frame - a.frame);
      return { cx: a.cx + (b.cx - a.cx) * t, cy: a.cy + (b.cy - a.cy) * t };
    }
  }
  return p[p.length - 1];
}

const area = (b: Box) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
function intersection(a: Box, b: Box): Box {
  return [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
}

export function renderScene(spec: SceneSpec): RenderedScene {
  const random = seededRandom(spec.seed);
  const jitter = spec.jitter ?? 0;
  const missRate = spec.missRate ?? 0;
  const occludedScore = spec.occludedScore === undefined ? 0.3 : spec.occludedScore;
  const image: Box = [0, 0, spec.width, spec.height];
  const truth: MotFrame[] = [];
  const frames: RenderedScene["frames"] = [];
  const blips: { box: Box; until: number }[] = [];
  for (let frame = 0; frame < spec.frames; frame++) {
    const present: { o: SceneObject; box: Box }[] = [];
    for (const o of spec.objects) {
      const at = positionAt(o, frame);
      if (!at) continue;
      const full: Box = [at.cx - o.width / 2, at.cy - o.height / 2, at.cx + o.width / 2, at.cy + o.height / 2];
      const inImage = intersection(full, image);
      // Out of view: less than half inside the image, or more than half behind a hidden region.
      if (area(inImage) < area(full) / 2) continue;
      if ((spec.hidden ?? []).some((h) => area(intersection(full, h)) > area(full) / 2)) continue;
      present.push({ o, box: inImage });
    }
    truth.push({ frame, objects: present.map(({ o, box }) => ({ id: o.id, box })) });
    const detections: Detection<SceneDetectionPayload>[] = [];
    for (const { o, box } of present) {
      const covered = present.some(
        (other) => other.o !== o && (other.o.depth ?? 0) > (o.depth ?? 0) && area(intersection(box, other.box)) > area(box) / 2,
      );
      // Draw every random number whatever the outcome, so one object's fate does not shift another's noise.
      const miss = random() < missRate;
      const baseScore = o.score ? o.score(frame) : 0.6 + 0.35 * random();
      const noise = [gaussian(random), gaussian(random), gaussian(random), gaussian(random)];
      if (miss) continue;
      let score = baseScore;
      if (covered) {
        if (occludedScore === null) continue;
        score = Math.min(score, occludedScore);
      }
      const w = box[2] - box[0];
      const h = box[3] - box[1];
      detections.push({
        box: [
          box[0] + noise[0] * jitter * w,
          box[1] + noise[1] * jitter * h,
          box[2] + noise[2] * jitter * w,
          box[3] + noise[3] * jitter * h,
        ],
        score,
        category: o.category,
        payload: { objectId: o.id },
      });
    }
    // Blips: a box somewhere for a frame or two, at a detector's confident score.
    if (random() < (spec.blipRate ?? 0)) {
      const w = 20 + 60 * random();
      const h = 20 + 60 * random();
      const x = random() * (spec.width - w);
      const y = random() * (spec.height - h);
      blips.push({ box: [x, y, x + w, y + h], until: frame + Math.floor(random() * (spec.blipMaxLength ?? 2)) });
    }
    for (const b of blips)
      if (b.until >= frame)
        detections.push({ box: b.box, score: 0.7, category: spec.objects[0]?.category ?? "object", payload: { objectId: null } });
    for (let i = blips.length - 1; i >= 0; i--) if (blips[i].until <= frame) blips.splice(i, 1);
    frames.push({ frame, detections });
  }
  return { truth, frames };
}

/** A tracker's output as a MOT hypothesis: each observation's detected box under its track id. */
export function tracksToHypothesis<T>(tracks: readonly TrackOutput<T>[]): MotFrame[] {
  const byFrame = new Map<number, { id: number; box: Box }[]>();
  for (const t of tracks)
    for (const o of t.observations) {
      let list = byFrame.get(o.frame);
      if (!list) byFrame.set(o.frame, (list = []));
      list.push({ id: t.trackId, box: o.detection.box });
    }
  return [...byFrame.entries()].sort((a, b) => a[0] - b[0]).map(([frame, objects]) => ({ frame, objects }));
}

/**
 * What a detector alone gives: every detection at or above the threshold is its own object, with an id never seen
 * before (there is nothing linking boxes across frames).
 */
export function perFrameHypothesis<T>(
  frames: readonly { frame: number; detections: readonly Detection<T>[] }[],
  highScore: number,
): MotFrame[] {
  let next = 0;
  return frames.map(({ frame, detections }) => ({
    frame,
    objects: detections.filter((d) => d.score >= highScore).map((d) => ({ id: `box-${next++}`, box: d.box })),
  }));
}

/**
 * `count` objects of two categories on straight paths across a 1280×720 image over `frames` frames (each object
 * crosses it in 60–300 frames, then a new one starts: about `count` in view at any time), seen with jitter, misses and
 * occlusions: the load of the bench and the larger specs.
 */
export function crowdScene(count: number, frames: number, seed: number, extra: Partial<SceneSpec> = {}): SceneSpec {
  const random = seededRandom(seed);
  const objects: SceneObject[] = [];
  let id = 1;
  for (let lane = 0; lane < count; lane++) {
    let start = -Math.floor(random() * 150);
    while (start < frames) {
      const duration = 60 + Math.floor(random() * 240);
      const width = 30 + 70 * random();
      const height = 40 + 110 * random();
      objects.push({
        id: id++,
        category: random() < 0.7 ? "car" : "person",
        width,
        height,
        depth: random(),
        path: [
          { frame: start, cx: 1280 * random(), cy: 720 * random() },
          { frame: start + duration, cx: 1280 * random(), cy: 720 * random() },
        ],
      });
      start += duration + 1;
    }
  }
  return { width: 1280, height: 720, frames, objects, seed, jitter: 0.04, missRate: 0.05, blipRate: 0.5, blipMaxLength: 2, ...extra };
}
