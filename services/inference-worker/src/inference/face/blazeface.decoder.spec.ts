import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  blazefaceAnchors,
  BLAZEFACE_REGRESSORS,
  BLAZEFACE_ROWS_COARSE,
  BLAZEFACE_ROWS_FINE,
  decodeBlazeface,
} from "./blazeface.decoder.js";

const anchorAt = (anchors: Float32Array, row: number) => [anchors[row * 2], anchors[row * 2 + 1]];

describe("blazefaceAnchors", () => {
  const anchors = blazefaceAnchors();

  it("lays out 16×16×2 anchors at stride 16, then 8×8×6 at stride 32", () => {
    assert.equal(anchors.length, 896 * 2);
    assert.deepEqual(anchorAt(anchors, 0), [8, 8]);
    assert.deepEqual(anchorAt(anchors, 1), [8, 8], "2 anchors per fine cell");
    assert.deepEqual(anchorAt(anchors, 2), [24, 8], "cells run along x first");
    assert.deepEqual(anchorAt(anchors, 32), [8, 24], "row 1 of the fine grid starts at 2·16");
    assert.deepEqual(anchorAt(anchors, 511), [248, 248]);
    assert.deepEqual(anchorAt(anchors, 512), [16, 16], "the coarse grid follows");
    assert.deepEqual(anchorAt(anchors, 517), [16, 16], "6 anchors per coarse cell");
    assert.deepEqual(anchorAt(anchors, 518), [48, 16]);
    assert.deepEqual(anchorAt(anchors, 512 + 48), [16, 48], "row 1 of the coarse grid starts at 8·6");
    assert.deepEqual(anchorAt(anchors, 895), [240, 240]);
  });
});

describe("decodeBlazeface", () => {
  function outputs() {
    const fineLogits = new Float32Array(BLAZEFACE_ROWS_FINE).fill(-10);
    const coarseLogits = new Float32Array(BLAZEFACE_ROWS_COARSE).fill(-10);
    const fineRegressors = new Float32Array(BLAZEFACE_ROWS_FINE * BLAZEFACE_REGRESSORS);
    const coarseRegressors = new Float32Array(BLAZEFACE_ROWS_COARSE * BLAZEFACE_REGRESSORS);
    // Fine row 34 = cell (gx 1, gy 1), anchor (24, 24): centre offset (+2, −4), size 20 × 30, logit 0 → 0.5.
    fineLogits[34] = 0;
    fineRegressors.set([2, -4, 20, 30], 34 * BLAZEFACE_REGRESSORS);
    // Coarse row 6 = cell (gx 1, gy 0), anchor (48, 16): no offset, 64 × 64, logit ln 4 → 0.8.
    coarseLogits[6] = Math.log(4);
    coarseRegressors.set([0, 0, 64, 64], 6 * BLAZEFACE_REGRESSORS);
    return { fineLogits, coarseLogits, fineRegressors, coarseRegressors };
  }

  it("decodes centre = anchor + offset, box = centre ± size/2, score = sigmoid(logit)", () => {
    const faces = decodeBlazeface(outputs(), 0.5);
    assert.equal(faces.length, 2);
    assert.deepEqual(faces[0].box, [16, 5, 36, 35]);
    assert.ok(Math.abs(faces[0].score - 0.5) < 1e-6);
    assert.deepEqual(faces[1].box, [16, -16, 80, 48]);
    assert.ok(Math.abs(faces[1].score - 0.8) < 1e-6);
  });

  it("keeps only anchors scoring at least the minimum", () => {
    assert.deepEqual(
      decodeBlazeface(outputs(), 0.6).map((f) => f.box),
      [[16, -16, 80, 48]],
    );
    assert.equal(decodeBlazeface(outputs(), 0.9).length, 0);
    assert.equal(decodeBlazeface(outputs(), 0).length, 2, "threshold 0 keeps every anchor, but zero-size boxes are no faces");
  });
});
