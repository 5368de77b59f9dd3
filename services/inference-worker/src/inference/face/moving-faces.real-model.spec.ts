import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { movingFacesScene, type MovingFacesScene, type SceneBox } from "@prelabel/testing";
import type { DetectionModel } from "../detection-model.js";
import { createModelCatalog, type ModelCatalog } from "../model-catalog.js";
import { requireBuiltModels } from "../real-model.testing.js";

function iou(a: SceneBox, b: SceneBox): number {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const i = w * h;
  return i / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - i);
}

/**
 * The calibration of libs/testing's moving-faces scene (the tracking tests' video): the catalog face detector
 * must find the pasted faces where the truth says they are, or tracking metrics would measure the detector.
 * Measured at threshold 0.5 over the 75 frames: 319 of 330 truth boxes found with IoU ≥ 0.5 (96.7 %; per face
 * a 68/72, b 75/75, c 59/62, d 75/75, e 42/46; the misses are faces half-covered or half out of the frame),
 * 3 unmatched detections (c seen through d's edge while the truth counts it hidden), none on the background.
 */
describe("the moving-faces scene under the catalog face detector", { timeout: 300_000 }, () => {
  let catalog: ModelCatalog;
  let model: DetectionModel;
  let scene: MovingFacesScene;

  before(async () => {
    requireBuiltModels(["blazeface", "emotion", "faceres"]);
    catalog = createModelCatalog({ intraOpNumThreads: 2 });
    model = await catalog.get("face-detection-with-attributes");
    scene = await movingFacesScene();
  });
  after(() => catalog?.dispose());

  it("finds the faces on their true boxes (IoU ≥ 0.5) on most frames, and nothing on the blurred background", async (t) => {
    let truthCount = 0;
    let found = 0;
    let unmatched = 0;
    const perFace = new Map<string, [found: number, total: number]>();
    for (let i = 0; i < scene.frameCount; i++) {
      const detections = await model.detect(
        { width: scene.width, height: scene.height, data: new Uint8Array(scene.frame(i)) },
        { threshold: 0.5, returnMasks: false },
      );
      const objects = scene.truth[i].objects;
      for (const o of objects) {
        const hit = detections.some((d) => iou(d.box, o.box) >= 0.5);
        const counts = perFace.get(o.id) ?? [0, 0];
        perFace.set(o.id, [counts[0] + (hit ? 1 : 0), counts[1] + 1]);
        truthCount++;
        if (hit) found++;
      }
      unmatched += detections.filter((d) => !objects.some((o) => iou(d.box, o.box) >= 0.5)).length;
    }
    t.diagnostic(`found ${found}/${truthCount}; unmatched detections ${unmatched}; per face ${JSON.stringify([...perFace])}`);
    assert.ok(found >= 0.93 * truthCount, `recall ${found}/${truthCount}`);
    for (const [id, [hit, total]] of perFace) assert.ok(hit >= 0.85 * total, `face ${id}: ${hit}/${total}`);
    assert.ok(unmatched <= 6, `${unmatched} detections off the truth`);

    // The background alone (the same renderer with no face): nothing at the job's default threshold. The blur's
    // skin-coloured blobs do score up to 0.44 (measured), below 0.5: at most a low-score second-stage candidate.
    const empty = await movingFacesScene({ frameCount: 1, faces: [] });
    const onBackground = await model.detect(
      { width: empty.width, height: empty.height, data: new Uint8Array(empty.frame(0)) },
      { threshold: 0.5, returnMasks: false },
    );
    assert.equal(onBackground.length, 0, "no face in the blur");
  });
});
