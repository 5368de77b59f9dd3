import type { DecodedImage } from "../decoded-image.js";
import type { Box } from "../detection-model.js";
import { cropAndResizeTaps, resizeTaps, sampleBilinear, type PixelSource } from "../geometry/bilinear-sampler.js";

/** human crops faces at the BlazeFace input size when the mesh model is off (our case), then resizes per model. */
export const FACE_CROP_SIZE = 256;
export const EMOTION_INPUT_SIZE = 64;
export const FACERES_INPUT_SIZE = 224;
/** rgb → grey weights human uses for the emotion model (MATLAB rgb2gray). */
const GREY = [0.2989, 0.587, 0.114] as const;

/**
 * The face crop human hands to emotion and faceres: tf.image.cropAndResize of `crop` (frame pixels,
 * normalised by the frame's width and height as human's cutAndResize does) to 256×256, values /255.
 * Parts of the crop outside the frame are 0 (cropAndResize's extrapolation value).
 */
export function cropFace(image: DecodedImage, crop: Box): PixelSource & { data: Float32Array } {
  const { width, height } = image;
  const rows = cropAndResizeTaps(height, crop[1] / height, crop[3] / height, FACE_CROP_SIZE);
  const cols = cropAndResizeTaps(width, crop[0] / width, crop[2] / width, FACE_CROP_SIZE);
  const data = new Float32Array(FACE_CROP_SIZE * FACE_CROP_SIZE * 3);
  sampleBilinear({ width, height, channels: 3, data: image.data }, rows, cols, data, 0, 1 / 255);
  return { width: FACE_CROP_SIZE, height: FACE_CROP_SIZE, channels: 3, data };
}

// Both attribute models resize the 256 crop with tf.image.resizeBilinear's defaults (asymmetric).
const EMOTION_TAPS = resizeTaps(FACE_CROP_SIZE, 0, FACE_CROP_SIZE, EMOTION_INPUT_SIZE, "asymmetric", "clamp");
const FACERES_TAPS = resizeTaps(FACE_CROP_SIZE, 0, FACE_CROP_SIZE, FACERES_INPUT_SIZE, "asymmetric", "clamp");

/** Writes one face of the emotion batch [N,64,64,1] at `offset`: resize to 64, grey, (g − 0.5)·2. */
export function writeEmotionInput(crop: PixelSource, out: Float32Array, offset: number): void {
  const rgb = new Float32Array(EMOTION_INPUT_SIZE * EMOTION_INPUT_SIZE * 3);
  sampleBilinear(crop, EMOTION_TAPS, EMOTION_TAPS, rgb);
  for (let i = 0, o = offset; i < rgb.length; i += 3, o++) {
    const grey = GREY[0] * rgb[i] + GREY[1] * rgb[i + 1] + GREY[2] * rgb[i + 2];
    out[o] = (grey - 0.5) * 2;
  }
}

/** Writes one face of the faceres batch [N,224,224,3] at `offset`: resize to 224, RGB 0..255. */
export function writeFaceresInput(crop: PixelSource, out: Float32Array, offset: number): void {
  sampleBilinear(crop, FACERES_TAPS, FACERES_TAPS, out, offset, 255);
}
