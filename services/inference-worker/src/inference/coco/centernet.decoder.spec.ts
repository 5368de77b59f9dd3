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
  // A 1024 × 256 frame letterboxed into 512 × 512: the window is the 1024-px square centred on it
  // (y −384..640), 2 frame px per input px on both axes.
  const window = [0, -384, 1024, 640] as [number, number, number, number];
  const rows = [
    [100, 200, 200, 300, 0.9, 0], // person
    [110, 200, 210, 300, 0.8, 0], // same person again: IoU 0.82 → suppressed
    [100, 200, 200, 300, 0.7, 1], // a bicycle in the same place: another class, kept
    [400, 250, 600, 600, 0.6, 2], // car reaching into the lower band: clipped to the frame
    [10, 200, 20, 210, 0.1, 3], // below the threshold
    [300, 20, 400, 60, 0.9, 4], // wholly in the upper band, beyond the frame: dropped
  ];

  it("maps 512-pixel boxes through the window to the frame, clips, drops empty ones, and suppresses per class at IoU 0.4", () => {
    const objects = decodeCenternet(detections(rows), window, 1024, 256, 0.3);
    assert.deepEqual(
      objects.map((o) => [o.classId, o.box]),
      [
        [0, [200, 16, 400, 216]],
        [1, [200, 16, 400, 216]],
        [2, [800, 116, 1024, 256]],
      ],
    );
    assert.ok(Math.abs(objects[0].score - 0.9) < 1e-6);
  });

  it("keeps rows scoring at least the threshold", () => {
    assert.equal(decodeCenternet(detections(rows), window, 1024, 256, 0.65).length, 2);
    assert.equal(decodeCenternet(detections(rows), window, 1024, 256, 0.05).length, 4);
  });

  it("throws MODEL_OUTPUT_INVALID for a class outside 0..79", () => {
    assert.throws(
      () => decodeCenternet(detections([[0, 0, 10, 10, 0.9, 80]]), [0, 0, 512, 512], 512, 512, 0.3),
      (e: unknown) => e instanceof ModelError && e.code === ModelErrorCode.MODEL_OUTPUT_INVALID,
    );
    assert.throws(() => decodeCenternet(detections([[0, 0, 10, 10, 0.9, 2.5]]), [0, 0, 512, 512], 512, 512, 0.3), ModelError);
  });
});
