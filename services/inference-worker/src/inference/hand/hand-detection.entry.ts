import { openModelSessions, releaseAll } from "../artifact-sessions.js";
import { HUMAN_MODELS_VERSION } from "../human-models.js";
import type { ModelCatalogEntry } from "../model-catalog-entry.js";
import { HAND_LABEL, HANDTRACK_IO, HandDetectionModel } from "./hand-detection.model.js";

export const handDetectionEntry: ModelCatalogEntry = {
  descriptor: {
    id: "hand-detection",
    kind: "detector",
    name: "Hands (handtrack SSD)",
    version: HUMAN_MODELS_VERSION,
    labels: [{ id: 0, name: HAND_LABEL, shapes: ["rectangle"] }],
    // 20–29 ms/frame measured (docs/models/hand-detection.md): ~100× for a loaded 2-core host (both runners busy, threads contending).
    frameBudgetMs: 5_000,
  },
  async load(context) {
    const sessions = await openModelSessions(context, {
      handtrack: { inputs: [HANDTRACK_IO.input], outputs: [HANDTRACK_IO.scores, HANDTRACK_IO.boxes] },
    });
    return { model: new HandDetectionModel(sessions.handtrack.session), release: () => releaseAll(sessions) };
  },
};
