// Polygon → pixel mask exactly as pycocotools rasterises one (common/maskApi.c, rleFrPoly): the outline is walked at 5×
// resolution, and a pixel belongs to the mask when its centre lies inside. The mask is kept per pixel column as sorted
// [start, end) row runs, the same set of pixels as pycocotools' column-major RLE. pycocotools clips at the image's right
// and bottom edges; the image size is not known here, so a polygon reaching beyond them keeps those pixels (the left and
// top edges clip alike).

/** Pixel column → sorted, disjoint [startRow, endRow) runs. */
export type PixelMask = Map<number, number[]>;

const SCALE = 5;

/** C's (int)(v + .5) for the upsampled coordinates: truncation toward zero. */
const toInt = (v: number): number => Math.trunc(v);

export function rasterizePolygon(xy: readonly number[]): PixelMask {
  const k = Math.floor(xy.length / 2);
  const mask: PixelMask = new Map();
  if (k === 0) return mask;
  const x: number[] = [];
  const y: number[] = [];
  for (let j = 0; j < k; j++) {
    x.push(toInt(SCALE * xy[j * 2] + 0.5));
    y.push(toInt(SCALE * xy[j * 2 + 1] + 0.5));
  }
  x.push(x[0]);
  y.push(y[0]);
  // Dense boundary points along every edge at the upsampled resolution.
  const u: number[] = [];
  const v: number[] = [];
  for (let j = 0; j < k; j++) {
    let xs = x[j];
    let xe = x[j + 1];
    let ys = y[j];
    let ye = y[j + 1];
    const dx = Math.abs(xe - xs);
    const dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      [xs, xe] = [xe, xs];
      [ys, ye] = [ye, ys];
    }
    const s = dx >= dy ? (ye - ys) / dx : (xe - xs) / dy;
    if (dx >= dy) {
      for (let d = 0; d <= dx; d++) {
        const t = flip ? dx - d : d;
        u.push(t + xs);
        v.push(toInt(ys + s * t + 0.5));
      }
    } else {
      for (let d = 0; d <= dy; d++) {
        const t = flip ? dy - d : d;
        v.push(t + ys);
        u.push(toInt(xs + s * t + 0.5));
      }
    }
  }
  // Where the outline crosses a pixel column's centre line: the row from which the column's parity flips.
  const toggles = new Map<number, number[]>();
  for (let j = 1; j < u.length; j++) {
    if (u[j] === u[j - 1]) continue;
    const xd = ((u[j] < u[j - 1] ? u[j] : u[j] - 1) + 0.5) / SCALE - 0.5;
    if (Math.floor(xd) !== xd || xd < 0) continue;
    let yd = ((v[j] < v[j - 1] ? v[j] : v[j - 1]) + 0.5) / SCALE - 0.5;
    if (yd < 0) yd = 0;
    yd = Math.ceil(yd);
    const column = toggles.get(xd);
    if (column) column.push(yd);
    else toggles.set(xd, [yd]);
  }
  for (const [column, rows] of toggles) {
    rows.sort((a, b) => a - b);
    // Two toggles at the same row cancel (the RLE's zero-length runs merged away).
    const edges: number[] = [];
    for (const row of rows) {
      if (edges.length > 0 && edges[edges.length - 1] === row) edges.pop();
      else edges.push(row);
    }
    const runs: number[] = [];
    for (let i = 0; i + 1 < edges.length; i += 2) runs.push(edges[i], edges[i + 1]);
    if (runs.length > 0) mask.set(column, runs);
  }
  return mask;
}

export function maskArea(mask: PixelMask): number {
  let area = 0;
  for (const runs of mask.values()) for (let i = 0; i < runs.length; i += 2) area += runs[i + 1] - runs[i];
  return area;
}

export function maskIntersection(a: PixelMask, b: PixelMask): number {
  let total = 0;
  for (const [column, runsA] of a) {
    const runsB = b.get(column);
    if (!runsB) continue;
    let i = 0;
    let j = 0;
    while (i < runsA.length && j < runsB.length) {
      const start = Math.max(runsA[i], runsB[j]);
      const end = Math.min(runsA[i + 1], runsB[j + 1]);
      if (end > start) total += end - start;
      if (runsA[i + 1] < runsB[j + 1]) i += 2;
      else j += 2;
    }
  }
  return total;
}
