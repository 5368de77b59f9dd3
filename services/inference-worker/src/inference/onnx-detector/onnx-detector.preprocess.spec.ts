import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fitFrame, toFrameBox } from "./input-geometry.js";
import { toInputTensor } from "./onnx-detector.preprocess.js";

const image = (width: number, height: number, rgb: number[]) => ({ width, height, data: Uint8Array.from(rgb) });
const float = { channelOrder: "RGB", tensorLayout: "NCHW", inputType: "FLOAT32", mean: [0, 0, 0], std: [1, 1, 1] } as const;

describe("frame ↔ network input geometry", () => {
  it("letterbox keeps the aspect ratio and centres the content", () => {
    assert.deepEqual(fitFrame({ width: 200, height: 100 }, { width: 64, height: 64 }, "LETTERBOX"), {
      inputWidth: 64,
      inputHeight: 64,
      frameWidth: 200,
      frameHeight: 100,
      contentWidth: 64,
      contentHeight: 32,
      padLeft: 0,
      padTop: 16,
    });
    const portrait = fitFrame({ width: 100, height: 100 }, { width: 64, height: 48 }, "LETTERBOX");
    assert.deepEqual([portrait.contentWidth, portrait.contentHeight, portrait.padLeft, portrait.padTop], [48, 48, 8, 0]);
    // Upscales like ultralytics (scaleup); an odd padding puts the extra pixel after the content.
    const tiny = fitFrame({ width: 3, height: 1 }, { width: 4, height: 4 }, "LETTERBOX");
    assert.deepEqual([tiny.contentWidth, tiny.contentHeight, tiny.padLeft, tiny.padTop], [4, 1, 0, 1]);
  });

  it("undoes letterbox padding and scale, clipping to the frame", () => {
    const g = fitFrame({ width: 200, height: 100 }, { width: 64, height: 64 }, "LETTERBOX");
    assert.deepEqual(toFrameBox(g, 8, 24, 40, 40), [25, 25, 125, 75]);
    assert.deepEqual(toFrameBox(g, 52, 12, 68, 28), [162.5, 0, 200, 37.5]);
    assert.equal(toFrameBox(g, 10, 0, 20, 10), null, "entirely in the padding");
    assert.deepEqual(toFrameBox(g, 40, 40, 8, 24), [25, 25, 125, 75], "corners in any order");
  });

  it("undoes a stretch per axis", () => {
    const g = fitFrame({ width: 100, height: 50 }, { width: 32, height: 32 }, "STRETCH");
    assert.deepEqual(toFrameBox(g, 12, 12, 20, 20), [37.5, 18.75, 62.5, 31.25]);
  });
});

describe("network input tensor", () => {
  // Two pixels, (10, 20, 30) and (40, 50, 60), letterboxed into 2×2: content on row 0, grey 114 on row 1.
  const twoPixels = image(2, 1, [10, 20, 30, 40, 50, 60]);
  const g = fitFrame(twoPixels, { width: 2, height: 2 }, "LETTERBOX");

  it("NCHW float32, RGB planes, padding 114", () => {
    const t = toInputTensor(twoPixels, float, g);
    assert.deepEqual(t.dims, [1, 3, 2, 2]);
    assert.equal(t.type, "float32");
    assert.deepEqual([...t.data], [10, 40, 114, 114, 20, 50, 114, 114, 30, 60, 114, 114]);
  });

  it("BGR swaps the planes; mean and std apply per network channel", () => {
    const t = toInputTensor(twoPixels, { ...float, channelOrder: "BGR", mean: [30, 20, 10], std: [2, 4, 8] }, g);
    // Channel 0 is blue: (30 − 30) / 2, (60 − 30) / 2, (114 − 30) / 2 …
    assert.deepEqual([...t.data], [0, 15, 42, 42, 0, 7.5, 23.5, 23.5, 0, 3.75, 13, 13]);
  });

  it("NHWC uint8 interleaves pixels as they are", () => {
    const t = toInputTensor(twoPixels, { ...float, tensorLayout: "NHWC", inputType: "UINT8" }, g);
    assert.deepEqual(t.dims, [1, 2, 2, 3]);
    assert.equal(t.type, "uint8");
    assert.deepEqual([...t.data], [10, 20, 30, 40, 50, 60, 114, 114, 114, 114, 114, 114]);
  });

  it("resizes bilinearly with half-pixel centres (cv2.INTER_LINEAR)", () => {
    const gray = image(4, 1, [0, 0, 0, 100, 100, 100, 200, 200, 200, 250, 250, 250]);
    const t = toInputTensor(gray, float, fitFrame(gray, { width: 2, height: 1 }, "STRETCH"));
    // x = 0 samples between pixels 0 and 1, x = 1 between pixels 2 and 3.
    assert.deepEqual([...t.data.subarray(0, 2)], [50, 225]);
  });
});
