import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Box, Detection } from "../detection-model.js";
import { mergeTilePasses, type TilePass } from "./tile-merge.js";

// A 1000 × 500 frame cut into two tiles of 600 px overlapping by 200 (x 0–600 and 400–1000).
const FRAME = { frameWidth: 1000, frameHeight: 500 };
const LEFT: Box = [0, 0, 600, 500];
const RIGHT: Box = [400, 0, 1000, 500];
const det = (label: string, score: number | undefined, box: Box, extra: Partial<Detection> = {}): Detection => ({
  label,
  ...(score === undefined ? {} : { score }),
  box,
  ...extra,
});

describe("mergeTilePasses", () => {
  it("makes one box of an object on a tile edge: the uncut box wins over the cut pieces, whatever their scores", () => {
    // A person at x 520–640: the left tile cuts it at 600, the right tile and the whole frame see it whole.
    const passes: TilePass[] = [
      { detections: [det("person", 0.55, [522, 100, 638, 400])] },
      { tile: LEFT, detections: [det("person", 0.9, [520, 100, 600, 400])] },
      { tile: RIGHT, detections: [det("person", 0.8, [519, 98, 641, 402])] },
    ];
    for (const merge of ["nms", "wbf"] as const) {
      const merged = mergeTilePasses(passes, { ...FRAME, merge });
      assert.equal(merged.length, 1, `${merge}: one box`);
      assert.ok(merged[0].box[2] > 630, `${merge}: the whole box, not the piece cut at 600`);
    }
    assert.deepEqual(mergeTilePasses(passes, { ...FRAME, merge: "nms" })[0], det("person", 0.8, [519, 98, 641, 402]));
  });

  it("stitches the cut pieces of an object no pass saw whole into one box spanning the cut", () => {
    // 300 px wide at x 350–650: larger than the overlap, cut by both tiles, and missed by the whole frame.
    const passes: TilePass[] = [
      { detections: [] },
      { tile: LEFT, detections: [det("car", 0.7, [350, 200, 600, 300])] },
      { tile: RIGHT, detections: [det("car", 0.6, [400, 198, 650, 302])] },
    ];
    const merged = mergeTilePasses(passes, { ...FRAME, merge: "nms" });
    assert.deepEqual(merged, [det("car", 0.7, [350, 198, 650, 302])]);
  });

  it("stitches the halves of a tall person cut by facing edges of two rows of tiles", () => {
    // A 600 × 1000 frame, tiles 0–600 and 400–1000 down; a person at y 100–900 is cut at 600 and at 400.
    const frame = { frameWidth: 600, frameHeight: 1000 };
    const top: Box = [0, 0, 600, 600];
    const bottom: Box = [0, 400, 600, 1000];
    const halves: TilePass[] = [
      { detections: [] },
      { tile: top, detections: [det("person", 0.6, [100, 100, 200, 600])] },
      { tile: bottom, detections: [det("person", 0.5, [102, 400, 198, 900])] },
    ];
    assert.deepEqual(mergeTilePasses(halves, { ...frame, merge: "nms" }), [det("person", 0.6, [100, 100, 200, 900])]);
    // Cut pieces side by side rather than in line (another person below, shifted): two people.
    const shifted: TilePass[] = [
      { detections: [] },
      { tile: top, detections: [det("person", 0.6, [100, 100, 200, 600])] },
      { tile: bottom, detections: [det("person", 0.5, [170, 400, 300, 900])] },
    ];
    assert.equal(mergeTilePasses(shifted, { ...frame, merge: "nms" }).length, 2);
  });

  it("keeps two overlapping objects of different classes", () => {
    const passes: TilePass[] = [
      { detections: [det("person", 0.9, [100, 100, 200, 400]), det("bicycle", 0.8, [90, 250, 210, 420])] },
      { tile: LEFT, detections: [det("person", 0.85, [102, 101, 201, 399]), det("bicycle", 0.7, [92, 252, 208, 421])] },
    ];
    const merged = mergeTilePasses(passes, { ...FRAME, merge: "nms" });
    assert.deepEqual(
      merged.map((d) => [d.label, d.score]),
      [
        ["person", 0.9],
        ["bicycle", 0.8],
      ],
    );
  });

  it("keeps two people side by side (IoU under 0.5) as two boxes", () => {
    const passes: TilePass[] = [{ detections: [det("person", 0.9, [100, 100, 200, 400]), det("person", 0.8, [160, 100, 260, 400])] }];
    assert.equal(mergeTilePasses(passes, { ...FRAME, merge: "nms" }).length, 2);
  });

  it("WBF averages the boxes by score and scales the mean score by the share of passes that found the object", () => {
    // Centre (150, 250): seen by the whole frame and the left tile (2 passes); both found it.
    const both: TilePass[] = [
      { detections: [det("person", 0.9, [100, 100, 200, 400])] },
      { tile: LEFT, detections: [det("person", 0.6, [110, 110, 210, 410])] },
      { tile: RIGHT, detections: [] },
    ];
    const [fused] = mergeTilePasses(both, { ...FRAME, merge: "wbf" });
    // x1 = (0.9·100 + 0.6·110) / 1.5 = 104.
    assert.deepEqual(fused.box, [104, 104, 204, 404]);
    assert.ok(Math.abs(fused.score! - 0.75) < 1e-9, `mean of 0.9 and 0.6, found by 2 of 2 passes: ${fused.score}`);

    // Only the left tile found it: the whole frame also saw its place, so its score is halved.
    const one: TilePass[] = [{ detections: [] }, { tile: LEFT, detections: [det("person", 0.8, [100, 100, 200, 400])] }];
    const [alone] = mergeTilePasses(one, { ...FRAME, merge: "wbf" });
    assert.deepEqual(alone.box, [100, 100, 200, 400]);
    assert.ok(Math.abs(alone.score! - 0.4) < 1e-9, `0.8 × 1/2: ${alone.score}`);
  });

  it("WBF keeps the best member's polygon and keypoints (they are not averaged)", () => {
    const polygon = [100, 100, 200, 100, 150, 400];
    const passes: TilePass[] = [
      { detections: [det("person", 0.9, [100, 100, 200, 400], { polygon, keypoints: [{ label: "nose", x: 150, y: 120 }] })] },
      { tile: LEFT, detections: [det("person", 0.5, [104, 104, 204, 404], { polygon: [0, 0, 1, 0, 1, 1] })] },
    ];
    const [fused] = mergeTilePasses(passes, { ...FRAME, merge: "wbf" });
    assert.deepEqual(fused.polygon, polygon);
    assert.deepEqual(fused.keypoints, [{ label: "nose", x: 150, y: 120 }]);
  });

  it("takes tags from the whole-frame pass only", () => {
    const tag = (label: string): Detection => ({ label, score: 0.9, box: [0, 0, 1000, 500], kind: "tag" });
    const passes: TilePass[] = [
      { detections: [tag("beach")] },
      { tile: LEFT, detections: [tag("sand")] },
      { tile: RIGHT, detections: [tag("beach")] },
    ];
    assert.deepEqual(mergeTilePasses(passes, { ...FRAME, merge: "nms" }), [tag("beach")]);
  });

  it("keeps score-less detections, one per object", () => {
    const passes: TilePass[] = [
      { detections: [det("sign", undefined, [100, 100, 150, 150])] },
      { tile: LEFT, detections: [det("sign", undefined, [101, 100, 151, 150])] },
    ];
    for (const merge of ["nms", "wbf"] as const) {
      const merged = mergeTilePasses(passes, { ...FRAME, merge });
      assert.equal(merged.length, 1);
      assert.equal(merged[0].score, undefined);
    }
  });
});
