import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Box } from "./box.js";
import { evaluateMot, type MotFrame } from "./mot-metrics.js";

// Hand-computed cases; the expected figures follow py-motmetrics' MOTAccumulator (mota, num_switches, num_false_positives,
// num_misses) and idf1, except motp, which is the mean IoU here (py-motmetrics: the mean distance 1 − IoU).

const at = (x: number, y = 0, w = 10, h = 10): Box => [x, y, x + w, y + h];
/** Frames 0..n-1 from a per-frame list of [id, box] pairs. */
const seq = (...frames: [string | number, Box][][]): MotFrame[] =>
  frames.map((objects, frame) => ({ frame, objects: objects.map(([id, box]) => ({ id, box })) }));

describe("evaluateMot", () => {
  it("scores a perfect hypothesis 1 / 1 with no errors", () => {
    const truth = seq(
      [
        [1, at(0)],
        [2, at(50)],
      ],
      [
        [1, at(2)],
        [2, at(48)],
      ],
      [
        [1, at(4)],
        [2, at(46)],
      ],
    );
    const hyp = seq(
      [
        ["a", at(0)],
        ["b", at(50)],
      ],
      [
        ["a", at(2)],
        ["b", at(48)],
      ],
      [
        ["a", at(4)],
        ["b", at(46)],
      ],
    );
    assert.deepEqual(evaluateMot(truth, hyp), {
      mota: 1,
      idf1: 1,
      idSwitches: 0,
      falsePositives: 0,
      misses: 0,
      truthCount: 6,
      matches: 6,
      motp: 1,
    });
  });

  it("counts one id switch when the hypothesis id changes half-way (MOTA 0.75, IDF1 0.5)", () => {
    const truth = seq([[1, at(0)]], [[1, at(1)]], [[1, at(2)]], [[1, at(3)]]);
    const hyp = seq([["a", at(0)]], [["a", at(1)]], [["b", at(2)]], [["b", at(3)]]);
    const s = evaluateMot(truth, hyp);
    assert.equal(s.idSwitches, 1);
    assert.equal(s.mota, 0.75);
    // Best mapping 1 → a: IDTP 2, IDFN 2, IDFP 2 (b's frames): 4 / (4 + 2 + 2).
    assert.equal(s.idf1, 0.5);
  });

  it("counts two switches when two tracks swap identities while crossing", () => {
    const truth = seq(
      [
        [1, at(0)],
        [2, at(100)],
      ],
      [
        [1, at(20)],
        [2, at(80)],
      ],
      [
        [1, at(40)],
        [2, at(60)],
      ],
      [
        [1, at(60)],
        [2, at(40)],
      ],
    );
    const hyp = seq(
      [
        ["a", at(0)],
        ["b", at(100)],
      ],
      [
        ["a", at(20)],
        ["b", at(80)],
      ],
      [
        ["b", at(40)],
        ["a", at(60)],
      ],
      [
        ["b", at(60)],
        ["a", at(40)],
      ],
    );
    const s = evaluateMot(truth, hyp);
    assert.equal(s.idSwitches, 2);
    assert.equal(s.mota, 1 - 2 / 8);
    assert.equal(s.idf1, 8 / 16);
  });

  it("counts misses (FN) and false positives (FP)", () => {
    const misses = evaluateMot(
      seq([[1, at(0)]], [[1, at(1)]], [[1, at(2)]], [[1, at(3)]]),
      seq([["a", at(0)]], [["a", at(1)]], [], [["a", at(3)]]),
    );
    assert.equal(misses.misses, 1);
    assert.equal(misses.idSwitches, 0);
    assert.equal(misses.mota, 0.75);
    assert.equal(misses.idf1, 6 / 7); // IDTP 3, IDFN 1

    const fp = evaluateMot(
      seq([[1, at(0)]], [[1, at(1)]]),
      seq(
        [["a", at(0)]],
        [
          ["a", at(1)],
          ["x", at(200)],
        ],
      ),
    );
    assert.equal(fp.falsePositives, 1);
    assert.equal(fp.mota, 0.5);
    assert.equal(fp.idf1, 4 / 5); // IDTP 2, IDFP 1
  });

  it("needs IoU >= iouThreshold to match, and reports MOTP as the mean IoU of matches", () => {
    // IoU 50/150 = 1/3: below 0.5, a miss and a false positive; matched at 0.3.
    const truth = seq([[1, at(0)]]);
    const hyp = seq([["a", at(5)]]);
    const strict = evaluateMot(truth, hyp);
    assert.deepEqual([strict.misses, strict.falsePositives, strict.matches, strict.mota], [1, 1, 0, -1]);
    assert.ok(Number.isNaN(strict.motp));
    const loose = evaluateMot(truth, hyp, { iouThreshold: 0.3 });
    assert.deepEqual([loose.misses, loose.falsePositives, loose.matches], [0, 0, 1]);
    assert.ok(Math.abs(loose.motp - 1 / 3) < 1e-12);
    const motp = evaluateMot(seq([[1, at(0)]]), seq([["a", at(0, 0, 10, 12)]]));
    assert.ok(Math.abs(motp.motp - 100 / 120) < 1e-12);
  });

  it("keeps a previous correspondence that is still valid even when another hypothesis overlaps more", () => {
    // Frame 1: a still overlaps truth 1 (IoU 0.6), c overlaps it better (0.9). py-motmetrics keeps a: no switch, c is
    // a false positive. A plain per-frame assignment would take c and count a switch.
    const truth = seq([[1, at(0, 0, 100, 10)]], [[1, at(0, 0, 100, 10)]]);
    const hyp = seq(
      [["a", at(0, 0, 100, 10)]],
      [
        ["a", at(0, 0, 60, 10)],
        ["c", at(0, 0, 90, 10)],
      ],
    );
    const s = evaluateMot(truth, hyp);
    assert.equal(s.idSwitches, 0);
    assert.equal(s.falsePositives, 1);
    assert.ok(Math.abs(s.motp - (1 + 0.6) / 2) < 1e-12);
  });

  it("counts a switch when a truth object comes back after a gap under another id", () => {
    const s = evaluateMot(seq([[1, at(0)]], [[1, at(1)]], [[1, at(2)]]), seq([["a", at(0)]], [], [["b", at(2)]]));
    assert.deepEqual([s.idSwitches, s.misses, s.matches], [1, 1, 2]);
  });

  it("maximizes the matches of a frame over the total IoU (py-motmetrics' assignment)", () => {
    // Truth 1 overlaps a (IoU 0.9) and b (0.6); truth 2 overlaps only a (0.6). Both match: 1–b, 2–a.
    const truth = seq([
      [1, at(0, 0, 100, 10)],
      [2, at(40, 0, 60, 10)],
    ]);
    const hyp = seq([
      ["a", at(10, 0, 90, 10)],
      ["b", at(0, 0, 60, 10)],
    ]);
    const s = evaluateMot(truth, hyp);
    assert.equal(s.matches, 2);
    assert.equal(s.mota, 1);
  });

  it("treats frames missing on one side as empty and rejects duplicate ids in a frame", () => {
    const s = evaluateMot([{ frame: 5, objects: [{ id: 1, box: at(0) }] }], [{ frame: 6, objects: [{ id: "a", box: at(0) }] }]);
    assert.deepEqual([s.misses, s.falsePositives, s.truthCount], [1, 1, 1]);
    assert.throws(
      () =>
        evaluateMot(
          seq([
            [1, at(0)],
            [1, at(20)],
          ]),
          [],
        ),
      RangeError,
    );
  });
});
