import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { DetectionModel } from "../detection-model.js";
import { createModelCatalog, type ModelCatalog } from "../model-catalog.js";
import { insideFrame, requireBuiltModels, samplePhoto } from "../real-model.testing.js";
import { COCO_LABELS } from "./coco-labels.js";

describe("coco-object-detection on real photos (converted model)", { timeout: 60_000 }, () => {
  let catalog: ModelCatalog;
  let model: DetectionModel;

  before(async () => {
    requireBuiltModels(["centernet"]);
    catalog = createModelCatalog({ intraOpNumThreads: 2 });
    model = await catalog.get("coco-object-detection");
  });
  after(() => catalog?.dispose());

  // Measured persons at 0.3: sample1 3 (0.44–0.67), sample2 3, sample6 4 (0.38–0.64).
  for (const [n, persons] of [
    [1, 3],
    [2, 3],
    [6, 4],
  ] as const) {
    it(`finds the ${persons} people of sample${n}, as labelled boxes inside the frame`, async () => {
      const image = await samplePhoto(n);
      const objects = await model.detect(image, { threshold: 0.3, returnMasks: false });
      assert.equal(objects.filter((o) => o.label === "person").length, persons, JSON.stringify(objects.map((o) => [o.label, o.score])));
      for (const o of objects) {
        assert.ok((COCO_LABELS as readonly string[]).includes(o.label), o.label);
        assert.ok(o.score !== undefined && o.score >= 0.3 && o.score <= 1);
        assert.ok(insideFrame(o.box, image), `${o.label} ${o.box.join(",")}`);
      }
      // Big boxes: the people fill the frame's height.
      for (const p of objects.filter((o) => o.label === "person")) assert.ok(p.box[3] - p.box[1] > 0.5 * image.height);
    });
  }

  it("finds the phone lying on the sofa in sample2", async () => {
    const objects = await model.detect(await samplePhoto(2), { threshold: 0.3, returnMasks: false });
    const phone = objects.find((o) => o.label === "cell phone");
    assert.ok(phone, JSON.stringify(objects.map((o) => o.label)));
    // Bottom-left corner of the frame (measured [67, 1250, 306, 1347]).
    assert.ok(phone.box[0] < 200 && phone.box[1] > 1100);
  });
});
