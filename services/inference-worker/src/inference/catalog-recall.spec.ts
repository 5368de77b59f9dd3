// Recall of the catalog models on real photos against hand-made ground truth
// (test/fixtures/face-api-samples, procedure in docs/models/ground-truth.md).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { facePhotosDir } from "@prelabel/testing";
import { decodeFrame } from "./image-decoder.js";
import type { DecodedImage } from "./decoded-image.js";
import type { Box, Detection } from "./detection-model.js";
import { createModelCatalog, type ModelCatalog } from "./model-catalog.js";

interface GroundTruthObject {
  id: string;
  box: Box;
  difficult: boolean;
}
interface GroundTruthImage {
  file: string;
  width: number;
  height: number;
  faces: GroundTruthObject[];
  persons: GroundTruthObject[];
}

const FIXTURES = join(__dirname, "..", "..", "..", "test", "fixtures", "face-api-samples");
const groundTruth: GroundTruthImage[] = JSON.parse(readFileSync(join(FIXTURES, "ground-truth.json"), "utf8")).images;

/** The registry's catalog (what a run uses when it names no threshold): the models are measured at these. */
const REGISTRY_CATALOG = join(__dirname, "..", "..", "..", "..", "model-registry", "src", "persistence", "catalog", "manifest.json");
const defaultThresholds = new Map<string, number>(
  (JSON.parse(readFileSync(REGISTRY_CATALOG, "utf8")).models as { id: string; defaultThreshold: number }[]).map((m) => [
    m.id,
    m.defaultThreshold,
  ]),
);
function defaultThreshold(modelId: string): number {
  const threshold = defaultThresholds.get(modelId);
  assert.ok(threshold !== undefined, `${modelId} is in the registry's catalog`);
  return threshold;
}

/** The bar: a detection counts when it overlaps a ground-truth box by IoU ≥ 0.5. */
const MATCH_IOU = 0.5;

/** "No confident box on nobody": a person detection that matches no hand-made person must score below this. */
const CONFIDENT = 0.5;

// Each model runs at the default threshold the registry's catalog gives it. The face floor sits just under what was
// measured when the ground truth was made (20/21). The person floors are the figures measured once CenterNet saw the
// frame letterboxed instead of stretched (issue 16; before: persons 17/22, skeletons 19/22): persons 21/22 and
// skeletons 21/22 (the one left, in sample4, has no peak of its own in the heatmap: the woman in front covers her),
// so losing a single person fails the test. Steps and figures: docs/models/coco-object-detection.md.

function iou(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

interface Matching {
  /** Ground-truth id → the detection matched to it (greedy, highest IoU first, one-to-one). */
  matched: Map<string, { detection: Detection; iou: number }>;
  /** Non-difficult ground-truth objects found / all non-difficult ones. */
  found: number;
  total: number;
  unmatchedDetections: Detection[];
}

function match(truth: GroundTruthObject[], detections: Detection[]): Matching {
  const pairs = truth.flatMap((t) => detections.map((d, i) => ({ t, i, d, iou: iou(t.box, d.box) })));
  pairs.sort((a, b) => b.iou - a.iou);
  const matched = new Map<string, { detection: Detection; iou: number }>();
  const used = new Set<number>();
  for (const p of pairs) {
    if (p.iou < MATCH_IOU || matched.has(p.t.id) || used.has(p.i)) continue;
    matched.set(p.t.id, { detection: p.d, iou: p.iou });
    used.add(p.i);
  }
  const scored = truth.filter((t) => !t.difficult);
  return {
    matched,
    found: scored.filter((t) => matched.has(t.id)).length,
    total: scored.length,
    unmatchedDetections: detections.filter((_, i) => !used.has(i)),
  };
}

describe("catalog models on real photos (hand-made ground truth)", { timeout: 300_000 }, () => {
  let catalog: ModelCatalog;
  const images = new Map<string, DecodedImage>();

  before(async () => {
    catalog = createModelCatalog({ intraOpNumThreads: 2 });
    const dir = facePhotosDir();
    for (const gt of groundTruth) {
      const image = await decodeFrame(readFileSync(join(dir, gt.file)), { maxPixels: 50_000_000 });
      assert.deepEqual([image.width, image.height], [gt.width, gt.height], `${gt.file}: ground truth is in the decoded frame's pixels`);
      images.set(gt.file, image);
    }
  });
  after(() => catalog.dispose());

  async function run(modelId: string, threshold: number): Promise<Map<string, Detection[]>> {
    const model = await catalog.get(modelId);
    const out = new Map<string, Detection[]>();
    for (const gt of groundTruth) out.set(gt.file, await model.detect(images.get(gt.file)!, { threshold, returnMasks: false }));
    return out;
  }

  function report(kind: string, results: Matching[]): { recall: number; found: number; total: number; meanIou: number } {
    const found = results.reduce((s, r) => s + r.found, 0);
    const total = results.reduce((s, r) => s + r.total, 0);
    const ious = results.flatMap((r) => [...r.matched.values()].map((m) => m.iou));
    const meanIou = ious.reduce((s, v) => s + v, 0) / Math.max(1, ious.length);
    console.log(
      `# ${kind}: recall ${found}/${total}, mean IoU ${meanIou.toFixed(3)}, extra detections ${results.reduce((s, r) => s + r.unmatchedDetections.length, 0)}`,
    );
    return { recall: found / total, found, total, meanIou };
  }

  /** Unmatched detections scoring ≥ CONFIDENT, as "file score" strings (empty when the rule holds). */
  function confidentOnNobody(results: Matching[]): string[] {
    return results.flatMap((r, i) =>
      r.unmatchedDetections.filter((d) => (d.score ?? 1) >= CONFIDENT).map((d) => `${groundTruth[i].file} ${d.score?.toFixed(2)}`),
    );
  }

  it("face-detection-with-attributes finds the faces, each with age, gender and emotion", async () => {
    const byFile = await run("face-detection-with-attributes", defaultThreshold("face-detection-with-attributes"));
    const results = groundTruth.map((gt) => match(gt.faces, byFile.get(gt.file)!));
    const { recall, meanIou } = report("faces", results);
    assert.ok(recall >= 0.9, `face recall ${recall.toFixed(2)} < 0.9`);
    assert.ok(meanIou >= 0.6, `mean face IoU ${meanIou.toFixed(2)} < 0.6`);
    for (const [file, detections] of byFile) {
      for (const d of detections) {
        assert.equal(d.label, "face");
        const { age, gender, emotion } = d.attributes ?? {};
        assert.ok(age !== undefined && Number.isInteger(Number(age)) && Number(age) >= 0 && Number(age) <= 100, `${file}: age ${age}`);
        assert.ok(gender === "female" || gender === "male", `${file}: gender ${gender}`);
        assert.ok(["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"].includes(emotion), `${file}: emotion ${emotion}`);
      }
    }
  });

  it("coco-object-detection finds 21 of the 22 people at its default threshold, with no confident box on nobody", async () => {
    const byFile = await run("coco-object-detection", defaultThreshold("coco-object-detection"));
    const results = groundTruth.map((gt) =>
      match(
        gt.persons,
        byFile.get(gt.file)!.filter((d) => d.label === "person"),
      ),
    );
    const { found, total, meanIou } = report("COCO persons", results);
    assert.equal(total, 22);
    assert.ok(found >= 21, `people found ${found}/${total} < 21`);
    assert.ok(meanIou >= 0.8, `mean person IoU ${meanIou.toFixed(3)} < 0.8`);
    assert.deepEqual(confidentOnNobody(results), [], "a person box scoring ≥ 0.5 where nobody is");
  });

  it("person-pose puts a 17-point skeleton on 21 of the 22 people at its default threshold, with no confident one on nobody", async () => {
    const byFile = await run("person-pose", defaultThreshold("person-pose"));
    const results = groundTruth.map((gt) => match(gt.persons, byFile.get(gt.file)!));
    const { found, total } = report("pose skeletons", results);
    assert.ok(found >= 21, `skeletons found ${found}/${total} < 21`);
    assert.deepEqual(confidentOnNobody(results), [], "a skeleton scoring ≥ 0.5 where nobody is");
    for (const gt of groundTruth) {
      for (const { detection } of results[groundTruth.indexOf(gt)].matched.values()) {
        assert.equal(detection.keypoints?.length, 17, `${gt.file}: a skeleton has 17 points`);
        // Visible points of a matched person lie inside (a margin around) its hand-drawn box.
        const [x1, y1, x2, y2] = detection.box;
        const margin = 0.1 * Math.max(x2 - x1, y2 - y1);
        const visible = detection.keypoints.filter((k) => !k.outside);
        assert.ok(visible.length >= 5, `${gt.file}: at least 5 visible points on a matched person, got ${visible.length}`);
        for (const k of visible) {
          assert.ok(
            k.x >= x1 - margin && k.x <= x2 + margin && k.y >= y1 - margin && k.y <= y2 + margin,
            `${gt.file}: ${k.label} inside its person`,
          );
        }
      }
    }
  });
});
