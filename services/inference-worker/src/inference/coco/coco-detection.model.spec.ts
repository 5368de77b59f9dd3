import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { float32, fakeModelSession, solidFrame } from "../fake-model-session.testing.js";
import { ModelError, ModelErrorCode } from "../inference.errors.js";
import type { Tensor } from "../model-session.js";
import { CENTERNET_IO, centernetWindow, toCenternetInput } from "./centernet.detector.js";
import { CocoDetectionModel } from "./coco-detection.model.js";
import { COCO_LABELS } from "./coco-labels.js";

function centernetSession(rows: number[][]) {
  return fakeModelSession({ inputs: [CENTERNET_IO.input], outputs: [CENTERNET_IO.detections] }, () => ({
    [CENTERNET_IO.detections]: float32([1, 100, 6], (d) => rows.forEach((r, i) => d.set(r, i * 6))),
  }));
}

describe("CocoDetectionModel with a fake session", () => {
  it("letterboxes the frame into 512×512 RGB 0..255 (centred, zero bands) and returns labelled boxes in frame pixels", async () => {
    const fake = centernetSession([
      [0, 0, 256, 512, 0.9, 0],
      [256, 256, 512, 512, 0.5, 79],
      [0, 0, 10, 10, 0.2, 2],
    ]);
    const model = new CocoDetectionModel(fake.session);
    const objects = await model.detect(solidFrame(1024, 256, 200), { threshold: 0.3, returnMasks: false });
    const feed = fake.feeds[0][CENTERNET_IO.input] as Extract<Tensor, { type: "float32" }>;
    assert.deepEqual(feed.dims, [1, 512, 512, 3]);
    // The 1024 × 256 frame keeps its 4:1 shape: input rows 192..319 are the frame, the bands above and below are zero.
    const at = (row: number, col: number) => feed.data[(row * 512 + col) * 3];
    assert.deepEqual([at(0, 0), at(191, 256), at(511, 511)], [0, 0, 0]);
    assert.deepEqual([at(192, 0), at(256, 256), at(319, 511)], [200, 200, 200]);
    assert.deepEqual(
      objects.map((o) => [o.label, o.box]),
      [
        ["person", [0, 0, 512, 256]],
        ["toothbrush", [512, 128, 1024, 256]],
      ],
    );
  });

  it("samples a square frame (or a square tile) whole, as the stretch did: an upscaled edge is not darkened by padding", () => {
    assert.deepEqual(centernetWindow(300, 300), [0, 0, 300, 300]);
    const input = toCenternetInput(solidFrame(300, 300, 200));
    assert.ok(
      input.every((v) => v === 200),
      "every value is the frame's",
    );
    // A 300 × 200 frame: the window is the 300-px square centred on it (y −50..250), so a quarter of the rows above and below
    // are padding.
    assert.deepEqual(centernetWindow(300, 200), [0, -50, 300, 250]);
    const wide = toCenternetInput(solidFrame(300, 200, 200));
    const at = (row: number, col: number) => wide[(row * 512 + col) * 3];
    assert.deepEqual([at(0, 0), at(83, 511), at(256, 0), at(256, 511), at(428, 256), at(511, 511)], [0, 0, 200, 200, 0, 0]);
  });

  it("declares the 80 COCO names", () => {
    assert.equal(COCO_LABELS.length, 80);
    assert.equal(new Set(COCO_LABELS).size, 80);
    assert.deepEqual(
      [COCO_LABELS[0], COCO_LABELS[3], COCO_LABELS[4], COCO_LABELS[9], COCO_LABELS[79]],
      ["person", "motorcycle", "airplane", "traffic light", "toothbrush"],
    );
  });

  it("throws MODEL_OUTPUT_INVALID for a wrongly shaped detections output", async () => {
    const fake = fakeModelSession({ inputs: [], outputs: [] }, () => ({ [CENTERNET_IO.detections]: float32([1, 100, 5]) }));
    await assert.rejects(
      new CocoDetectionModel(fake.session).detect(solidFrame(8, 8, 0), { threshold: 0.3, returnMasks: false }),
      (e: unknown) => e instanceof ModelError && e.code === ModelErrorCode.MODEL_OUTPUT_INVALID,
    );
  });
});
