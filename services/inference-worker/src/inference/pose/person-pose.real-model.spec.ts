import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { DetectionModel } from "../detection-model.js";
import { createModelCatalog, type ModelCatalog } from "../model-catalog.js";
import { insideFrame, requireBuiltModels, samplePhoto } from "../real-model.testing.js";
import { COCO_KEYPOINTS } from "./coco-keypoints.js";

describe("person-pose on real photos (converted models)", { timeout: 60_000 }, () => {
  let catalog: ModelCatalog;
  let model: DetectionModel;

  before(async () => {
    requireBuiltModels(["centernet", "movenet-lightning"]);
    catalog = createModelCatalog({ intraOpNumThreads: 2 });
    model = await catalog.get("person-pose");
  });
  after(() => catalog?.dispose());

  for (const [n, people] of [
    [1, 3],
    [6, 4],
  ] as const) {
    it(`puts a 17-point skeleton inside the frame on each of the ${people} people of sample${n}`, async () => {
      const image = await samplePhoto(n);
      const skeletons = await model.detect(image, { threshold: 0.3, returnMasks: false });
      assert.equal(skeletons.length, people);
      const noses: { x: number; y: number }[] = [];
      for (const s of skeletons) {
        assert.equal(s.label, "person");
        assert.ok(insideFrame(s.box, image));
        assert.deepEqual(
          s.keypoints?.map((k) => k.label),
          [...COCO_KEYPOINTS],
        );
        const [x1, y1, x2, y2] = s.box;
        const margin = 0.1 * Math.max(x2 - x1, y2 - y1);
        for (const k of s.keypoints) {
          assert.ok(k.x >= 0 && k.x <= image.width && k.y >= 0 && k.y <= image.height, `${k.label} at ${k.x},${k.y} outside the frame`);
          assert.ok(k.score !== undefined && k.score >= 0 && k.score <= 1);
          if (!k.outside)
            assert.ok(
              k.x >= x1 - margin && k.x <= x2 + margin && k.y >= y1 - margin && k.y <= y2 + margin,
              `${k.label} outside its person`,
            );
        }
        const at = (label: string) => s.keypoints!.find((k) => k.label === label)!;
        // Upright people: the (visible) nose is above the shoulders and the hips.
        for (const lower of ["left_shoulder", "right_shoulder", "left_hip", "right_hip"]) {
          if (!at("nose").outside && !at(lower).outside) assert.ok(at("nose").y < at(lower).y, `nose below ${lower}`);
        }
        assert.ok(s.keypoints.filter((k) => !k.outside && !k.occluded).length >= 8, "most of the upper body is found");
        noses.push(at("nose"));
      }
      // One skeleton per person: no two skeletons share a head.
      for (const [i, a] of noses.entries())
        for (const b of noses.slice(i + 1)) assert.ok(Math.hypot(a.x - b.x, a.y - b.y) > 60, "two skeletons on one person");
    });
  }

  it("marks the legs cut off by the frame's bottom edge as not visible", async () => {
    // sample6: four women cropped at the knees; MoveNet scores their ankles ≤ 0.25.
    const skeletons = await model.detect(await samplePhoto(6), { threshold: 0.3, returnMasks: false });
    for (const s of skeletons) {
      const ankles = s.keypoints!.filter((k) => k.label.endsWith("_ankle"));
      assert.ok(
        ankles.every((k) => k.outside || k.occluded),
        JSON.stringify(ankles),
      );
    }
  });
});
