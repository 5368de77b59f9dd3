import { openModelSessions, releaseAll } from "../artifact-sessions.js";
import { HUMAN_MODELS_VERSION } from "../human-models.js";
import type { ModelCatalogEntry } from "../model-catalog-entry.js";
import { BLAZEFACE_IO, EMOTION_IO, FACE_LABEL, FACERES_IO, FaceDetectionModel } from "./face-detection.model.js";

export const faceDetectionEntry: ModelCatalogEntry = {
  descriptor: {
    id: "face-detection-with-attributes",
    kind: "detector",
    name: "Faces with age, gender and emotion (BlazeFace + faceres + emotion)",
    version: HUMAN_MODELS_VERSION,
    labels: [{ id: 0, name: FACE_LABEL, shapes: ["rectangle"] }],
    // 165–176 ms/frame measured (docs/models/face-detection-with-attributes.md); tiles and faces grow with the photo: ~100× for a loaded 2-core host (both runners busy, threads contending).
    frameBudgetMs: 20_000,
  },
  async load(context) {
    const sessions = await openModelSessions(context, {
      blazeface: {
        inputs: [BLAZEFACE_IO.input],
        outputs: [BLAZEFACE_IO.fineLogits, BLAZEFACE_IO.coarseLogits, BLAZEFACE_IO.fineRegressors, BLAZEFACE_IO.coarseRegressors],
      },
      emotion: { inputs: [EMOTION_IO.input], outputs: [EMOTION_IO.probabilities] },
      faceres: { inputs: [FACERES_IO.input], outputs: [FACERES_IO.gender, FACERES_IO.age] },
    });
    const model = new FaceDetectionModel({
      detector: sessions.blazeface.session,
      emotion: sessions.emotion.session,
      faceres: sessions.faceres.session,
    });
    return { model, release: () => releaseAll(sessions) };
  },
};
