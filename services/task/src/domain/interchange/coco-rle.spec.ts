import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cocoRleToMask, decodeCocoCounts, encodeCocoCounts, maskToCocoRle } from "./coco-rle.js";

/** A mask pycocotools compressed (a 50 × 70 image; published as the example of a Python port of its decoder). */
const PYCOCOTOOLS_COUNTS =
  "0g05b08J4M2N2NA^O1`0OCO=0E090H080IO68DH;>@C>a0_O_O`0j0OWOF<:CM72I24NL43JM92FN;1ENKO72L0LO91J0MO92INO0NO122OO0M031O000NO31OO11MO40N011MO41MO21L06OL021L06OL021L06OL021L060J040L060J040L060J040L060J040L060J040L060J040L060KO31L060KO31L06OL021L06OL021L06OL021MO41MO21MO40N100NO310O00M0310O00NO1220NO92IONO91KOMO72M0<1EO:2GN63KM34OLM73JF<;=1G_O_Ob0=AC`07EH=1IO71H090F0:1DO>1_O1b0>2N2N3L6H]O";

describe("COCO run-lengths", () => {
  it("decodes pycocotools' compressed counts into runs that cover the image, and encodes them back byte for byte", () => {
    const counts = decodeCocoCounts(PYCOCOTOOLS_COUNTS);
    assert.equal(
      counts.reduce((s, n) => s + n, 0),
      50 * 70,
    );
    assert.ok(counts.every((n) => Number.isInteger(n) && n >= 0));
    assert.equal(encodeCocoCounts(counts), PYCOCOTOOLS_COUNTS);
  });

  it("turns column-major image runs into CVAT's row-major runs over the foreground's box", () => {
    // 5 wide, 4 high; foreground at x 1..2, y 1..2 plus (4, 3). Column-major index = x * height + y.
    const counts = [5, 2, 2, 2, 8, 1];
    const mask = cocoRleToMask(counts, 4, 5)!;
    assert.deepEqual({ ...mask, counts: [...mask.counts] }, { left: 1, top: 1, right: 4, bottom: 3, counts: [0, 2, 2, 2, 5, 1] });
    // And back: the same image-wide runs.
    assert.deepEqual(maskToCocoRle(mask, 4, 5), counts);
  });

  it("finds the box of runs that span columns", () => {
    // 3 × 3, foreground from (0, 2) through (1, 0): index 2..3.
    const mask = cocoRleToMask([2, 2, 5], 3, 3)!;
    assert.deepEqual([mask.left, mask.top, mask.right, mask.bottom], [0, 0, 1, 2]);
    assert.deepEqual(maskToCocoRle(mask, 3, 3), [2, 2, 5]);
  });

  it("refuses runs that do not cover the image, negative runs and bad characters; an empty mask is null", () => {
    assert.throws(() => cocoRleToMask([3, 2], 2, 3), /cover 5 pixels, not height × width = 6/);
    assert.throws(() => cocoRleToMask([3, -1, 4], 2, 3), /not a count/);
    assert.throws(() => decodeCocoCounts("0~"), /not in the compressed counts' alphabet/);
    assert.throws(() => decodeCocoCounts("a"), /end inside a number/);
    assert.equal(cocoRleToMask([6], 2, 3), null);
  });
});
