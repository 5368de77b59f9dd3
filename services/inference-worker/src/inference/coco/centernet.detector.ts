import type { DecodedImage } from "../decoded-image.js";
import { resizeTaps, sampleBilinear } from "../geometry/bilinear-sampler.js";
import type { ModelSession } from "../model-session.js";
import { requireFloatOutput } from "../session-io.js";
import { CENTERNET_DETECTIONS, CENTERNET_INPUT_SIZE, CENTERNET_ROW, decodeCenternet, type ObjectCandidate } from "./centernet.decoder.js";

/** Tensor names of the converted centernet.onnx. */
export const CENTERNET_IO = { input: "tower_0/images", detections: "tower_0/detections" } as const;

/**
 * CenterNet input [1,512,512,3]: the whole frame stretched to 512×512 (tf.image.resizeBilinear,
 * asymmetric, as human does; no letterbox), RGB 0..255, no normalisation.
 */
export function toCenternetInput(image: DecodedImage): Float32Array {
  const n = CENTERNET_INPUT_SIZE;
  const rows = resizeTaps(image.height, 0, image.height, n, "asymmetric", "clamp");
  const cols = resizeTaps(image.width, 0, image.width, n, "asymmetric", "clamp");
  const out = new Float32Array(n * n * 3);
  sampleBilinear({ width: image.width, height: image.height, channels: 3, data: image.data }, rows, cols, out);
  return out;
}

/** One CenterNet pass over a frame; shared by coco-object-detection and person-pose (person boxes). */
export async function detectObjects(session: ModelSession, image: DecodedImage, threshold: number): Promise<ObjectCandidate[]> {
  const outputs = await session.run({
    [CENTERNET_IO.input]: { type: "float32", data: toCenternetInput(image), dims: [1, CENTERNET_INPUT_SIZE, CENTERNET_INPUT_SIZE, 3] },
  });
  const detections = requireFloatOutput(outputs, CENTERNET_IO.detections, [1, CENTERNET_DETECTIONS, CENTERNET_ROW]);
  return decodeCenternet(detections, image.width, image.height, threshold);
}
