import type { DecodedImage } from "../decoded-image.js";
import type { Box } from "../detection-model.js";
import { maskTaps, resizeTaps, sampleBilinear } from "../geometry/bilinear-sampler.js";
import { MOVENET_INPUT_SIZE } from "./movenet.decoder.js";

/**
 * MoveNet input [1,192,192,3] int32 RGB 0..255 for a square `window` of the frame: as human's
 * padInput, the part outside the frame is zero padding, the resize is tf.image.resizeBilinear
 * (asymmetric), and the cast to int32 truncates. With `keep`, pixels outside that region are
 * blanked (zero) as well.
 */
export function toMovenetInput(image: DecodedImage, window: Box, keep?: Box): Int32Array {
  const n = MOVENET_INPUT_SIZE;
  let rows = resizeTaps(image.height, window[1], window[3] - window[1], n, "asymmetric", "zero");
  let cols = resizeTaps(image.width, window[0], window[2] - window[0], n, "asymmetric", "zero");
  if (keep) {
    rows = maskTaps(rows, Math.floor(keep[1]), Math.ceil(keep[3]));
    cols = maskTaps(cols, Math.floor(keep[0]), Math.ceil(keep[2]));
  }
  const values = new Float32Array(n * n * 3);
  sampleBilinear({ width: image.width, height: image.height, channels: 3, data: image.data }, rows, cols, values);
  const out = new Int32Array(values.length);
  // Int32Array assignment truncates towards zero, as tf.cast does.
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return out;
}
