// Exact minimum-cost assignment on rectangular matrices: the shortest-augmenting-path Hungarian method with row and
// column potentials (Kuhn–Munkres as Jonker and Volgenant formulate it; O(rows² · cols) with rows ≤ cols), plus a cost
// limit that lets rows and columns stay unassigned, as lapjv's `cost_limit` (what ByteTrack calls) does.

/**
 * Reusable scratch arrays, grown on demand: the tracker solves a few small problems per frame and should not allocate
 * for each.
 */
export class AssignmentWorkspace {
  private capacityRows = 0;
  private capacityCols = 0;
  u = new Float64Array(0);
  v = new Float64Array(0);
  minv = new Float64Array(0);
  p = new Int32Array(0);
  way = new Int32Array(0);
  used = new Uint8Array(0);
  /** The square-ish problem (rows × (cols + rows)) the limit is expressed in. */
  matrix = new Float64Array(0);

  ensure(rows: number, cols: number): void {
    if (rows <= this.capacityRows && cols <= this.capacityCols) return;
    this.capacityRows = Math.max(rows, this.capacityRows * 2);
    this.capacityCols = Math.max(cols, this.capacityCols * 2);
    this.u = new Float64Array(this.capacityRows + 1);
    this.v = new Float64Array(this.capacityCols + 1);
    this.minv = new Float64Array(this.capacityCols + 1);
    this.p = new Int32Array(this.capacityCols + 1);
    this.way = new Int32Array(this.capacityCols + 1);
    this.used = new Uint8Array(this.capacityCols + 1);
    this.matrix = new Float64Array(this.capacityRows * this.capacityCols);
  }
}

/**
 * Minimum-cost assignment of every row of `a` (rows × cols, row-major, rows ≤ cols, all finite) to a distinct column.
 * Writes the column of row r to `out[r]`. Ties are broken deterministically: the first column (lowest index) among
 * equal reduced costs wins, so the same matrix always gives the same answer.
 */
function hungarian(a: Float64Array, rows: number, cols: number, out: Int32Array, ws: AssignmentWorkspace): void {
  ws.ensure(rows, cols);
  const { u, v, minv, p, way, used } = ws;
  u.fill(0, 0, rows + 1);
  v.fill(0, 0, cols + 1);
  p.fill(0, 0, cols + 1);
  way.fill(0, 0, cols + 1);
  for (let i = 1; i <= rows; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity, 0, cols + 1);
    used.fill(0, 0, cols + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      const rowOffset = (i0 - 1) * cols - 1;
      const ui0 = u[i0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= cols; j++) {
        if (used[j]) continue;
        const cur = a[rowOffset + j] - ui0 - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  for (let j = 1; j <= cols; j++) if (p[j] !== 0) out[p[j] - 1] = j - 1;
}

/**
 * Assignment with a cost limit: pairs whose cost is not below `limit` (and non-finite costs) are forbidden, and rows and
 * columns may stay unassigned. Minimizes Σ cost of the chosen pairs + limit × (unassigned rows), i.e. maximizes
 * Σ (limit − cost) over allowed pairs, as lapjv with `extend_cost` and `cost_limit` does (the column penalty of its
 * extension is a constant here, as every assignment leaves cols − rows + unassigned rows columns free).
 *
 * `cost` is rows × cols row-major; the answer (column or -1 per row) is written to `out`. Exact; deterministic for a
 * given matrix. Solved as rows × (cols + rows) where row r's own extra column costs `limit` and the others more.
 */
export function assignWithLimit(
  cost: Float64Array,
  rows: number,
  cols: number,
  limit: number,
  out: Int32Array,
  ws: AssignmentWorkspace = new AssignmentWorkspace(),
): void {
  out.fill(-1, 0, rows);
  if (rows === 0 || cols === 0) return;
  // Spread of the allowed costs, to pick a finite "forbidden" cost that can never be part of an optimum.
  let lo = limit;
  let any = false;
  for (let k = 0; k < rows * cols; k++) {
    const c = cost[k];
    if (c < limit) {
      any = true;
      if (c < lo) lo = c;
    }
  }
  if (!any) return;
  // Any allowed cost is in [lo, limit); a forbidden pair costs more than its row's own slack column, which is always
  // free for that row, so swapping to it strictly improves: never optimal.
  const forbidden = limit + (limit - lo) + 1;
  const width = cols + rows;
  ws.ensure(rows, width);
  const m = ws.matrix;
  for (let r = 0; r < rows; r++) {
    const at = r * width;
    for (let c = 0; c < cols; c++) {
      const x = cost[r * cols + c];
      m[at + c] = x < limit ? x : forbidden;
    }
    for (let s = 0; s < rows; s++) m[at + cols + s] = s === r ? limit : forbidden;
  }
  hungarian(m, rows, width, out, ws);
  for (let r = 0; r < rows; r++) if (out[r] >= cols) out[r] = -1;
}

/**
 * {@link assignWithLimit}, solved separately on each connected component of the allowed pairs (rows and columns linked
 * by a cost below `limit`). Exact, as components share no allowed pair; in a tracker most tracks overlap one detection
 * or none, so the cubic solve runs on a few tiny matrices instead of the whole frame. Components are visited in order
 * of their lowest row, their rows and columns in index order: deterministic.
 */
export function assignByComponents(
  cost: Float64Array,
  rows: number,
  cols: number,
  limit: number,
  out: Int32Array,
  ws: ComponentWorkspace = new ComponentWorkspace(),
): void {
  out.fill(-1, 0, rows);
  if (rows === 0 || cols === 0) return;
  ws.ensure(rows, cols);
  const parent = ws.parent;
  for (let k = 0; k < rows + cols; k++) parent[k] = k;
  const find = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k]];
      k = parent[k];
    }
    return k;
  };
  let edges = 0;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      if (cost[r * cols + c] < limit) {
        edges++;
        const a = find(r);
        const b = find(rows + c);
        if (a !== b) {
          if (a < b) parent[b] = a;
          else parent[a] = b;
        }
      }
  if (edges === 0) return;
  const { rowIndex, colIndex, sub, subOut, done } = ws;
  done.fill(0, 0, rows);
  for (let r0 = 0; r0 < rows; r0++) {
    if (done[r0]) continue;
    const root = find(r0);
    let nr = 0;
    let nc = 0;
    for (let r = r0; r < rows; r++)
      if (!done[r] && find(r) === root) {
        done[r] = 1;
        rowIndex[nr++] = r;
      }
    for (let c = 0; c < cols; c++) if (find(rows + c) === root) colIndex[nc++] = c;
    if (nc === 0) continue;
    if (nr === 1 && nc === 1) {
      // The common case: one row, one column, one allowed pair.
      out[rowIndex[0]] = colIndex[0];
      continue;
    }
    for (let i = 0; i < nr; i++) for (let j = 0; j < nc; j++) sub[i * nc + j] = cost[rowIndex[i] * cols + colIndex[j]];
    assignWithLimit(sub, nr, nc, limit, subOut, ws.assignment);
    for (let i = 0; i < nr; i++) if (subOut[i] >= 0) out[rowIndex[i]] = colIndex[subOut[i]];
  }
}

/** Scratch arrays of {@link assignByComponents}, grown on demand. */
export class ComponentWorkspace {
  private capacityRows = 0;
  private capacityCols = 0;
  parent = new Int32Array(0);
  rowIndex = new Int32Array(0);
  colIndex = new Int32Array(0);
  done = new Uint8Array(0);
  sub = new Float64Array(0);
  subOut = new Int32Array(0);
  readonly assignment = new AssignmentWorkspace();

  ensure(rows: number, cols: number): void {
    if (rows <= this.capacityRows && cols <= this.capacityCols) return;
    this.capacityRows = Math.max(rows, this.capacityRows * 2);
    this.capacityCols = Math.max(cols, this.capacityCols * 2);
    this.parent = new Int32Array(this.capacityRows + this.capacityCols);
    this.rowIndex = new Int32Array(this.capacityRows);
    this.colIndex = new Int32Array(this.capacityCols);
    this.done = new Uint8Array(this.capacityRows);
    this.sub = new Float64Array(this.capacityRows * this.capacityCols);
    this.subOut = new Int32Array(this.capacityRows);
  }
}

/** Options of {@link solveAssignment}. */
export interface AssignmentOptions {
  /**
   * Pairs costing this much or more are forbidden, and a row or column may stay unassigned: the answer minimizes the
   * cost of the chosen pairs plus `costLimit` per unassigned row (lapjv's `cost_limit`). Without it, as many rows as
   * possible are assigned (min(rows, cols) when no cost is infinite or NaN), then at the least total cost (as with
   * `Infinity`).
   */
  costLimit?: number;
}

/**
 * Exact minimum-cost assignment on a rectangular matrix (rows × cols, `cost[row][col]`): the column of each row, or -1
 * for a row left unassigned. Non-finite costs (Infinity, NaN) are forbidden pairs. Deterministic: the same matrix always
 * gives the same answer (among equal-cost optima, the one the algorithm reaches scanning columns in index order).
 */
export function solveAssignment(cost: number[][], options: AssignmentOptions = {}): number[] {
  const rows = cost.length;
  const cols = rows ? cost[0].length : 0;
  for (const row of cost) if (row.length !== cols) throw new RangeError("solveAssignment: the cost matrix must be rectangular");
  if (options.costLimit !== undefined && Number.isNaN(options.costLimit)) throw new RangeError("solveAssignment: costLimit is NaN");
  const flat = new Float64Array(rows * cols);
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const x = cost[r][c];
      const finite = Number.isFinite(x);
      flat[r * cols + c] = finite ? x : Infinity;
      if (finite) {
        if (x < min) min = x;
        if (x > max) max = x;
      }
    }
  let limit = options.costLimit;
  if (limit === undefined || limit === Infinity) {
    if (min > max) return new Array<number>(rows).fill(-1);
    // A limit above anything one more assigned pair could save: leaving a row unassigned costs more than the widest
    // spread of costs over all pairs, so the cardinality is maximal first, then the cost least.
    limit = max + (max - min + 1) * (Math.min(rows, cols) + 1);
  }
  const out = new Int32Array(rows);
  assignByComponents(flat, rows, cols, limit, out);
  return Array.from(out);
}
