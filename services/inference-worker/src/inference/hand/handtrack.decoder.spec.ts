import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeHandtrack, HANDTRACK_CLASSES } from "./handtrack.decoder.js";

describe("decodeHandtrack", () => {
  const classes = HANDTRACK_CLASSES.length;
  const anchors = 4;
  const scores = new Float32Array(anchors * classes);
  const boxes = new Float32Array(anchors * 4);
  // Anchor 0: a fist at 0.8 (hand 0.6): best non-face score 0.8.
  scores.set([0.6, 0.8, 0, 0, 0, 0, 0], 0);
  boxes.set([0.25, 0.1, 0.5, 0.3], 0); // y1, x1, y2, x2
  // Anchor 1: almost the same box, pinch 0.7: suppressed by anchor 0.
  scores.set([0, 0, 0.7, 0, 0, 0, 0], classes);
  boxes.set([0.26, 0.1, 0.5, 0.31], 4);
  // Anchor 2: a face at 0.99, hands low: dropped (face is not a hand).
  scores.set([0.1, 0, 0, 0, 0.99, 0, 0], 2 * classes);
  boxes.set([0, 0.6, 0.4, 0.9], 8);
  // Anchor 3: a pointing hand at 0.55, reaching beyond the frame.
  scores.set([0, 0, 0, 0.55, 0, 0, 0], 3 * classes);
  boxes.set([0.8, 0.8, 1.2, 1.1], 12);

  it("takes the best non-face class, maps [y1,x1,y2,x2] to frame pixels, clips, suppresses", () => {
    const hands = decodeHandtrack(scores, boxes, 400, 200, 0.5);
    // Inputs are float32, so compare to 1e-4 px.
    assert.deepEqual(
      hands.map((h) => h.box.map((v) => Math.round(v * 1e4) / 1e4)),
      [
        [40, 50, 120, 100],
        [320, 160, 400, 200],
      ],
    );
    assert.ok(Math.abs(hands[0].score - 0.8) < 1e-6);
    assert.ok(Math.abs(hands[1].score - 0.55) < 1e-6);
  });

  it("ignores the face class even at a low threshold", () => {
    const hands = decodeHandtrack(scores, boxes, 400, 200, 0.05);
    assert.ok(hands.every((h) => h.score < 0.99));
    assert.equal(hands.length, 3, "the face anchor counts with its hand score 0.1");
  });
});
