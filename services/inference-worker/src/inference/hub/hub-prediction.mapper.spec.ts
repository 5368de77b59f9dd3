import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HubPrediction } from "@prelabel/hubs";
import { decodeMaskRle } from "../mask-rle.js";
import { countSetPixels } from "../binary-mask.js";
import { hubPredictionsToDetections } from "./hub-prediction.mapper.js";

const frame = { width: 64, height: 48, threshold: 0.5 };

/** A 6×4 block at (10, 20), cut to a 10×8 box at (8, 18). */
function blockMask(): HubPrediction {
  const data = new Uint8Array(80);
  for (let y = 2; y < 6; y++) for (let x = 2; x < 8; x++) data[y * 10 + x] = 1;
  return { type: "mask", label: "cat", score: 0.8, box: [10, 20, 16, 24], mask: { left: 8, top: 18, width: 10, height: 8, data } };
}

describe("hubPredictionsToDetections", () => {
  it("maps a rectangle to a box, keeping label and score", () => {
    const [d, ...rest] = hubPredictionsToDetections([{ type: "rectangle", label: "person", score: 0.9, box: [1, 2, 30, 40], classId: 1 }], {
      ...frame,
      returnMasks: false,
    });
    assert.deepEqual(d, { label: "person", score: 0.9, box: [1, 2, 30, 40] });
    assert.equal(rest.length, 0);
  });

  it("drops predictions under the threshold but keeps a mask without a score", () => {
    const low: HubPrediction = { type: "rectangle", label: "person", score: 0.3, box: [1, 2, 3, 4] };
    const unscored = { ...blockMask(), score: undefined } as HubPrediction;
    const out = hubPredictionsToDetections([low, unscored], { ...frame, returnMasks: false });
    assert.deepEqual(
      out.map((d) => [d.label, d.score]),
      [["cat", 1]],
    );
  });

  it("maps a polygon to polygon and box; with masks kept, also to its rasterised mask", () => {
    const polygon: HubPrediction = {
      type: "polygon",
      label: "pothole",
      score: 0.7,
      box: [4, 4, 12, 10],
      points: [4, 4, 12, 4, 12, 10, 4, 10],
    };
    const [converted] = hubPredictionsToDetections([polygon], { ...frame, returnMasks: false });
    assert.deepEqual(converted.polygon, [4, 4, 12, 4, 12, 10, 4, 10]);
    assert.deepEqual(converted.box, [4, 4, 12, 10]);
    assert.equal(converted.mask, undefined, "convert toggle on: no mask computed");

    const [masked] = hubPredictionsToDetections([polygon], { ...frame, returnMasks: true });
    assert.ok(masked.mask);
    assert.deepEqual([masked.mask.left, masked.mask.top, masked.mask.right, masked.mask.bottom], [4, 4, 11, 9], "inclusive RLE box");
    assert.equal(countSetPixels(decodeMaskRle(masked.mask)), 48);
  });

  it("maps a mask to its outline polygon, and to CVAT RLE when masks are kept", () => {
    const [asPolygon] = hubPredictionsToDetections([blockMask()], { ...frame, returnMasks: false });
    assert.deepEqual(asPolygon.box, [10, 20, 16, 24]);
    assert.equal(asPolygon.mask, undefined);
    const xs = asPolygon.polygon!.filter((_, i) => i % 2 === 0);
    const ys = asPolygon.polygon!.filter((_, i) => i % 2 === 1);
    assert.deepEqual([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], [10, 20, 16, 24], "outline in frame pixels");

    const [asMask] = hubPredictionsToDetections([blockMask()], { ...frame, returnMasks: true });
    assert.deepEqual(asMask.mask, { counts: [0, 24], left: 10, top: 20, right: 15, bottom: 23 });
  });

  it("skips an empty mask, which has no CVAT shape", () => {
    const empty: HubPrediction = {
      type: "mask",
      label: "cat",
      score: 0.9,
      box: [0, 0, 1, 1],
      mask: { left: 0, top: 0, width: 2, height: 2, data: new Uint8Array(4) },
    };
    assert.deepEqual(hubPredictionsToDetections([empty], { ...frame, returnMasks: true }), []);
  });

  it("maps a tag to a whole-frame tag detection (no region of its own)", () => {
    const [tag] = hubPredictionsToDetections([{ type: "tag", label: "healthy", score: 0.95, classId: 0 }], {
      ...frame,
      returnMasks: false,
    });
    assert.deepEqual(tag, { label: "healthy", score: 0.95, kind: "tag", box: [0, 0, 64, 48] });
  });

  it("maps a skeleton to its box and named keypoints", () => {
    const [person] = hubPredictionsToDetections(
      [
        {
          type: "skeleton",
          label: "person",
          score: 0.88,
          box: [5, 5, 25, 45],
          keypoints: [
            { label: "nose", x: 15, y: 8, score: 0.9, classId: 0 },
            { label: "left_ankle", x: 12, y: 44, score: 0.4 },
          ],
        },
      ],
      { ...frame, returnMasks: false },
    );
    assert.deepEqual(person, {
      label: "person",
      score: 0.88,
      box: [5, 5, 25, 45],
      keypoints: [
        { label: "nose", x: 15, y: 8, score: 0.9 },
        { label: "left_ankle", x: 12, y: 44, score: 0.4 },
      ],
    });
  });
});
