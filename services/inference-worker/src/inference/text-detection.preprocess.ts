import type { DecodedImage } from "./decoded-image.js";

/** PP-OCR's detector downsamples by 32; other input sizes break its FPN upsampling adds. */
const STRIDE = 32;

/**
 * Model input size as PP-OCR's DetResizeForTest with limit_type "max": shrink (never enlarge) so the
 * longer side is at most `maxSide`, then round each side up to a multiple of 32 as gutenye/ocr does.
 * The aspect ratio changes by less than 32 px per side, which the detector tolerates.
 */
export function detectionInputSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const longer = Math.max(width, height);
  const ratio = longer > maxSide ? maxSide / longer : 1;
  const toStride = (side: number): number => Math.max(STRIDE, Math.ceil(Math.round(side * ratio) / STRIDE) * STRIDE);
  return { width: toStride(width), height: toStride(height) };
}

/**
 * NCHW float32 tensor data for input `x`: bilinear resize (half-pixel centres, like cv2.INTER_LINEAR),
 * channel planes in B, G, R order because PaddleOCR trained on cv2.imread's BGR, values /255.
 * gutenye/ocr (whose ONNX export we run) uses mean 0 / std 1, not ImageNet statistics; see
 * shared/reference/models.md, PP-OCRv4 section.
 */
export function toDetectionTensor(image: DecodedImage, width: number, height: number): Float32Array {
  const { width: srcW, height: srcH, data } = image;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  // Per output column: byte offsets of the two source pixels and their weights. The fraction is rounded to float32
  // and its complement taken in double, as the first version did, so every value stays bit-identical to it.
  const left = new Int32Array(width);
  const right = new Int32Array(width);
  const wLeft = new Float64Array(width);
  const wRight = new Float64Array(width);
  const fraction = new Float32Array(1);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(srcW - 1, Math.max(0, ((x + 0.5) * srcW) / width - 0.5));
    const x0 = Math.floor(fx);
    fraction[0] = fx - x0;
    left[x] = x0 * 3;
    right[x] = Math.min(srcW - 1, x0 + 1) * 3;
    wLeft[x] = 1 - fraction[0];
    wRight[x] = fraction[0];
  }
  // RGB source channels go to planes in B, G, R order: R (byte +0) to the third plane, B (+2) to the first.
  const rPlane = 2 * plane;
  const gPlane = plane;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(srcH - 1, Math.max(0, ((y + 0.5) * srcH) / height - 0.5));
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    const wyTop = 1 - wy;
    const row0 = y0 * srcW * 3;
    const row1 = Math.min(srcH - 1, y0 + 1) * srcW * 3;
    // One pass per output pixel, all three channels at once (this loop is the frame's whole pre-processing).
    for (let x = 0, o = y * width; x < width; x++, o++) {
      const a = row0 + left[x];
      const b = row0 + right[x];
      const c = row1 + left[x];
      const d = row1 + right[x];
      const w00 = wLeft[x] * wyTop;
      const w01 = wRight[x] * wyTop;
      const w10 = wLeft[x] * wy;
      const w11 = wRight[x] * wy;
      out[rPlane + o] = (data[a] * w00 + data[b] * w01 + data[c] * w10 + data[d] * w11) / 255;
      out[gPlane + o] = (data[a + 1] * w00 + data[b + 1] * w01 + data[c + 1] * w10 + data[d + 1] * w11) / 255;
      out[o] = (data[a + 2] * w00 + data[b + 2] * w01 + data[c + 2] * w10 + data[d + 2] * w11) / 255;
    }
  }
  return out;
}
