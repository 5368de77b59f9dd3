/**
 * Bilinear resampling in TypeScript with TensorFlow's exact coordinate conventions, so that our
 * pre-processing feeds the converted TF.js models what TF.js fed them in @vladmandic/human.
 *
 * Sampling is separable: per output column and row we precompute two source taps and a weight
 * (`AxisTaps`), then one loop blends four pixels per output pixel. A tap of -1 reads 0, which is
 * how zero padding (tf.pad) and cropAndResize's extrapolation value enter the result.
 */

/** Interleaved pixels (HWC), 8-bit frames or float intermediate crops. */
export interface PixelSource {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Uint8Array | Float32Array;
}

/** For each output index along one axis: source taps `lo`, `hi` (-1 = reads 0) and the weight of `hi`. */
export interface AxisTaps {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly frac: Float32Array;
}

/**
 * How output index i maps to a source coordinate inside a window [start, start + span):
 * - "asymmetric": start + i·span/n, tf.image.resizeBilinear's default (align_corners and
 *   half_pixel_centers both false), used by human for BlazeFace, CenterNet, MoveNet, emotion, faceres
 *   and inside handtrack's graph;
 * - "half-pixel": start + (i + 0.5)·span/n − 0.5 (cv2 / PIL / half_pixel_centers).
 */
export type ResizeConvention = "asymmetric" | "half-pixel";

/**
 * Taps for resizing the window [start, start + span) of an axis of `size` pixels to `count` samples.
 * Taps outside [0, size) read 0 when `outside` is "zero" (a zero-padded source, i.e. tf.pad then
 * resize), or the edge pixel when "clamp" (TF's resize of the unpadded source).
 */
export function resizeTaps(
  size: number,
  start: number,
  span: number,
  count: number,
  convention: ResizeConvention,
  outside: "zero" | "clamp",
): AxisTaps {
  const taps = allocTaps(count);
  const scale = span / count;
  for (let i = 0; i < count; i++) {
    const s = convention === "asymmetric" ? start + i * scale : start + (i + 0.5) * scale - 0.5;
    setTap(taps, i, s, size, outside);
  }
  return taps;
}

/**
 * The same taps with every source index outside [from, to) turned into zero padding: blanks the
 * source outside a region (a person's box, hiding neighbours from a single-person model).
 */
export function maskTaps(taps: AxisTaps, from: number, to: number): AxisTaps {
  const inside = (i: number) => (i >= from && i < to ? i : -1);
  return { lo: taps.lo.map(inside), hi: taps.hi.map(inside), frac: taps.frac };
}

/**
 * Taps of tf.image.cropAndResize along one axis: the normalised box edges b0..b1 (fractions of the
 * axis, may exceed [0, 1]) map to source coordinate b0·(size−1) + i·(b1−b0)·(size−1)/(count−1)
 * (for count 1: the centre). A sample outside [0, size−1] is the extrapolation value 0 as a whole.
 */
export function cropAndResizeTaps(size: number, b0: number, b1: number, count: number): AxisTaps {
  const taps = allocTaps(count);
  for (let i = 0; i < count; i++) {
    const s = count > 1 ? b0 * (size - 1) + (i * (b1 - b0) * (size - 1)) / (count - 1) : 0.5 * (b0 + b1) * (size - 1);
    if (s < 0 || s > size - 1) {
      taps.lo[i] = -1;
      taps.hi[i] = -1;
      taps.frac[i] = 0;
    } else {
      const lo = Math.floor(s);
      taps.lo[i] = lo;
      taps.hi[i] = Math.min(size - 1, lo + 1);
      taps.frac[i] = s - lo;
    }
  }
  return taps;
}

/**
 * Writes `rows.lo.length` × `cols.lo.length` × channels values, HWC, into `out` from `outOffset`:
 * value · scale + bias (so the model's normalisation costs nothing extra). Padding reads 0 before the
 * scale and bias, as tf.pad's zeros do.
 */
export function sampleBilinear(
  source: PixelSource,
  rows: AxisTaps,
  cols: AxisTaps,
  out: Float32Array,
  outOffset = 0,
  scale = 1,
  bias = 0,
): void {
  const { width, channels: c, data } = source;
  const outH = rows.lo.length;
  const outW = cols.lo.length;
  if (outOffset + outH * outW * c > out.length)
    throw new RangeError(`output holds ${out.length} values, needs ${outOffset + outH * outW * c}`);
  // Branch-free inner loop: a zero tap becomes weight 0 on a valid index, and the output scale is
  // folded into the column weights.
  const cx = weightedTaps(cols, c, scale);
  const ry = weightedTaps(rows, width * c, 1);
  let o = outOffset;
  for (let y = 0; y < outH; y++) {
    const r0 = ry.i0[y];
    const r1 = ry.i1[y];
    const wy0 = ry.w0[y];
    const wy1 = ry.w1[y];
    for (let x = 0; x < outW; x++) {
      const a = r0 + cx.i0[x];
      const b = r0 + cx.i1[x];
      const d = r1 + cx.i0[x];
      const e = r1 + cx.i1[x];
      const w00 = wy0 * cx.w0[x];
      const w01 = wy0 * cx.w1[x];
      const w10 = wy1 * cx.w0[x];
      const w11 = wy1 * cx.w1[x];
      if (c === 3) {
        out[o] = data[a] * w00 + data[b] * w01 + data[d] * w10 + data[e] * w11 + bias;
        out[o + 1] = data[a + 1] * w00 + data[b + 1] * w01 + data[d + 1] * w10 + data[e + 1] * w11 + bias;
        out[o + 2] = data[a + 2] * w00 + data[b + 2] * w01 + data[d + 2] * w10 + data[e + 2] * w11 + bias;
        o += 3;
      } else {
        for (let k = 0; k < c; k++) out[o++] = data[a + k] * w00 + data[b + k] * w01 + data[d + k] * w10 + data[e + k] * w11 + bias;
      }
    }
  }
}

/** Taps as element offsets (stride × index) and weights; a zero (-1) tap reads index 0 with weight 0. */
function weightedTaps(t: AxisTaps, stride: number, scale: number) {
  const n = t.lo.length;
  const i0 = new Int32Array(n);
  const i1 = new Int32Array(n);
  const w0 = new Float64Array(n);
  const w1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const f = t.frac[i];
    i0[i] = Math.max(0, t.lo[i]) * stride;
    i1[i] = Math.max(0, t.hi[i]) * stride;
    w0[i] = t.lo[i] < 0 ? 0 : (1 - f) * scale;
    w1[i] = t.hi[i] < 0 ? 0 : f * scale;
  }
  return { i0, i1, w0, w1 };
}

function allocTaps(count: number): AxisTaps {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`sample count must be a positive integer, got ${count}`);
  return { lo: new Int32Array(count), hi: new Int32Array(count), frac: new Float32Array(count) };
}

function setTap(taps: AxisTaps, i: number, s: number, size: number, outside: "zero" | "clamp"): void {
  if (outside === "clamp") {
    // TF's resize kernels: floor and ceil clamped into the image; the weight is then irrelevant at the edges.
    const c = Math.min(size - 1, Math.max(0, s));
    const lo = Math.floor(c);
    taps.lo[i] = lo;
    taps.hi[i] = Math.min(size - 1, lo + 1);
    taps.frac[i] = c - lo;
    return;
  }
  const lo = Math.floor(s);
  const hi = lo + 1;
  taps.lo[i] = lo >= 0 && lo < size ? lo : -1;
  taps.hi[i] = hi >= 0 && hi < size ? hi : -1;
  taps.frac[i] = s - lo;
}
