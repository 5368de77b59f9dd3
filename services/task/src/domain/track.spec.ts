import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Detection, TrackerOptions, TrackOutput } from "@prelabel/tracking";
import { ShapeType as S, type LabelNode } from "./label-types.js";
import type { StagedShape } from "./staged-shape.js";
import { AppError } from "@prelabel/service-kit";
import { interpolateTrack, planTracks, shapeBox, TrackShapeBudget, type TrackFn, type TrackShape } from "./track.js";

const labels: LabelNode[] = [
  { id: "car", name: "car", type: S.RECTANGLE, attributes: [], sublabels: [] },
  {
    id: "person",
    name: "person",
    type: S.SKELETON,
    attributes: [],
    sublabels: [
      { id: "head", name: "head", type: S.POINTS, attributes: [], sublabels: [] },
      { id: "foot", name: "foot", type: S.POINTS, attributes: [], sublabels: [] },
    ],
  },
];
const options: TrackerOptions = { iouThreshold: 0.3, maxAge: 30, minHits: 1, highScore: 0.5, lowScore: 0.1 };

const shape = (labelId: string, type: S, points: number[], extra: Partial<StagedShape> = {}): StagedShape => ({
  labelId,
  type,
  points,
  mask: null,
  score: 0.9,
  attributes: [],
  elements: [],
  occluded: false,
  outside: false,
  ...extra,
});

/**
 * A stand-in for the tracker's contract, to test the planning around it: it records what it was fed and links every
 * detection of a category into one track per category, in the order categories first appear.
 */
function recordingTracker() {
  const fed: { frame: number; detections: Detection<unknown>[] }[] = [];
  const track: TrackFn = <T>(frames: Iterable<{ frame: number; detections: readonly Detection<T>[] }>): TrackOutput<T>[] => {
    const byCategory = new Map<string, TrackOutput<T>>();
    for (const { frame, detections } of frames) {
      fed.push({ frame, detections: [...detections] });
      for (const detection of detections) {
        let out = byCategory.get(detection.category);
        if (!out)
          byCategory.set(detection.category, (out = { trackId: byCategory.size + 1, category: detection.category, observations: [] }));
        out.observations.push({ frame, detection });
      }
    }
    return [...byCategory.values()];
  };
  return { fed, track };
}

describe("planTracks", () => {
  it("feeds every frame of the range in order, empty ones included, with tracked types only, one category per top-level label", () => {
    const { fed, track } = recordingTracker();
    planTracks(
      [
        { frame: 4, shapes: [shape("car", S.RECTANGLE, [10, 10, 20, 30], { score: null })] },
        {
          frame: 2,
          shapes: [
            shape("car", S.POLYGON, [0, 0, 10, 5, 4, 9]),
            shape("car", S.TAG, []),
            shape("car", S.MASK, [1, 1, 2, 2]),
            shape("ghost", S.RECTANGLE, [0, 0, 1, 1]),
          ],
        },
      ],
      labels,
      { start: 1, stop: 5 },
      options,
      track,
    );
    assert.deepEqual(
      fed.map((f) => f.frame),
      [1, 2, 3, 4, 5],
    );
    assert.deepEqual(
      fed.map((f) => f.detections.map((d) => [d.category, d.box, d.score])),
      [[], [["car", [0, 0, 10, 9], 0.9]], [], [["car", [10, 10, 20, 30], 1]], []],
    );
  });

  it("counts a tracked shape of an unknown label or without points as dropped, and skeleton points of a foreign sublabel", () => {
    const { track } = recordingTracker();
    const plan = planTracks(
      [
        {
          frame: 0,
          shapes: [
            shape("ghost", S.RECTANGLE, [0, 0, 1, 1]),
            shape("car", S.RECTANGLE, []),
            shape("person", S.SKELETON, [], { elements: [shape("head", S.POINTS, [5, 5]), shape("car", S.POINTS, [9, 9])] }),
          ],
        },
      ],
      labels,
      { start: 0, stop: 0 },
      options,
      track,
    );
    assert.equal(plan.dropped, 2);
    assert.equal(plan.droppedElements, 1);
    assert.equal(plan.tracks.length, 1);
    assert.deepEqual(
      plan.tracks[0].shapes[0].elements.map((e) => e.labelId),
      ["head"],
    );
  });

  it("writes a keyframe per matched frame with the detection's own points and score, and an outside keyframe after the last one", () => {
    const { track } = recordingTracker();
    const plan = planTracks(
      [
        { frame: 1, shapes: [shape("car", S.RECTANGLE, [0, 0, 10, 10], { score: 0.8, attributes: [{ name: "color", value: "red" }] })] },
        { frame: 3, shapes: [shape("car", S.RECTANGLE, [4, 0, 14, 10], { score: 0.3, occluded: true })] },
      ],
      labels,
      { start: 0, stop: 9 },
      options,
      track,
    );
    assert.equal(plan.tracks.length, 1);
    const t = plan.tracks[0];
    assert.deepEqual([t.labelId, t.startFrame, t.endFrame, t.attributes], ["car", 1, 3, [{ name: "color", value: "red" }]]);
    assert.deepEqual(
      t.shapes.map((s) => [s.frame, s.points, s.score, s.keyframe, s.outside, s.occluded]),
      [
        [1, [0, 0, 10, 10], 0.8, true, false, false],
        [3, [4, 0, 14, 10], 0.3, true, false, true],
        [4, [4, 0, 14, 10], null, true, true, true],
      ],
    );
  });

  it("writes no outside keyframe for a track that lasts to the range's last frame", () => {
    const { track } = recordingTracker();
    const plan = planTracks(
      [{ frame: 5, shapes: [shape("car", S.RECTANGLE, [0, 0, 1, 1])] }],
      labels,
      { start: 0, stop: 5 },
      options,
      track,
    );
    assert.deepEqual(
      plan.tracks[0].shapes.map((s) => [s.frame, s.outside]),
      [[5, false]],
    );
  });

  it("orders tracks by first frame, then by their first detection's staged order, whatever order the tracker gives them in", () => {
    const { track } = recordingTracker();
    const reversed: TrackFn = (frames, opts) => track(frames, opts).reverse();
    const plan = planTracks(
      [
        { frame: 0, shapes: [shape("person", S.SKELETON, [5, 5, 6, 6])] },
        { frame: 1, shapes: [shape("car", S.RECTANGLE, [0, 0, 1, 1]), shape("person", S.SKELETON, [5, 5, 6, 6])] },
      ],
      labels,
      { start: 0, stop: 1 },
      options,
      reversed,
    );
    assert.deepEqual(
      plan.tracks.map((t) => [t.labelId, t.startFrame]),
      [
        ["person", 0],
        ["car", 1],
      ],
    );
  });

  it("ignores staged frames outside the range", () => {
    const { fed, track } = recordingTracker();
    const plan = planTracks(
      [{ frame: 7, shapes: [shape("car", S.RECTANGLE, [0, 0, 1, 1])] }],
      labels,
      { start: 0, stop: 2 },
      options,
      track,
    );
    assert.equal(plan.tracks.length, 0);
    assert.equal(fed.length, 3);
  });
});

describe("shapeBox", () => {
  it("is the points' bounding box, or a skeleton's visible points' when it has none of its own", () => {
    assert.deepEqual(shapeBox({ points: [5, 1, 2, 8, 9, 3], elements: [] }), [2, 1, 9, 8]);
    const el = (points: number[], outside = false) => shape("head", S.POINTS, points, { outside });
    assert.deepEqual(shapeBox({ points: [], elements: [el([1, 2]), el([7, 9]), el([100, 100], true)] }), [1, 2, 7, 9]);
    assert.equal(shapeBox({ points: [], elements: [] }), null);
    assert.equal(shapeBox({ points: [1, Number.NaN], elements: [] }), null);
  });
});

const key = (frame: number, points: number[], extra: Partial<TrackShape> = {}): TrackShape => ({
  frame,
  type: S.RECTANGLE,
  points,
  score: 0.9,
  keyframe: true,
  outside: false,
  occluded: false,
  elements: [],
  ...extra,
});

describe("interpolateTrack", () => {
  it("gives one shape per frame, points moved linearly between consecutive keyframes", () => {
    const shapes = interpolateTrack([key(2, [0, 0, 10, 10]), key(6, [8, 4, 18, 14])], 6);
    assert.deepEqual(
      shapes.map((s) => [s.frame, s.points, s.keyframe, s.score]),
      [
        [2, [0, 0, 10, 10], true, 0.9],
        [3, [2, 1, 12, 11], false, null],
        [4, [4, 2, 14, 12], false, null],
        [5, [6, 3, 16, 13], false, null],
        [6, [8, 4, 18, 14], true, 0.9],
      ],
    );
  });

  it("holds the previous keyframe when the point counts differ", () => {
    const shapes = interpolateTrack(
      [key(0, [0, 0, 4, 0, 4, 4], { type: S.POLYGON }), key(2, [2, 2, 6, 2, 6, 6, 2, 6], { type: S.POLYGON })],
      2,
    );
    assert.deepEqual(shapes[1].points, [0, 0, 4, 0, 4, 4]);
    assert.equal(shapes[1].keyframe, false);
  });

  it("has no shape while outside, and none past endFrame", () => {
    const shapes = interpolateTrack([key(0, [0, 0, 2, 2]), key(2, [2, 2, 4, 4]), key(3, [2, 2, 4, 4], { outside: true })], 2);
    assert.deepEqual(
      shapes.map((s) => s.frame),
      [0, 1, 2],
    );
    const reentering = interpolateTrack(
      [key(0, [0, 0, 2, 2]), key(1, [0, 0, 2, 2], { outside: true }), key(4, [4, 4, 6, 6]), key(5, [6, 6, 8, 8])],
      5,
    );
    assert.deepEqual(
      reentering.map((s) => [s.frame, s.points]),
      [
        [0, [0, 0, 2, 2]],
        [4, [4, 4, 6, 6]],
        [5, [6, 6, 8, 8]],
      ],
    );
  });

  it("moves a skeleton's points whose labels match and holds the others", () => {
    const el = (labelId: string, points: number[]) => ({ labelId, points, outside: false, occluded: false });
    const shapes = interpolateTrack(
      [
        key(0, [], { type: S.SKELETON, elements: [el("head", [0, 0]), el("foot", [0, 10])] }),
        key(2, [], { type: S.SKELETON, elements: [el("head", [4, 2]), el("hand", [9, 9])] }),
      ],
      2,
    );
    assert.deepEqual(
      shapes[1].elements.map((e) => [e.labelId, e.points]),
      [
        ["head", [2, 1]],
        ["foot", [0, 10]],
      ],
    );
  });
});

describe("TrackShapeBudget", () => {
  it("allows up to its maximum in one operation, then fails with TOO_MANY_TRACK_SHAPES", () => {
    const budget = new TrackShapeBudget(10);
    budget.take(4);
    budget.take(6);
    assert.throws(
      () => budget.take(1),
      (e: unknown) => e instanceof AppError && e.code === "TOO_MANY_TRACK_SHAPES",
    );
  });
});
