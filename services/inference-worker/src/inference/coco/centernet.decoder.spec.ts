import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModelError, ModelErrorCode } from "../inference.errors.js";
import { CENTERNET_DETECTIONS, CENTERNET_ROW, decodeCenternet } from "./centernet.decoder.js";

function detections(rows: number[][]): Float32Array {
  const data = new Float32Array(CENTERNET_DETECTIONS * CENTERNET_ROW);
  rows.forEach((row, i) => data.set(row, i * CENTERNET_ROW));
  return data;
}

describe("decodeCenternet", () => {
  // A 1024 × 256 frame stretched to 512 × 512: x ×2, y ×0.5.
  const rows = [
    [100, 100, 200, 300, 0.9, 0], // person
    [110, 100, 210, 300, 0.8, 0], // same person again: IoU 0.82 → suppressed
    [100, 100, 200, 300, 0.7, 1], // a bicycle in the same place: another class, kept
    [400, 400, 600, 600, 0.6, 2], // car partly beyond the input: clipped to the frame
    [10, 10, 20, 20, 0.1, 3], // below the threshold
  ];

  it("scales 512-pixel boxes to the frame, clips, and suppresses per class at IoU 0.4", () => {
    const objects = decodeCenternet(detections(rows), 1024, 256, 0.3);
    assert.deepEqual(
      objects.map((o) => [o.classId, o.box]),
      [
        [0, [200, 50, 400, 150]],
        [1, [200, 50, 400, 150]],
        [2, [800, 200, 1024, 256]],
      ],
    );
    assert.ok(Math.abs(objects[0].score - 0.9) < 1e-6);
  });

  it("keeps rows scoring at least the threshold", () => {
    assert.equal(decodeCenternet(detections(rows), 1024, 256, 0.65).length, 2);
    assert.equal(decodeCenternet(detections(rows), 1024, 256, 0.05).length, 4);
  });

  it("throws MODEL_OUTPUT_INVALID for a class outside 0..79", () => {
    assert.throws(
      () => decodeCenternet(detections([[0, 0, 10, 10, 0.9, 80]]), 512, 512, 0.3),
      (e: unknown) => e instanceof ModelError && e.code === ModelErrorCode.MODEL_OUTPUT_INVALID,
    );
    assert.throws(() => decodeCenternet(detections([[0, 0, 10, 10, 0.9, 2.5]]), 512, 512, 0.3), ModelError);
  });
});
