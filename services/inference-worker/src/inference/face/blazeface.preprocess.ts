import type { DecodedImage } from "../decoded-image.js";
import type { Box } from "../detection-model.js";
import { resizeTaps, sampleBilinear } from "../geometry/bilinear-sampler.js";
import { BLAZEFACE_INPUT_SIZE } from "./blazeface.decoder.js";

/**
 * BlazeFace input [1,256,256,3] for a square `window` of the frame: tf.image.resizeBilinear
 * (asymmetric) to 256, then x/127.5 − 1. Window parts outside the frame are zero padding (tf.pad
 * before the resize, as human's `square` option does), i.e. −1 after normalisation.
 */
export function toBlazefaceInput(image: DecodedImage, window: Box): Float32Array {
  const inside = window[0] >= 0 && window[1] >= 0 && window[2] <= image.width && window[3] <= image.height;
  const outside = inside ? "clamp" : "zero";
  const n = BLAZEFACE_INPUT_SIZE;
  const rows = resizeTaps(image.height, window[1], window[3] - window[1], n, "asymmetric", outside);
  const cols = resizeTaps(image.width, window[0], window[2] - window[0], n, "asymmetric", outside);
  const out = new Float32Array(n * n * 3);
  sampleBilinear({ width: image.width, height: image.height, channels: 3, data: image.data }, rows, cols, out, 0, 1 / 127.5, -1);
  return out;
}

/** The whole frame as one square window, centred, padding the shorter side (keeps faces' aspect). */
export function letterboxWindow(width: number, height: number): Box {
  const side = Math.max(width, height);
  const x = (width - side) / 2;
  const y = (height - side) / 2;
  return [x, y, x + side, y + side];
}
