// The constant-velocity Kalman filter ByteTrack (and DeepSORT before it) runs on boxes, written out for its fixed sizes.
// State x = [cx, cy, a, h, vcx, vcy, va, vh] (centre, aspect ratio w/h, height and their velocities per frame); the
// measurement is [cx, cy, a, h]. Noise is relative to the box height: position σ = h/20, velocity σ = h/160, the aspect
// ratio's fixed (1e-2 process, 1e-1 measurement, 1e-5 for its velocity), as in ByteTrack's kalman_filter.py.
// Matrices are row-major Float64Arrays (8×8 = 64, 4×4 = 16) updated in place: no allocation per predict or update.
import type { Box } from "./box.js";

const STD_WEIGHT_POSITION = 1 / 20;
const STD_WEIGHT_VELOCITY = 1 / 160;

/** A box as the filter's measurement [cx, cy, aspect = w / h, h], written to `out`. */
export function boxToMeasurement(box: Box, out: Float64Array): Float64Array {
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  out[0] = box[0] + w / 2;
  out[1] = box[1] + h / 2;
  out[2] = h > 0 ? w / h : 0;
  out[3] = h;
  return out;
}

/** The box of a state (its first four entries). */
export function stateToBox(mean: Float64Array): Box {
  const h = mean[3];
  const w = mean[2] * h;
  return [mean[0] - w / 2, mean[1] - h / 2, mean[0] + w / 2, mean[1] + h / 2];
}

/** One track's filter: its mean and covariance, and scratch space for the update. */
export class BoxKalmanFilter {
  readonly mean = new Float64Array(8);
  readonly covariance = new Float64Array(64);
  // Scratch: projected covariance S (4×4), its Cholesky factor, the gain K (8×4), the measurement, the innovation.
  private readonly s = new Float64Array(16);
  private readonly l = new Float64Array(16);
  private readonly gain = new Float64Array(32);
  private readonly z = new Float64Array(4);
  private readonly innovation = new Float64Array(4);
  private readonly hp = new Float64Array(32);

  /** Starts at a measured box with zero velocity and ByteTrack's initial uncertainty (2σ position, 10σ velocity). */
  constructor(box: Box) {
    const z = boxToMeasurement(box, this.z);
    const h = z[3];
    this.mean.set(z);
    const std = [
      2 * STD_WEIGHT_POSITION * h,
      2 * STD_WEIGHT_POSITION * h,
      1e-2,
      2 * STD_WEIGHT_POSITION * h,
      10 * STD_WEIGHT_VELOCITY * h,
      10 * STD_WEIGHT_VELOCITY * h,
      1e-5,
      10 * STD_WEIGHT_VELOCITY * h,
    ];
    for (let i = 0; i < 8; i++) this.covariance[i * 9] = std[i] * std[i];
  }

  /** One frame ahead: x ← F x, P ← F P Fᵀ + Q, with F the identity plus velocity (dt = 1) and Q diagonal. */
  predict(): void {
    const x = this.mean;
    const p = this.covariance;
    const h = x[3];
    for (let i = 0; i < 4; i++) x[i] += x[i + 4];
    // F P: row i += row i+4 (i < 4); then (F P) Fᵀ: column j += column j+4. Both in place: the added rows/columns
    // (4..7) are not changed by either step.
    for (let i = 0; i < 4; i++) {
      const a = i * 8;
      const b = (i + 4) * 8;
      for (let j = 0; j < 8; j++) p[a + j] += p[b + j];
    }
    for (let r = 0; r < 8; r++) {
      const a = r * 8;
      for (let j = 0; j < 4; j++) p[a + j] += p[a + j + 4];
    }
    const sp = STD_WEIGHT_POSITION * h;
    const sv = STD_WEIGHT_VELOCITY * h;
    p[0] += sp * sp;
    p[9] += sp * sp;
    p[18] += 1e-4;
    p[27] += sp * sp;
    p[36] += sv * sv;
    p[45] += sv * sv;
    p[54] += 1e-10;
    p[63] += sv * sv;
  }

  /** The predicted box. */
  box(): Box {
    return stateToBox(this.mean);
  }

  /**
   * Corrects with a measured box: S = H P Hᵀ + R, K = P Hᵀ S⁻¹ (S by Cholesky), x ← x + K (z − H x), P ← P − K S Kᵀ.
   */
  update(box: Box): void {
    const x = this.mean;
    const p = this.covariance;
    const z = boxToMeasurement(box, this.z);
    const s = this.s;
    // R uses the predicted height, as ByteTrack's project() does.
    const sp = STD_WEIGHT_POSITION * x[3];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) s[i * 4 + j] = p[i * 8 + j];
    s[0] += sp * sp;
    s[5] += sp * sp;
    s[10] += 1e-2;
    s[15] += sp * sp;
    // Cholesky S = L Lᵀ.
    const l = this.l;
    l.fill(0);
    for (let i = 0; i < 4; i++)
      for (let j = 0; j <= i; j++) {
        let sum = s[i * 4 + j];
        for (let k = 0; k < j; k++) sum -= l[i * 4 + k] * l[j * 4 + k];
        l[i * 4 + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j * 4 + j];
      }
    // K = P Hᵀ S⁻¹: for each state row r, solve S kᵣ = (P Hᵀ)ᵣ = P[r][0..3] (S symmetric).
    const gain = this.gain;
    for (let r = 0; r < 8; r++) {
      const g = r * 4;
      // Forward: L y = b.
      for (let i = 0; i < 4; i++) {
        let sum = p[r * 8 + i];
        for (let k = 0; k < i; k++) sum -= l[i * 4 + k] * gain[g + k];
        gain[g + i] = sum / l[i * 4 + i];
      }
      // Back: Lᵀ k = y.
      for (let i = 3; i >= 0; i--) {
        let sum = gain[g + i];
        for (let k = i + 1; k < 4; k++) sum -= l[k * 4 + i] * gain[g + k];
        gain[g + i] = sum / l[i * 4 + i];
      }
    }
    const innovation = this.innovation;
    for (let i = 0; i < 4; i++) innovation[i] = z[i] - x[i];
    for (let r = 0; r < 8; r++) {
      let sum = 0;
      for (let i = 0; i < 4; i++) sum += gain[r * 4 + i] * innovation[i];
      x[r] += sum;
    }
    // P ← P − K S Kᵀ = P − K (H P), as S Kᵀ = H P (rows 0..3 of P, copied first: the loop overwrites them).
    const hp = this.hp;
    for (let k = 0; k < 32; k++) hp[k] = p[k];
    for (let r = 0; r < 8; r++)
      for (let c = r; c < 8; c++) {
        let sum = 0;
        for (let i = 0; i < 4; i++) sum += gain[r * 4 + i] * hp[i * 8 + c];
        const v = p[r * 8 + c] - sum;
        p[r * 8 + c] = v;
        p[c * 8 + r] = v;
      }
  }
}
