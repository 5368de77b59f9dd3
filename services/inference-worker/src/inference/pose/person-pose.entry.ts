import { openModelSessions, releaseAll } from "../artifact-sessions.js";
import { CENTERNET_IO } from "../coco/centernet.detector.js";
import { HUMAN_MODELS_VERSION } from "../human-models.js";
import type { ModelCatalogEntry } from "../model-catalog-entry.js";
import { PERSON_LABEL } from "./coco-keypoints.js";
import { MOVENET_IO, PersonPoseModel } from "./person-pose.model.js";

export const personPoseEntry: ModelCatalogEntry = {
  descriptor: {
    id: "person-pose",
    kind: "detector",
    name: "Person pose, 17 COCO keypoints (CenterNet + MoveNet Lightning)",
    version: HUMAN_MODELS_VERSION,
    // A skeleton of 17 points; the worker's descriptor vocabulary has no "skeleton" shape yet.
    labels: [{ id: 0, name: PERSON_LABEL, shapes: ["points"] }],
    // 87–103 ms/frame measured (docs/models/person-pose.md); one MoveNet run per person: ~100× for a loaded 2-core host (both runners busy, threads contending).
    frameBudgetMs: 10_000,
  },
  async load(context) {
    const sessions = await openModelSessions(context, {
      centernet: { inputs: [CENTERNET_IO.input], outputs: [CENTERNET_IO.detections] },
      "movenet-lightning": { inputs: [MOVENET_IO.input], outputs: [MOVENET_IO.keypoints] },
    });
    const model = new PersonPoseModel({ detector: sessions.centernet.session, movenet: sessions["movenet-lightning"].session });
    return { model, release: () => releaseAll(sessions) };
  },
};
