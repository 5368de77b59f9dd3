import type { Box } from "../detection-model.js";

/** BlazeFace (human's blazeface.json, the 896-anchor "back camera" variant) input side. */
export const BLAZEFACE_INPUT_SIZE = 256;

/** Anchor layout of the two output resolutions, in output-row order (models.md, blazeface). */
const ANCHOR_LAYERS = [
  { grid: 16, stride: 16, perCell: 2 },
  { grid: 8, stride: 32, perCell: 6 },
] as const;

export const BLAZEFACE_ROWS_FINE = 16 * 16 * 2; // 512
export const BLAZEFACE_ROWS_COARSE = 8 * 8 * 6; // 384
/** Regressor values per row: dx, dy, w, h, then 6 landmarks × (x, y). */
export const BLAZEFACE_REGRESSORS = 16;

/**
 * Anchor centres (x, y) in input pixels, 896 × 2, rows in output order: the 16×16 grid (stride 16,
 * 2 anchors per cell) then the 8×8 grid (stride 32, 6 per cell); centre = stride·(cell + 0.5);
 * cells row-major, anchors of a cell adjacent (human's generateAnchors).
 */
export function blazefaceAnchors(): Float32Array {
  const anchors = new Float32Array((BLAZEFACE_ROWS_FINE + BLAZEFACE_ROWS_COARSE) * 2);
  let i = 0;
  for (const { grid, stride, perCell } of ANCHOR_LAYERS) {
    for (let gy = 0; gy < grid; gy++) {
      for (let gx = 0; gx < grid; gx++) {
        for (let n = 0; n < perCell; n++) {
          anchors[i++] = stride * (gx + 0.5);
          anchors[i++] = stride * (gy + 0.5);
        }
      }
    }
  }
  return anchors;
}

const ANCHORS = blazefaceAnchors();

export interface BlazefaceOutputs {
  /** Logits of the 512 fine rows ([1,512,1]) and the 384 coarse rows ([1,384,1]). */
  readonly fineLogits: Float32Array;
  readonly coarseLogits: Float32Array;
  /** Regressors [1,512,16] and [1,384,16]. */
  readonly fineRegressors: Float32Array;
  readonly coarseRegressors: Float32Array;
}

export interface BlazefaceCandidate {
  /** Face box [x1, y1, x2, y2] in input pixels (0..256). */
  readonly box: Box;
  /** sigmoid(logit). */
  readonly score: number;
}

/**
 * Decodes every anchor scoring at least `minScore`: centre = anchor + (dx, dy); box = centre ±
 * (w, h)/2; score = sigmoid(logit). Not suppressed yet (tiles are merged first).
 */
export function decodeBlazeface(outputs: BlazefaceOutputs, minScore: number): BlazefaceCandidate[] {
  // Compare logits, not sigmoids: one exp per candidate instead of per anchor.
  const minLogit = minScore <= 0 ? -Infinity : minScore >= 1 ? Infinity : Math.log(minScore / (1 - minScore));
  const found: BlazefaceCandidate[] = [];
  const layers = [
    { logits: outputs.fineLogits, regressors: outputs.fineRegressors, first: 0 },
    { logits: outputs.coarseLogits, regressors: outputs.coarseRegressors, first: BLAZEFACE_ROWS_FINE },
  ];
  for (const { logits, regressors, first } of layers) {
    for (let r = 0; r < logits.length; r++) {
      const logit = logits[r];
      if (!(logit >= minLogit)) continue;
      const score = 1 / (1 + Math.exp(-logit));
      if (score < minScore) continue;
      const o = r * BLAZEFACE_REGRESSORS;
      const cx = ANCHORS[(first + r) * 2] + regressors[o];
      const cy = ANCHORS[(first + r) * 2 + 1] + regressors[o + 1];
      const hw = regressors[o + 2] / 2;
      const hh = regressors[o + 3] / 2;
      if (!(hw > 0 && hh > 0)) continue;
      found.push({ box: [cx - hw, cy - hh, cx + hw, cy + hh], score });
    }
  }
  return found;
}
