import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { cropAndResizeTaps, resizeTaps, sampleBilinear, type AxisTaps, type PixelSource } from "./bilinear-sampler.js";

const taps = (t: AxisTaps) => ({ lo: [...t.lo], hi: [...t.hi], frac: [...t.frac] });

/** A deterministic pseudo-random RGB image. */
function noise(width: number, height: number, seed = 1): PixelSource & { data: Uint8Array } {
  const data = new Uint8Array(width * height * 3);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    data[i] = s >>> 24;
  }
  return { width, height, channels: 3, data };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe("resizeTaps", () => {
  it("maps asymmetric samples to start + i·span/n (TF resizeBilinear's default)", () => {
    assert.deepEqual(taps(resizeTaps(4, 0, 4, 2, "asymmetric", "clamp")), { lo: [0, 2], hi: [1, 3], frac: [0, 0] });
    assert.deepEqual(taps(resizeTaps(2, 0, 2, 4, "asymmetric", "clamp")), { lo: [0, 0, 1, 1], hi: [1, 1, 1, 1], frac: [0, 0.5, 0, 0] });
  });

  it("maps half-pixel samples to start + (i + 0.5)·span/n − 0.5, clamping at the edges", () => {
    assert.deepEqual(taps(resizeTaps(4, 0, 4, 2, "half-pixel", "clamp")), { lo: [0, 2], hi: [1, 3], frac: [0.5, 0.5] });
    // -0.25 → clamped to 0; 1.25 → clamped to 1 (the last pixel).
    assert.deepEqual(taps(resizeTaps(2, 0, 2, 4, "half-pixel", "clamp")), { lo: [0, 0, 0, 1], hi: [1, 1, 1, 1], frac: [0, 0.25, 0.75, 0] });
  });

  it("marks taps outside the source as zero padding", () => {
    // Window [-1, 3) of a 2-pixel axis at 1 sample per pixel: positions -1, 0, 1, 2.
    assert.deepEqual(taps(resizeTaps(2, -1, 4, 4, "asymmetric", "zero")), { lo: [-1, 0, 1, -1], hi: [0, 1, -1, -1], frac: [0, 0, 0, 0] });
    // Position -0.5 blends the padding and pixel 0 half and half.
    assert.deepEqual(taps(resizeTaps(2, -0.5, 2, 2, "asymmetric", "zero")), { lo: [-1, 0], hi: [0, 1], frac: [0.5, 0.5] });
  });
});

describe("cropAndResizeTaps", () => {
  it("spans b0·(size−1) .. b1·(size−1) with both ends sampled", () => {
    assert.deepEqual(taps(cropAndResizeTaps(5, 0, 1, 3)), { lo: [0, 2, 4], hi: [1, 3, 4], frac: [0, 0, 0] });
    assert.deepEqual(taps(cropAndResizeTaps(5, 0.25, 0.5, 3)), { lo: [1, 1, 2], hi: [2, 2, 3], frac: [0, 0.5, 0] });
  });

  it("samples the centre for a 1-pixel crop and zeroes whole samples outside the image", () => {
    assert.deepEqual(taps(cropAndResizeTaps(5, 0, 1, 1)), { lo: [2], hi: [3], frac: [0] });
    assert.deepEqual(taps(cropAndResizeTaps(5, -0.5, 0.5, 3)), { lo: [-1, 0, 2], hi: [-1, 1, 3], frac: [0, 0, 0] });
  });
});

describe("sampleBilinear", () => {
  const grey2x2: PixelSource = { width: 2, height: 2, channels: 1, data: Uint8Array.of(0, 10, 20, 30) };

  it("blends the four neighbours by their weights", () => {
    const out = new Float32Array(9);
    const t = cropAndResizeTaps(2, 0, 1, 3);
    sampleBilinear(grey2x2, t, t, out);
    assert.deepEqual([...out], [0, 5, 10, 10, 15, 20, 20, 25, 30]);
  });

  it("applies scale and bias after blending, and padding reads 0 before them", () => {
    const out = new Float32Array(4);
    const t = resizeTaps(2, -1, 2, 2, "asymmetric", "zero");
    sampleBilinear(grey2x2, t, t, out, 0, 1 / 127.5, -1);
    assert.deepEqual([...out], [-1, -1, -1, 0 / 127.5 - 1]);
  });

  it("writes at an offset and refuses to overflow the output", () => {
    const out = new Float32Array(6).fill(7);
    const t = cropAndResizeTaps(2, 0, 1, 1);
    sampleBilinear(grey2x2, t, t, out, 5);
    assert.deepEqual([...out], [7, 7, 7, 7, 7, 15]);
    assert.throws(() => sampleBilinear(grey2x2, t, t, out, 6), RangeError);
  });
});

describe("parity with TensorFlow.js (cpu backend)", () => {
  before(async () => {
    await tf.setBackend("cpu");
    await tf.ready();
  });

  const image = noise(37, 23);
  const tfImage = () => tf.tensor4d(Float32Array.from(image.data), [1, image.height, image.width, 3]);

  for (const [name, convention, halfPixel] of [
    ["resizeBilinear (asymmetric)", "asymmetric", false],
    ["resizeBilinear (half_pixel_centers)", "half-pixel", true],
  ] as const) {
    for (const [h, w] of [
      [16, 16],
      [50, 61],
    ]) {
      it(`matches ${name} ${image.width}x${image.height} → ${w}x${h}`, () => {
        const expected = tf.tidy(() => tf.image.resizeBilinear(tfImage(), [h, w], false, halfPixel).dataSync());
        const out = new Float32Array(h * w * 3);
        sampleBilinear(
          image,
          resizeTaps(image.height, 0, image.height, h, convention, "clamp"),
          resizeTaps(image.width, 0, image.width, w, convention, "clamp"),
          out,
        );
        assert.ok(maxAbsDiff(out, expected) < 1e-3, `max diff ${maxAbsDiff(out, expected)}`);
      });
    }
  }

  it("matches tf.pad then resizeBilinear for a window reaching outside the image", () => {
    // Pad 7 rows above and below (23 + 14 = 37 = width): the letterbox BlazeFace and MoveNet use.
    const expected = tf.tidy(() =>
      tf.image
        .resizeBilinear(
          tf.pad(tfImage(), [
            [0, 0],
            [7, 7],
            [0, 0],
            [0, 0],
          ]),
          [32, 32],
        )
        .dataSync(),
    );
    const out = new Float32Array(32 * 32 * 3);
    sampleBilinear(
      image,
      resizeTaps(image.height, -7, 37, 32, "asymmetric", "zero"),
      resizeTaps(image.width, 0, 37, 32, "asymmetric", "zero"),
      out,
    );
    assert.ok(maxAbsDiff(out, expected) < 1e-3, `max diff ${maxAbsDiff(out, expected)}`);
  });

  it("matches cropAndResize for boxes inside and beyond the image", () => {
    const boxes = [
      [0.1, 0.2, 0.7, 0.9],
      [-0.2, -0.1, 0.6, 1.3],
      [0.5, 0.5, 0.52, 0.51],
    ];
    for (const [y1, x1, y2, x2] of boxes) {
      const expected = tf.tidy(() => tf.image.cropAndResize(tfImage(), [[y1, x1, y2, x2]], [0], [20, 24]).dataSync());
      const out = new Float32Array(20 * 24 * 3);
      sampleBilinear(image, cropAndResizeTaps(image.height, y1, y2, 20), cropAndResizeTaps(image.width, x1, x2, 24), out);
      assert.ok(maxAbsDiff(out, expected) < 1e-3, `box ${[y1, x1, y2, x2].join(",")}: max diff ${maxAbsDiff(out, expected)}`);
    }
  });
});
