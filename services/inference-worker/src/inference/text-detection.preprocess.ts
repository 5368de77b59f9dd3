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
  const x0 = new Int32Array(width);
  const x1 = new Int32Array(width);
  const wx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(srcW - 1, Math.max(0, ((x + 0.5) * srcW) / width - 0.5));
    x0[x] = Math.floor(fx);
    x1[x] = Math.min(srcW - 1, x0[x] + 1);
    wx[x] = fx - x0[x];
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(srcH - 1, Math.max(0, ((y + 0.5) * srcH) / height - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(srcH - 1, y0 + 1);
    const wy = fy - y0;
    const row0 = y0 * srcW;
    const row1 = y1 * srcW;
    for (let x = 0; x < width; x++) {
      const a = (row0 + x0[x]) * 3;
      const b = (row0 + x1[x]) * 3;
      const c = (row1 + x0[x]) * 3;
      const d = (row1 + x1[x]) * 3;
      const w00 = (1 - wx[x]) * (1 - wy);
      const w01 = wx[x] * (1 - wy);
      const w10 = (1 - wx[x]) * wy;
      const w11 = wx[x] * wy;
      const o = y * width + x;
      for (let ch = 0; ch < 3; ch++) {
        const v = data[a + ch] * w00 + data[b + ch] * w01 + data[c + ch] * w10 + data[d + ch] * w11;
        // RGB source channel ch goes to plane 2 - ch: B first.
        out[(2 - ch) * plane + o] = v / 255;
      }
    }
  }
  return out;
}
