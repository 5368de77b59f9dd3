import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { COCO_KEYPOINTS } from "./coco-keypoints.js";
import { decodeMovenet } from "./movenet.decoder.js";

describe("decodeMovenet", () => {
  const visibility = { occludedBelow: 0.3, outsideBelow: 0.1 };
  // Crop window 200 px square at (100, 50); frame 320 × 240.
  const window = [100, 50, 300, 250] as [number, number, number, number];
  const output = new Float32Array(17 * 3).fill(0.5);
  output.set([0.25, 0.5, 0.9], 0); // nose: y 0.25, x 0.5 → (200, 100)
  output.set([0.5, 0.5, 0.2], 3 * 1); // left eye: occluded
  output.set([0.5, 0.5, 0.05], 3 * 2); // right eye: outside (not found)
  output.set([0.5, 1.2, 0.9], 3 * 3); // left ear at x = 340: beyond the 320-px frame
  output.set([-0.1, 0.5, 0.95], 3 * 4); // right ear at y = 30: inside (the crop starts at 50)

  const points = decodeMovenet(output, window, [0, 0, 320, 240], visibility);

  it("names the 17 COCO keypoints in order", () => {
    assert.deepEqual(
      points.map((p) => p.label),
      [...COCO_KEYPOINTS],
    );
  });

  it("maps (y, x) normalised to the crop window into frame pixels", () => {
    assert.deepEqual(points[0], { label: "nose", x: 200, y: 100, score: points[0].score });
    assert.ok(Math.abs((points[0].score ?? NaN) - 0.9) < 1e-6);
    assert.deepEqual([points[4].x, Math.round(points[4].y * 1e4) / 1e4, points[4].outside], [200, 30, undefined]);
  });

  it("marks low scores occluded, very low scores outside", () => {
    assert.equal(points[1].occluded, true);
    assert.equal(points[1].outside, undefined);
    assert.equal(points[2].outside, true);
    assert.equal(points[2].occluded, undefined);
  });

  it("clamps points predicted beyond the bounds (here the frame) onto their edge and marks them outside", () => {
    assert.deepEqual([points[3].x, Math.round(points[3].y * 1e4) / 1e4, points[3].outside], [320, 150, true]);
  });

  it("uses the person's region as bounds", () => {
    const inPerson = decodeMovenet(output, window, [150, 60, 250, 240], visibility);
    assert.deepEqual([inPerson[0].x, inPerson[0].y, inPerson[0].outside], [200, 100, undefined], "the nose is inside");
    assert.deepEqual([inPerson[4].x, inPerson[4].y, inPerson[4].outside], [200, 60, true], "the right ear (y 30) is above the region");
  });
});
