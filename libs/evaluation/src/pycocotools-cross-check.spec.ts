import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { evaluate } from "./coco-evaluation.js";
import type { DetectedObject, GroundTruthObject, IouType } from "./evaluation.types.js";
import { maskArea, rasterizePolygon } from "./polygon-mask.js";
import { boxIou, COCO_KEYPOINT_SIGMAS, maskIou, oks } from "./similarity.js";

// Our numbers against pycocotools' COCOeval on constructed cases (fixtures/coco-case-*.json: crowd regions,
// duplicates, misses, an image and a category without ground truth, score ties across images, skeletons without
// labelled points; a seeded random one with scores on a 0.05 grid, so ties everywhere).
// fixtures/pycocotools-results.json is what COCOeval gave; README.md gives the procedure.

interface Case {
  groundTruth: GroundTruthObject[];
  detections: DetectedObject[];
}
interface PycocotoolsRun {
  maxDets: number[];
  stats: number[];
  pairs: { detection: number; truth: number; value: number }[];
  categories: Record<string, { ap: number | null; ap50: number | null; ap75: number | null }>;
}

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, "..", "src", "fixtures", name), "utf8")) as unknown;
/** Case file → iouType → what COCOeval gave. */
const pycocotools = fixture("pycocotools-results.json") as Record<string, Record<string, PycocotoolsRun>>;

const TOLERANCE = 1e-6;
const close = (actual: number | null, expected: number | null, what: string): void => {
  if (expected === null || actual === null) {
    assert.equal(actual, expected, what);
    return;
  }
  assert.ok(Math.abs(actual - expected) <= TOLERANCE, `${what}: ${actual} vs pycocotools ${expected}`);
};

const runs = Object.entries(pycocotools).flatMap(([file, byType]) =>
  Object.entries(byType).map(([iouType, run]) => ({ file, iouType: iouType as IouType, run, testCase: fixture(file) as Case })),
);

describe("cross-check against pycocotools' COCOeval", () => {
  it("covers bbox, segm and keypoints", () => {
    assert.deepEqual([...new Set(runs.map((r) => r.iouType))].sort(), ["bbox", "keypoints", "segm"]);
  });

  for (const { file, iouType, run: expected, testCase } of runs) {
    // COCOeval's own cap for the type (100, or 20 for keypoints); no image of the cases comes near either.
    const maxDetections = Math.max(...expected.maxDets);

    it(`${file}, ${iouType}: AP, AP50 and AP75 per category and their means equal COCOeval's (area "all")`, () => {
      const result = evaluate(testCase.groundTruth, testCase.detections, { iouType, maxDetections });
      assert.deepEqual(
        result.categories.map((c) => c.categoryId),
        Object.keys(expected.categories),
      );
      for (const category of result.categories) {
        const want = expected.categories[category.categoryId];
        close(category.ap, want.ap, `${category.categoryId} AP`);
        close(category.ap50, want.ap50, `${category.categoryId} AP50`);
        close(category.ap75, want.ap75, `${category.categoryId} AP75`);
      }
      const ap75s = result.categories.map((c) => c.ap75).filter((v): v is number => v !== null);
      close(result.meanAp, expected.stats[0], "mean AP (stats[0])");
      close(result.meanAp50, expected.stats[1], "mean AP50 (stats[1])");
      close(ap75s.reduce((a, b) => a + b, 0) / ap75s.length, expected.stats[2], "mean AP75 (stats[2])");
    });

    it(`${file}, ${iouType}: every detection/ground-truth similarity equals COCOeval's`, () => {
      assert.ok(expected.pairs.some((p) => p.value > 0.5));
      for (const { detection, truth, value } of expected.pairs) {
        const d = testCase.detections[detection];
        const g = testCase.groundTruth[truth];
        let ours: number;
        if (iouType === "bbox") ours = boxIou(d.box, g.box, g.crowd === true);
        else if (iouType === "segm") {
          const dm = rasterizePolygon(d.polygon!);
          const gm = rasterizePolygon(g.polygon!);
          ours = maskIou(dm, maskArea(dm), gm, maskArea(gm), g.crowd === true);
        } else {
          const area = (g.box[2] - g.box[0]) * (g.box[3] - g.box[1]);
          ours = oks(d.keypoints!, { keypoints: g.keypoints!, box: g.box, area }, COCO_KEYPOINT_SIGMAS);
        }
        close(ours, value, `detection ${detection} × truth ${truth}`);
      }
    });
  }
});
