import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Box } from "./box.js";
import { BoxKalmanFilter, boxToMeasurement, stateToBox } from "./kalman-filter.js";

const boxAt = (cx: number, cy: number, w: number, h: number): Box => [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
const close = (a: readonly number[], b: readonly number[], tolerance: number, what: string) =>
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= tolerance, `${what}[${i}]: ${x} vs ${b[i]}`));

/** The reference: ByteTrack's kalman_filter.py predict/update with plain dense matrices (no in-place tricks). */
function reference(mean: number[], cov: number[][], z: number[] | undefined): { mean: number[]; cov: number[][] } {
  const n = 8;
  const F: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j || j === i + 4 ? 1 : 0)));
  const mul = (A: number[][], B: number[][]) => A.map((r) => B[0].map((_, j) => r.reduce((s, x, k) => s + x * B[k][j], 0)));
  const T = (A: number[][]) => A[0].map((_, j) => A.map((r) => r[j]));
  const h = mean[3];
  const q = [h / 20, h / 20, 1e-2, h / 20, h / 160, h / 160, 1e-5, h / 160].map((s) => s * s);
  let m = F.map((r) => r.reduce((s, x, k) => s + x * mean[k], 0));
  let P = mul(mul(F, cov), T(F)).map((r, i) => r.map((x, j) => (i === j ? x + q[i] : x)));
  if (!z) return { mean: m, cov: P };
  const H: number[][] = Array.from({ length: 4 }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const r = [m[3] / 20, m[3] / 20, 1e-1, m[3] / 20].map((s) => s * s);
  const S = mul(mul(H, P), T(H)).map((row, i) => row.map((x, j) => (i === j ? x + r[i] : x)));
  // 4×4 inverse by Gauss–Jordan.
  const inv: number[][] = S.map((row, i) => [...row, ...[0, 1, 2, 3].map((j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < 4; c++) {
    const p = inv[c][c];
    inv[c] = inv[c].map((x) => x / p);
    for (let k = 0; k < 4; k++) if (k !== c) inv[k] = inv[k].map((x, j) => x - inv[k][c] * inv[c][j]);
  }
  const Sinv = inv.map((row) => row.slice(4));
  const K = mul(mul(P, T(H)), Sinv);
  const y = z.map((x, i) => x - m[i]);
  m = m.map((x, i) => x + K[i].reduce((s, k, j) => s + k * y[j], 0));
  const KS = mul(K, S);
  P = P.map((row, i) => row.map((x, j) => x - KS[i].reduce((s, k, l) => s + k * K[j][l], 0)));
  return { mean: m, cov: P };
}

describe("BoxKalmanFilter", () => {
  it("converts boxes to [cx, cy, w/h, h] and back", () => {
    const z = boxToMeasurement([10, 20, 50, 100], new Float64Array(4));
    assert.deepEqual([...z], [30, 60, 0.5, 80]);
    assert.deepEqual(stateToBox(Float64Array.from([30, 60, 0.5, 80, 0, 0, 0, 0])), [10, 20, 50, 100]);
  });

  it("matches ByteTrack's filter, written with plain matrices, over 40 predict/update steps", () => {
    const f = new BoxKalmanFilter(boxAt(100, 200, 40, 80));
    let mean = [...f.mean];
    let cov = Array.from({ length: 8 }, (_, i) => [...f.covariance.slice(i * 8, i * 8 + 8)]);
    for (let t = 1; t <= 40; t++) {
      const measured = t % 5 === 0 ? undefined : boxAt(100 + 3 * t + (t % 3), 200 - 2 * t, 40 + (t % 2), 80 + 0.5 * t);
      const ref = reference(mean, cov, measured && [...boxToMeasurement(measured, new Float64Array(4))]);
      f.predict();
      if (measured) f.update(measured);
      close([...f.mean], ref.mean, 1e-6, `mean at ${t}`);
      close([...f.covariance], ref.cov.flat(), 1e-6 * Math.max(...ref.cov.flat().map(Math.abs)), `covariance at ${t}`);
      mean = ref.mean;
      cov = ref.cov;
    }
  });

  it("learns a constant velocity and predicts it through missed frames", () => {
    const vx = 6;
    const vy = -2.5;
    const f = new BoxKalmanFilter(boxAt(100, 300, 50, 100));
    for (let t = 1; t <= 30; t++) {
      f.predict();
      f.update(boxAt(100 + vx * t, 300 + vy * t, 50, 100));
    }
    close([f.mean[4], f.mean[5], f.mean[6], f.mean[7]], [vx, vy, 0, 0], 0.05, "velocity");
    // Ten frames without a measurement: the box keeps moving at the learnt velocity.
    for (let t = 31; t <= 40; t++) f.predict();
    close([...f.box()], [...boxAt(100 + vx * 40, 300 + vy * 40, 50, 100)], 1, "box after 10 predictions");
    // The uncertainty grows while nothing is measured.
    const before = f.covariance[0];
    f.predict();
    assert.ok(f.covariance[0] > before);
  });

  it("is pulled towards the measurement and keeps a symmetric covariance", () => {
    const f = new BoxKalmanFilter(boxAt(0, 0, 10, 20));
    f.predict();
    f.update(boxAt(4, 0, 10, 20));
    assert.ok(f.mean[0] > 0 && f.mean[0] < 4, `cx ${f.mean[0]} between prediction 0 and measurement 4`);
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) assert.equal(f.covariance[i * 8 + j], f.covariance[j * 8 + i]);
  });
});
