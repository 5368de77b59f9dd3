import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { float32, fakeModelSession, solidFrame } from "../fake-model-session.testing.js";
import { ModelError, ModelErrorCode } from "../inference.errors.js";
import type { Tensor } from "../model-session.js";
import { HANDTRACK_IO, HandDetectionModel, toHandtrackInput } from "./hand-detection.model.js";

function handtrack(scoreDims = [1, 12804, 7]) {
  return fakeModelSession({ inputs: [HANDTRACK_IO.input], outputs: [HANDTRACK_IO.scores, HANDTRACK_IO.boxes] }, () => ({
    [HANDTRACK_IO.scores]: float32(scoreDims, (d) => d.set([0.9, 0, 0, 0, 0, 0, 0], 7 * 100)),
    [HANDTRACK_IO.boxes]: float32([1, 12804, 1, 4], (d) => d.set([0.5, 0.25, 1, 0.5], 4 * 100)),
  }));
}

describe("HandDetectionModel with a fake session", () => {
  it("feeds the frame stretched to 320×320 in [-1, 1] and returns hands in frame pixels", async () => {
    const fake = handtrack();
    const hands = await new HandDetectionModel(fake.session).detect(solidFrame(800, 400, 255), { threshold: 0.5, returnMasks: false });
    const feed = fake.feeds[0][HANDTRACK_IO.input] as Extract<Tensor, { type: "float32" }>;
    assert.deepEqual(feed.dims, [1, 320, 320, 3]);
    assert.ok(feed.data.every((v) => Math.abs(v - 1) < 1e-6));
    assert.equal(hands.length, 1);
    assert.equal(hands[0].label, "hand");
    assert.deepEqual(hands[0].box, [200, 200, 400, 400]);
  });

  it("throws MODEL_OUTPUT_INVALID for wrongly shaped scores", async () => {
    await assert.rejects(
      new HandDetectionModel(handtrack([1, 12804, 8]).session).detect(solidFrame(8, 8, 0), { threshold: 0.5, returnMasks: false }),
      (e: unknown) => e instanceof ModelError && e.code === ModelErrorCode.MODEL_OUTPUT_INVALID,
    );
  });
});

describe("toHandtrackInput", () => {
  it("stages through a multiple-of-8 height ≤ 512 with integer values, like human", async () => {
    // A 1000 × 700 frame, left half 101, right half 200: staged at 512 × 704 ((512·1000/700)/8 rounded, ×8).
    const frame = solidFrame(1000, 700, 0);
    for (let y = 0; y < 700; y++)
      for (let x = 0; x < 1000; x++) frame.data.fill(x < 500 ? 101 : 200, (y * 1000 + x) * 3, (y * 1000 + x) * 3 + 3);
    const input = toHandtrackInput(frame);
    assert.equal(input.length, 320 * 320 * 3);
    assert.ok(Math.abs(input[0] - ((101 * 2) / 255 - 1)) < 1e-6);
    assert.ok(Math.abs(input[input.length - 1] - ((200 * 2) / 255 - 1)) < 1e-6);
    // Every value is one of the integer levels x·2/255 − 1 blended at most once more (the 320 resize).
    assert.ok(input.every((v) => v >= (101 * 2) / 255 - 1 - 1e-6 && v <= (200 * 2) / 255 - 1 + 1e-6));
  });

  it("handles tiny frames", () => {
    assert.equal(toHandtrackInput(solidFrame(3, 2, 9)).length, 320 * 320 * 3);
  });
});
