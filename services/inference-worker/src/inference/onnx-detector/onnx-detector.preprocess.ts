import type { DecodedImage } from "../decoded-image.js";
import type { Tensor } from "../model-session.js";
import type { InputGeometry } from "./input-geometry.js";
import type { OnnxDetectorSpec } from "./onnx-detector.types.js";

/** ultralytics' letterbox grey: padding pixels are (114, 114, 114) before normalisation. */
export const LETTERBOX_PAD_VALUE = 114;

/**
 * The network input for one frame: bilinear resize (half-pixel centres, like cv2.INTER_LINEAR) into the
 * content area, padding elsewhere, channels in the network's order, then float32 (pixel − mean) / std or
 * uint8 pixels, laid out NCHW or NHWC with batch 1.
 */
export function toInputTensor(
  image: DecodedImage,
  spec: Pick<OnnxDetectorSpec, "channelOrder" | "tensorLayout" | "inputType" | "mean" | "std">,
  g: InputGeometry,
): Tensor {
  const { inputWidth: W, inputHeight: H } = g;
  const plane = W * H;
  const uint8 = spec.inputType === "UINT8";
  const out = uint8 ? new Uint8Array(3 * plane) : new Float32Array(3 * plane);
  const nchw = spec.tensorLayout === "NCHW";
  // Source channel of each network channel: RGB keeps 0, 1, 2; BGR reads 2, 1, 0.
  const source = spec.channelOrder === "BGR" ? [2, 1, 0] : [0, 1, 2];
  const scale = [0, 1, 2].map((c) => 1 / spec.std[c]);
  const mean = [0, 1, 2].map((c) => spec.mean[c]);
  const put = (x: number, y: number, rgb: readonly number[]) => {
    for (let c = 0; c < 3; c++) {
      const v = rgb[source[c]];
      const at = nchw ? c * plane + y * W + x : (y * W + x) * 3 + c;
      out[at] = uint8 ? Math.round(v) : (v - mean[c]) * scale[c];
    }
  };

  const { width: srcW, height: srcH, data } = image;
  const { contentWidth: cw, contentHeight: ch, padLeft, padTop } = g;
  const x0 = new Int32Array(cw);
  const x1 = new Int32Array(cw);
  const wx = new Float32Array(cw);
  for (let x = 0; x < cw; x++) {
    const fx = Math.min(srcW - 1, Math.max(0, ((x + 0.5) * srcW) / cw - 0.5));
    x0[x] = Math.floor(fx);
    x1[x] = Math.min(srcW - 1, x0[x] + 1);
    wx[x] = fx - x0[x];
  }
  const pad = [LETTERBOX_PAD_VALUE, LETTERBOX_PAD_VALUE, LETTERBOX_PAD_VALUE];
  const rgb = [0, 0, 0];
  for (let y = 0; y < H; y++) {
    const cy = y - padTop;
    const inRows = cy >= 0 && cy < ch;
    let y0 = 0;
    let y1 = 0;
    let wy = 0;
    if (inRows) {
      const fy = Math.min(srcH - 1, Math.max(0, ((cy + 0.5) * srcH) / ch - 0.5));
      y0 = Math.floor(fy);
      y1 = Math.min(srcH - 1, y0 + 1);
      wy = fy - y0;
    }
    for (let x = 0; x < W; x++) {
      const cx = x - padLeft;
      if (!inRows || cx < 0 || cx >= cw) {
        put(x, y, pad);
        continue;
      }
      const a = (y0 * srcW + x0[cx]) * 3;
      const b = (y0 * srcW + x1[cx]) * 3;
      const c = (y1 * srcW + x0[cx]) * 3;
      const d = (y1 * srcW + x1[cx]) * 3;
      const fx = wx[cx];
      for (let k = 0; k < 3; k++) {
        rgb[k] = (data[a + k] * (1 - fx) + data[b + k] * fx) * (1 - wy) + (data[c + k] * (1 - fx) + data[d + k] * fx) * wy;
      }
      put(x, y, rgb);
    }
  }
  const dims = nchw ? [1, 3, H, W] : [1, H, W, 3];
  return uint8 ? { type: "uint8", data: out as Uint8Array, dims } : { type: "float32", data: out as Float32Array, dims };
}
