import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assignByComponents, assignWithLimit, solveAssignment } from "./assignment.js";
import { seededRandom } from "./testing/prng.js";

/** Every partial injective row → column map, by recursion: (rows ≤ 6, cols ≤ 6). */
function* partialAssignments(rows: number, cols: number, row = 0, used = new Set<number>(), acc: number[] = []): Generator<number[]> {
  if (row === rows) {
    yield acc.slice();
    return;
  }
  acc.push(-1);
  yield* partialAssignments(rows, cols, row + 1, used, acc);
  acc.pop();
  for (let c = 0; c < cols; c++) {
    if (used.has(c)) continue;
    used.add(c);
    acc.push(c);
    yield* partialAssignments(rows, cols, row + 1, used, acc);
    acc.pop();
    used.delete(c);
  }
}

const allowed = (x: number) => Number.isFinite(x);

/** Brute force, no limit: the most pairs on allowed (finite) entries, then the least cost. */
function bruteForce(cost: number[][]): { pairs: number; total: number } {
  const rows = cost.length;
  const cols = rows ? cost[0].length : 0;
  let best = { pairs: -1, total: Infinity };
  for (const a of partialAssignments(rows, cols)) {
    if (a.some((c, r) => c >= 0 && !allowed(cost[r][c]))) continue;
    const pairs = a.filter((c) => c >= 0).length;
    const total = a.reduce((s, c, r) => (c >= 0 ? s + cost[r][c] : s), 0);
    if (pairs > best.pairs || (pairs === best.pairs && total < best.total - 1e-12)) best = { pairs, total };
  }
  return best;
}

/** Brute force with a limit: min Σ cost + limit × unassigned rows over pairs costing < limit. */
function bruteForceLimit(cost: number[][], limit: number): number {
  const rows = cost.length;
  const cols = rows ? cost[0].length : 0;
  let best = Infinity;
  for (const a of partialAssignments(rows, cols)) {
    if (a.some((c, r) => c >= 0 && !(cost[r][c] < limit))) continue;
    const total = a.reduce((s, c, r) => s + (c >= 0 ? cost[r][c] : limit), 0);
    if (total < best) best = total;
  }
  return best;
}

function checkValid(answer: number[], cost: number[][], forbidden: (x: number) => boolean): void {
  const cols = cost[0]?.length ?? 0;
  const seen = new Set<number>();
  answer.forEach((c, r) => {
    if (c < 0) return;
    assert.ok(c < cols, `row ${r} → column ${c} out of range`);
    assert.ok(!seen.has(c), `column ${c} assigned twice`);
    seen.add(c);
    assert.ok(!forbidden(cost[r][c]), `row ${r} → forbidden column ${c} (${cost[r][c]})`);
  });
}

function randomMatrix(random: () => number, rows: number, cols: number, opts: { integers: boolean; forbidden: number }): number[][] {
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => {
      if (random() < opts.forbidden) return Infinity;
      return opts.integers ? Math.floor(random() * 5) : random() * 10 - 3;
    }),
  );
}

describe("solveAssignment", () => {
  it("matches brute force on 600 random rectangular matrices (ties, negatives and forbidden entries included)", () => {
    const random = seededRandom(14);
    for (let n = 0; n < 600; n++) {
      const rows = 1 + Math.floor(random() * 6);
      const cols = 1 + Math.floor(random() * 6);
      // Small integers make many ties; a share of forbidden entries makes full assignments impossible.
      const cost = randomMatrix(random, rows, cols, { integers: n % 2 === 0, forbidden: n % 3 === 0 ? 0.3 : 0 });
      const answer = solveAssignment(cost);
      checkValid(answer, cost, (x) => !allowed(x));
      const best = bruteForce(cost);
      const pairs = answer.filter((c) => c >= 0).length;
      const total = answer.reduce((s, c, r) => (c >= 0 ? s + cost[r][c] : s), 0);
      assert.equal(pairs, best.pairs, `pairs on ${JSON.stringify(cost)}`);
      assert.ok(Math.abs(total - best.total) < 1e-9, `cost ${total} vs ${best.total} on ${JSON.stringify(cost)}`);
      if (!cost.flat().some((x) => !allowed(x))) assert.equal(pairs, Math.min(rows, cols));
    }
  });

  it("with costLimit matches brute force (pairs at or above the limit forbidden, rows may stay unassigned)", () => {
    const random = seededRandom(1414);
    for (let n = 0; n < 600; n++) {
      const rows = 1 + Math.floor(random() * 6);
      const cols = 1 + Math.floor(random() * 6);
      const cost = randomMatrix(random, rows, cols, { integers: n % 2 === 0, forbidden: 0.1 });
      const limit = n % 2 === 0 ? 2 : random() * 6;
      const answer = solveAssignment(cost, { costLimit: limit });
      checkValid(answer, cost, (x) => !(x < limit));
      const total = answer.reduce((s, c, r) => s + (c >= 0 ? cost[r][c] : limit), 0);
      const best = bruteForceLimit(cost, limit);
      assert.ok(Math.abs(total - best) < 1e-9, `objective ${total} vs ${best} on ${JSON.stringify(cost)} limit ${limit}`);
    }
  });

  it("solving per component gives the same optimum as the whole matrix", () => {
    const random = seededRandom(7);
    for (let n = 0; n < 200; n++) {
      const rows = 1 + Math.floor(random() * 12);
      const cols = 1 + Math.floor(random() * 12);
      // Sparse allowed pairs, as a tracker's gated IoU matrix.
      const flat = Float64Array.from({ length: rows * cols }, () => (random() < 0.25 ? random() * 0.7 : Infinity));
      const whole = new Int32Array(rows);
      const split = new Int32Array(rows);
      assignWithLimit(flat, rows, cols, 1, whole);
      assignByComponents(flat, rows, cols, 1, split);
      const objective = (a: Int32Array) => a.reduce((s, c, r) => s + (c >= 0 ? flat[r * cols + c] : 1), 0);
      assert.ok(Math.abs(objective(whole) - objective(split)) < 1e-9);
    }
  });

  it("is deterministic among ties and handles empty and degenerate matrices", () => {
    const ties = [
      [1, 1, 1],
      [1, 1, 1],
    ];
    assert.deepEqual(solveAssignment(ties), solveAssignment(ties));
    assert.deepEqual(solveAssignment([]), []);
    assert.deepEqual(solveAssignment([[], []]), [-1, -1]);
    assert.deepEqual(solveAssignment([[Infinity, NaN]]), [-1]);
    assert.deepEqual(solveAssignment([[5], [1], [3]]), [-1, 0, -1]);
    assert.deepEqual(solveAssignment([[0.9, 0.2]], { costLimit: 0.5 }), [1]);
    assert.deepEqual(solveAssignment([[0.9, 0.6]], { costLimit: 0.5 }), [-1]);
    assert.deepEqual(solveAssignment([[0.9, 0.6]], { costLimit: 0.6 }), [-1], "a cost equal to the limit is forbidden");
    assert.deepEqual(solveAssignment([[9, 6]], { costLimit: Infinity }), [1]);
    assert.throws(() => solveAssignment([[1, 2], [3]]), RangeError);
  });
});
