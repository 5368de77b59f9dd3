import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectionInputSize, toDetectionTensor } from "./text-detection.preprocess.js";

describe("detectionInputSize", () => {
  it("keeps sizes that are already multiples of 32 under the cap", () => {
    assert.deepEqual(detectionInputSize(640, 480, 960), { width: 640, height: 480 });
  });

  it("shrinks the longer side to the cap, keeping the aspect ratio", () => {
    assert.deepEqual(detectionInputSize(1920, 960, 960), { width: 960, height: 480 });
    assert.deepEqual(detectionInputSize(4000, 3000, 960), { width: 960, height: 736 }); // 720 → next multiple of 32
  });

  it("rounds up to multiples of 32 and never goes below 32", () => {
    assert.deepEqual(detectionInputSize(33, 10, 960), { width: 64, height: 32 });
    assert.deepEqual(detectionInputSize(1, 1, 960), { width: 32, height: 32 });
  });

  it("never enlarges past the next multiple of 32", () => {
    assert.deepEqual(detectionInputSize(500, 300, 960), { width: 512, height: 320 });
  });
});

describe("toDetectionTensor", () => {
  it("writes B, G, R planes scaled to [0, 1]", () => {
    const image = { width: 2, height: 1, data: Uint8Array.of(255, 0, 51, 0, 102, 255) };
    const tensor = toDetectionTensor(image, 2, 1);
    assert.deepEqual(
      [...tensor].map((v) => Math.round(v * 255)),
      [51, 255, 0, 102, 255, 0],
    );
  });

  it("is the identity at the source size and interpolates when resizing", () => {
    const data = new Uint8Array(4 * 4 * 3);
    for (let i = 0; i < 16; i++) data.fill(i * 16, 3 * i, 3 * i + 3);
    const same = toDetectionTensor({ width: 4, height: 4, data }, 4, 4);
    for (let i = 0; i < 16; i++) assert.ok(Math.abs(same[i] * 255 - i * 16) < 1e-3);
    const half = toDetectionTensor({ width: 4, height: 4, data }, 2, 2);
    // Output pixel (0,0) samples source (0.5, 0.5): mean of pixels 0, 1, 4, 5.
    assert.ok(Math.abs(half[0] * 255 - ((0 + 1 + 4 + 5) * 16) / 4) < 1e-3);
  });
});
