import { openModelSessions, releaseAll } from "../artifact-sessions.js";
import { HUMAN_MODELS_VERSION } from "../human-models.js";
import type { ModelCatalogEntry } from "../model-catalog-entry.js";
import { CENTERNET_IO } from "./centernet.detector.js";
import { CocoDetectionModel } from "./coco-detection.model.js";
import { COCO_LABELS } from "./coco-labels.js";

export const cocoDetectionEntry: ModelCatalogEntry = {
  descriptor: {
    id: "coco-object-detection",
    kind: "detector",
    name: "COCO objects, 80 classes (CenterNet MobileNetV3)",
    version: HUMAN_MODELS_VERSION,
    labels: COCO_LABELS.map((name, id) => ({ id, name, shapes: ["rectangle"] as const })),
    // 34–42 ms/frame measured (docs/models/coco-object-detection.md): ~100× for a loaded 2-core host (both runners busy, threads contending).
    frameBudgetMs: 5_000,
  },
  async load(context) {
    const sessions = await openModelSessions(context, {
      centernet: { inputs: [CENTERNET_IO.input], outputs: [CENTERNET_IO.detections] },
    });
    return { model: new CocoDetectionModel(sessions.centernet.session), release: () => releaseAll(sessions) };
  },
};
