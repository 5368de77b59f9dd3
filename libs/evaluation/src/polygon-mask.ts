// Polygon → pixel mask exactly as pycocotools rasterises one (common/maskApi.c, rleFrPoly): the outline is walked at 5×
// resolution, and a pixel belongs to the mask when its centre lies inside. The mask is kept per pixel column as sorted
// [start, end) row runs, the same set of pixels as pycocotools' column-major RLE. pycocotools clips at the image's right
// and bottom edges; the image size is not known here, so a polygon reaching beyond them keeps those pixels (the left and
// top edges clip alike).

/**
 * A polygon's pixels, per column from `firstColumn`: column `firstColumn + i` holds the sorted, disjoint [start, end)
 * row runs `runs[offsets[i]] … runs[offsets[i + 1] − 1]` (pairs). The same set of pixels as pycocotools' column-major
 * RLE, in typed arrays so that thousands of masks stay cheap.
 */
export interface PixelMask {
  readonly firstColumn: number;
  readonly offsets: Int32Array;
  readonly runs: Int32Array;
  /** Pixels in the mask. */
  readonly area: number;
  /** [firstColumn, minRow, endColumn, endRow), end-exclusive; all 0 for an empty mask. */
  readonly bounds: readonly [number, number, number, number];
}

/** Rows are packed below the column in one number (column · 2²² + row) to sort the crossings in one typed array. */
const ROW_LIMIT = 2 ** 22;

const SCALE = 5;

/** C's (int)(v + .5) for the upsampled coordinates: truncation toward zero. */
const toInt = (v: number): number => Math.trunc(v);

export function rasterizePolygon(xy: readonly number[]): PixelMask {
  const k = Math.floor(xy.length / 2);
  const keys: number[] = [];
  const toggle = (column: number, row: number): void => {
    if (row >= ROW_LIMIT || column >= ROW_LIMIT) throw new RangeError("polygon beyond 4,194,304 px");
    keys.push(column * ROW_LIMIT + row);
  };
  // rleFrPoly walks every edge at 5× resolution, one point per step along its longer axis, and keeps the steps where
  // the x coordinate changes across a pixel column's centre line (upsampled x ≡ 2 mod 5): there the column's parity
  // flips from the row ceil((min y + .5) / 5 − .5) down. The same steps are visited here without storing the walk; a
  // step's two points enter only through their minimum x and y, so the direction of the walk does not matter.
  for (let j = 0; j < k; j++) {
    const next = (j + 1) % k;
    let xs = toInt(SCALE * xy[j * 2] + 0.5);
    let ys = toInt(SCALE * xy[j * 2 + 1] + 0.5);
    let xe = toInt(SCALE * xy[next * 2] + 0.5);
    let ye = toInt(SCALE * xy[next * 2 + 1] + 0.5);
    const dx = Math.abs(xe - xs);
    const dy = Math.abs(ys - ye);
    if ((dx >= dy && xs > xe) || (dx < dy && ys > ye)) {
      [xs, xe] = [xe, xs];
      [ys, ye] = [ye, ys];
    }
    if (dx === 0) continue; // a vertical edge (or a repeated vertex): x never changes along it
    if (dx >= dy) {
      // x = xs + t for t = 0 … dx; y = (int)(ys + s·t + .5).
      const s = (ye - ys) / dx;
      const first = Math.max(xs, 2);
      for (let m = first + ((((2 - first) % 5) + 5) % 5); m < xe; m += 5) {
        const t = m - xs;
        const row = Math.min(toInt(ys + s * t + 0.5), toInt(ys + s * (t + 1) + 0.5));
        toggle((m - 2) / 5, rowOf(row));
      }
    } else {
      // y = ys + t for t = 0 … dy; x = (int)(xs + s·t + .5), changing by at most 1 per step.
      const s = (xe - xs) / dy;
      let u = toInt(xs + 0.5);
      for (let t = 0; t < dy; t++) {
        const uNext = toInt(xs + s * (t + 1) + 0.5);
        if (uNext !== u) {
          const m = Math.min(u, uNext);
          if (m >= 2 && (m - 2) % 5 === 0) toggle((m - 2) / 5, rowOf(ys + t));
        }
        u = uNext;
      }
    }
  }
  return fromCrossings(Float64Array.from(keys).sort());
}

function fromCrossings(sorted: Float64Array): PixelMask {
  // Per column: two crossings at the same row cancel (the RLE's zero-length runs merged away), the rest pair up.
  const columns: number[] = [];
  const runStarts: number[] = [];
  const runs: number[] = [];
  let area = 0;
  let minRow = Infinity;
  let maxRow = -Infinity;
  let i = 0;
  while (i < sorted.length) {
    const column = Math.floor(sorted[i] / ROW_LIMIT);
    const edges: number[] = [];
    for (; i < sorted.length && Math.floor(sorted[i] / ROW_LIMIT) === column; i++) {
      const row = sorted[i] - column * ROW_LIMIT;
      if (edges.length > 0 && edges[edges.length - 1] === row) edges.pop();
      else edges.push(row);
    }
    if (edges.length < 2) continue;
    columns.push(column);
    runStarts.push(runs.length);
    for (let e = 0; e + 1 < edges.length; e += 2) {
      runs.push(edges[e], edges[e + 1]);
      area += edges[e + 1] - edges[e];
    }
    minRow = Math.min(minRow, edges[0]);
    maxRow = Math.max(maxRow, edges[edges.length - (edges.length % 2) - 1]);
  }
  if (columns.length === 0) {
    return { firstColumn: 0, offsets: new Int32Array(1), runs: new Int32Array(0), area: 0, bounds: [0, 0, 0, 0] };
  }
  const firstColumn = columns[0];
  const span = columns[columns.length - 1] - firstColumn + 1;
  const offsets = new Int32Array(span + 1);
  // A column without runs inside the span gets the empty range at the next column's start.
  let c = 0;
  for (let k = 0; k < span; k++) {
    if (columns[c] === firstColumn + k) offsets[k] = runStarts[c++];
    else offsets[k] = runStarts[c];
  }
  offsets[span] = runs.length;
  return {
    firstColumn,
    offsets,
    runs: Int32Array.from(runs),
    area,
    bounds: [firstColumn, minRow, firstColumn + span, maxRow],
  };
}

/** The pixel row from which a column flips, from the upsampled y of the crossing (clipped at the top edge). */
function rowOf(upsampledY: number): number {
  const yd = (upsampledY + 0.5) / SCALE - 0.5;
  return yd < 0 ? 0 : Math.ceil(yd);
}

/** The row runs of one column, [start, end) pairs flattened (empty outside the mask). */
export function columnRuns(mask: PixelMask, column: number): number[] {
  const i = column - mask.firstColumn;
  if (i < 0 || i >= mask.offsets.length - 1) return [];
  return Array.from(mask.runs.subarray(mask.offsets[i], mask.offsets[i + 1]));
}

export function maskArea(mask: PixelMask): number {
  return mask.area;
}

export function maskIntersection(a: PixelMask, b: PixelMask): number {
  const from = Math.max(a.bounds[0], b.bounds[0]);
  const to = Math.min(a.bounds[2], b.bounds[2]);
  let total = 0;
  for (let column = from; column < to; column++) {
    let i = a.offsets[column - a.firstColumn];
    const iEnd = a.offsets[column - a.firstColumn + 1];
    let j = b.offsets[column - b.firstColumn];
    const jEnd = b.offsets[column - b.firstColumn + 1];
    while (i < iEnd && j < jEnd) {
      const start = Math.max(a.runs[i], b.runs[j]);
      const end = Math.min(a.runs[i + 1], b.runs[j + 1]);
      if (end > start) total += end - start;
      if (a.runs[i + 1] < b.runs[j + 1]) i += 2;
      else j += 2;
    }
  }
  return total;
}
