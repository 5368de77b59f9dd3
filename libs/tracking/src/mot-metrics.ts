// CLEAR-MOT (Bernardin & Stiefelhagen, 2008) and IDF1 (Ristani et al., 2016) as py-motmetrics computes them, for boxes
// matched by IoU. Pure; used by the tests and the bench to score trackers against known trajectories.
import { assignByComponents } from "./assignment.js";
import { iou, type Box } from "./box.js";

export interface MotObject {
  id: string | number;
  box: Box;
}

export interface MotFrame {
  frame: number;
  objects: readonly MotObject[];
}

export interface MotScores {
  /** 1 − (misses + false positives + id switches) / truthCount; NaN without truth objects. */
  mota: number;
  /** 2·IDTP / (2·IDTP + IDFP + IDFN) over the best one-to-one mapping of truth ids to hypothesis ids; NaN when both are empty. */
  idf1: number;
  /** Frames where a truth object is matched to another hypothesis id than at its previous match. */
  idSwitches: number;
  /** Hypothesis objects matched to no truth object. */
  falsePositives: number;
  /** Truth objects matched to no hypothesis object. */
  misses: number;
  /** Truth objects over all frames. */
  truthCount: number;
  /** Matched pairs over all frames. */
  matches: number;
  /** Mean IoU of the matched pairs (higher is better; py-motmetrics reports 1 − this); NaN without matches. */
  motp: number;
}

function idKey(id: string | number): string {
  return typeof id === "number" ? `n${id}` : `s${id}`;
}

/** Ids, in first-seen order, to dense indices. */
class IdIndex {
  private readonly map = new Map<string, number>();
  get size(): number {
    return this.map.size;
  }
  index(id: string | number): number {
    const key = idKey(id);
    let i = this.map.get(key);
    if (i === undefined) {
      i = this.map.size;
      this.map.set(key, i);
    }
    return i;
  }
}

function byFrame(frames: readonly MotFrame[], what: string): Map<number, readonly MotObject[]> {
  const out = new Map<number, readonly MotObject[]>();
  for (const f of frames) {
    if (out.has(f.frame)) throw new RangeError(`evaluateMot: frame ${f.frame} appears twice in the ${what}`);
    const seen = new Set<string>();
    for (const o of f.objects) {
      const key = idKey(o.id);
      if (seen.has(key)) throw new RangeError(`evaluateMot: id ${o.id} appears twice in frame ${f.frame} of the ${what}`);
      seen.add(key);
    }
    out.set(f.frame, f.objects);
  }
  return out;
}

/**
 * Scores a hypothesis against the truth. Frames are matched by frame number (a frame missing on one side has no
 * objects there). Per frame, as py-motmetrics' MOTAccumulator: a truth object keeps its previous hypothesis when that
 * one is present and still at IoU ≥ iouThreshold; the rest are matched by an exact assignment that maximizes the number
 * of pairs at IoU ≥ iouThreshold, then minimizes Σ (1 − IoU); a match to another hypothesis than the truth object's
 * previous one is an id switch. IDF1 maps truth ids to hypothesis ids one-to-one, maximizing the frames where the pair
 * overlaps at IoU ≥ iouThreshold (IDTP), as py-motmetrics' id_global_assignment.
 */
export function evaluateMot(
  truth: readonly MotFrame[],
  hypothesis: readonly MotFrame[],
  options: { iouThreshold?: number } = {},
): MotScores {
  const threshold = options.iouThreshold ?? 0.5;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`evaluateMot: iouThreshold must be in (0, 1], got ${threshold}`);
  const truthFrames = byFrame(truth, "truth");
  const hypFrames = byFrame(hypothesis, "hypothesis");
  const frames = [...new Set([...truthFrames.keys(), ...hypFrames.keys()])].sort((a, b) => a - b);
  const truthIds = new IdIndex();
  const hypIds = new IdIndex();
  /** Truth index → hypothesis index of its last match. */
  const lastMatch = new Map<number, number>();
  /** Pair (truth index, hypothesis index) → frames where they overlap at IoU ≥ threshold. */
  const overlapFrames = new Map<number, Map<number, number>>();
  let truthCount = 0;
  let hypCount = 0;
  let matches = 0;
  let misses = 0;
  let falsePositives = 0;
  let idSwitches = 0;
  let iouSum = 0;

  for (const frame of frames) {
    const gt = truthFrames.get(frame) ?? [];
    const hy = hypFrames.get(frame) ?? [];
    const gi = gt.map((o) => truthIds.index(o.id));
    const hi = hy.map((o) => hypIds.index(o.id));
    truthCount += gt.length;
    hypCount += hy.length;
    const overlaps = new Float64Array(gt.length * hy.length);
    for (let r = 0; r < gt.length; r++)
      for (let c = 0; c < hy.length; c++) {
        const v = iou(gt[r].box, hy[c].box);
        overlaps[r * hy.length + c] = v;
        if (v >= threshold) {
          let row = overlapFrames.get(gi[r]);
          if (!row) overlapFrames.set(gi[r], (row = new Map<number, number>()));
          row.set(hi[c], (row.get(hi[c]) ?? 0) + 1);
        }
      }
    const gtMatched = new Int32Array(gt.length).fill(-1);
    const hyTaken = new Uint8Array(hy.length);
    // Previous correspondences that still hold.
    for (let r = 0; r < gt.length; r++) {
      const previous = lastMatch.get(gi[r]);
      if (previous === undefined) continue;
      const c = hi.indexOf(previous);
      if (c >= 0 && !hyTaken[c] && overlaps[r * hy.length + c] >= threshold) {
        gtMatched[r] = c;
        hyTaken[c] = 1;
      }
    }
    // The rest: as many pairs as possible, then the least total distance.
    const freeRows = [...gt.keys()].filter((r) => gtMatched[r] < 0);
    const freeCols = [...hy.keys()].filter((c) => !hyTaken[c]);
    if (freeRows.length && freeCols.length) {
      const cost = new Float64Array(freeRows.length * freeCols.length);
      freeRows.forEach((r, i) =>
        freeCols.forEach((c, j) => {
          const v = overlaps[r * hy.length + c];
          cost[i * freeCols.length + j] = v >= threshold ? 1 - v : Infinity;
        }),
      );
      // Distances are in [0, 1 − threshold]: a limit above min(rows, cols) + 1 makes one more pair always worth more.
      const out = new Int32Array(freeRows.length);
      assignByComponents(cost, freeRows.length, freeCols.length, Math.min(freeRows.length, freeCols.length) + 2, out);
      freeRows.forEach((r, i) => {
        if (out[i] < 0) return;
        const c = freeCols[out[i]];
        gtMatched[r] = c;
        hyTaken[c] = 1;
        const previous = lastMatch.get(gi[r]);
        if (previous !== undefined && previous !== hi[c]) idSwitches++;
      });
    }
    for (let r = 0; r < gt.length; r++) {
      const c = gtMatched[r];
      if (c < 0) {
        misses++;
        continue;
      }
      matches++;
      iouSum += overlaps[r * hy.length + c];
      lastMatch.set(gi[r], hi[c]);
    }
    for (let c = 0; c < hy.length; c++) if (!hyTaken[c]) falsePositives++;
  }

  // IDF1: one-to-one truth id → hypothesis id maximizing IDTP (cost −frames, limit 0: only overlapping pairs).
  const nt = truthIds.size;
  const nh = hypIds.size;
  let idtp = 0;
  if (nt && nh) {
    const cost = new Float64Array(nt * nh).fill(Infinity);
    for (const [t, row] of overlapFrames) for (const [h, n] of row) cost[t * nh + h] = -n;
    const out = new Int32Array(nt);
    assignByComponents(cost, nt, nh, 0, out);
    for (let t = 0; t < nt; t++) if (out[t] >= 0) idtp -= cost[t * nh + out[t]];
  }
  const idfn = truthCount - idtp;
  const idfp = hypCount - idtp;
  return {
    mota: truthCount ? 1 - (misses + falsePositives + idSwitches) / truthCount : NaN,
    idf1: truthCount + hypCount ? (2 * idtp) / (2 * idtp + idfp + idfn) : NaN,
    idSwitches,
    falsePositives,
    misses,
    truthCount,
    matches,
    motp: matches ? iouSum / matches : NaN,
  };
}
