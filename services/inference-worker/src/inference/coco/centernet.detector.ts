import type { DecodedImage } from "../decoded-image.js";
import type { Box } from "../detection-model.js";
import { squareAround } from "../geometry/box-geometry.js";
import { resizeTaps, sampleBilinear } from "../geometry/bilinear-sampler.js";
import type { ModelSession } from "../model-session.js";
import { requireFloatOutput } from "../session-io.js";
import { CENTERNET_DETECTIONS, CENTERNET_INPUT_SIZE, CENTERNET_ROW, decodeCenternet, type ObjectCandidate } from "./centernet.decoder.js";

/** Tensor names of the converted centernet.onnx. */
export const CENTERNET_IO = { input: "tower_0/images", detections: "tower_0/detections" } as const;

/**
 * The frame region CenterNet sees: the square on the frame's longer side, centred (a letterbox).
 * The frame keeps its aspect ratio and the bands beyond it are zero, as the model's author feeds it
 * (MB3-CenterNet's detector API: aspect-preserving resize centred on a black canvas). Stretching the
 * whole frame to the square, as human does, squeezes a 3:2 group photo's people 1.5× sideways: on
 * face-api's group photos it found 17 of 22 people at 0.3, letterboxed 21 (docs/models/coco-object-detection.md).
 */
export function centernetWindow(width: number, height: number): Box {
  return squareAround([0, 0, width, height], 1);
}

/**
 * CenterNet input [1,512,512,3]: the letterbox window resized with tf.image.resizeBilinear's
 * asymmetric mapping, RGB 0..255, no normalisation. The band beyond the frame is zero (tf.pad then
 * resize); an axis the window spans exactly is resized as TF does the unpadded frame, so a square
 * frame (or tile) gets the same input as before letterboxing.
 */
export function toCenternetInput(image: DecodedImage, window: Box = centernetWindow(image.width, image.height)): Float32Array {
  const n = CENTERNET_INPUT_SIZE;
  const taps = (size: number, start: number, end: number) =>
    resizeTaps(size, start, end - start, n, "asymmetric", start === 0 && end === size ? "clamp" : "zero");
  const rows = taps(image.height, window[1], window[3]);
  const cols = taps(image.width, window[0], window[2]);
  const out = new Float32Array(n * n * 3);
  sampleBilinear({ width: image.width, height: image.height, channels: 3, data: image.data }, rows, cols, out);
  return out;
}

/** One CenterNet pass over a frame; shared by coco-object-detection and person-pose (person boxes). */
export async function detectObjects(session: ModelSession, image: DecodedImage, threshold: number): Promise<ObjectCandidate[]> {
  const window = centernetWindow(image.width, image.height);
  const outputs = await session.run({
    [CENTERNET_IO.input]: {
      type: "float32",
      data: toCenternetInput(image, window),
      dims: [1, CENTERNET_INPUT_SIZE, CENTERNET_INPUT_SIZE, 3],
    },
  });
  const detections = requireFloatOutput(outputs, CENTERNET_IO.detections, [1, CENTERNET_DETECTIONS, CENTERNET_ROW]);
  return decodeCenternet(detections, window, image.width, image.height, threshold);
}
