/** A binary raster; any non-zero byte is "set". Row-major, `data.length === width * height`. */
export interface BinaryMask {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A mask cut out of a larger frame: its pixel (0, 0) is the frame's pixel (left, top). */
export interface PlacedMask extends BinaryMask {
  readonly left: number;
  readonly top: number;
}

/**
 * Dilates by a disc of the given radius (Euclidean). The result is larger by `radius` on every side,
 * so a PlacedMask result must be moved by (-radius, -radius).
 *
 * Exact Euclidean distance transform (Felzenszwalb & Huttenlocher), so cost is linear in the padded
 * area whatever the radius; stamping discs would be quadratic in the radius and DB unclip radii
 * reach tens of pixels on large text.
 */
export function dilateMask(mask: BinaryMask, radius: number): BinaryMask {
  const r = Math.max(0, Math.round(radius));
  const width = mask.width + 2 * r;
  const height = mask.height + 2 * r;
  const out = new Uint8Array(width * height);
  if (r === 0) {
    for (let i = 0; i < mask.data.length; i++) out[i] = mask.data[i] ? 1 : 0;
    return { width, height, data: out };
  }
  const dist = new Float64Array(width * height).fill(FAR);
  for (let y = 0; y < mask.height; y++) {
    for (let x = 0; x < mask.width; x++) {
      if (mask.data[y * mask.width + x]) dist[(y + r) * width + (x + r)] = 0;
    }
  }
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) f[y] = dist[y * width + x];
    distanceTransform1d(f, height, d, v, z);
    for (let y = 0; y < height; y++) dist[y * width + x] = d[y];
  }
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) f[x] = dist[row + x];
    distanceTransform1d(f, width, d, v, z);
    for (let x = 0; x < width; x++) out[row + x] = d[x] <= r * r ? 1 : 0;
  }
  return { width, height, data: out };
}

// Large enough to never pass a radius test, small enough that FAR + q² stays finite.
const FAR = 1e20;

/** Squared distance to the nearest zero of f along one line (lower envelope of parabolas). */
function distanceTransform1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    let s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    while (s <= z[k]) {
      k--;
      s = (f[q] + q * q - (f[v[k]] + v[k] * v[k])) / (2 * q - 2 * v[k]);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1] < q) k++;
    d[q] = (q - v[k]) * (q - v[k]) + f[v[k]];
  }
}

/**
 * Keeps only the part of a placed mask that lies inside a frame of the given size.
 * Returns null when nothing is left.
 */
export function clipMaskToFrame(mask: PlacedMask, frameWidth: number, frameHeight: number): PlacedMask | null {
  const left = Math.max(0, mask.left);
  const top = Math.max(0, mask.top);
  const right = Math.min(frameWidth, mask.left + mask.width);
  const bottom = Math.min(frameHeight, mask.top + mask.height);
  if (right <= left || bottom <= top) return null;
  const width = right - left;
  const height = bottom - top;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const src = (y + top - mask.top) * mask.width + (left - mask.left);
    data.set(mask.data.subarray(src, src + width), y * width);
  }
  return { left, top, width, height, data };
}

/**
 * Nearest-neighbour resampling of a placed mask into a frame `scaleX`/`scaleY` times larger (or smaller),
 * clipped to that frame. A target pixel takes the value of the source pixel under its centre, which is
 * the same mapping the polygon scaling uses, so mask and polygon agree.
 */
export function resampleMaskNearest(
  mask: PlacedMask,
  scaleX: number,
  scaleY: number,
  frameWidth: number,
  frameHeight: number,
): PlacedMask | null {
  const left = Math.max(0, Math.floor(mask.left * scaleX));
  const top = Math.max(0, Math.floor(mask.top * scaleY));
  const right = Math.min(frameWidth, Math.ceil((mask.left + mask.width) * scaleX));
  const bottom = Math.min(frameHeight, Math.ceil((mask.top + mask.height) * scaleY));
  if (right <= left || bottom <= top) return null;
  const width = right - left;
  const height = bottom - top;
  const data = new Uint8Array(width * height);
  const srcCol = new Int32Array(width);
  for (let x = 0; x < width; x++) srcCol[x] = Math.floor((left + x + 0.5) / scaleX) - mask.left;
  for (let y = 0; y < height; y++) {
    const sy = Math.floor((top + y + 0.5) / scaleY) - mask.top;
    if (sy < 0 || sy >= mask.height) continue;
    const srcRow = sy * mask.width;
    for (let x = 0; x < width; x++) {
      const sx = srcCol[x];
      if (sx >= 0 && sx < mask.width && mask.data[srcRow + sx]) data[y * width + x] = 1;
    }
  }
  return { left, top, width, height, data };
}

/** Number of set pixels. */
export function countSetPixels(mask: BinaryMask): number {
  let n = 0;
  for (let i = 0; i < mask.data.length; i++) if (mask.data[i]) n++;
  return n;
}
