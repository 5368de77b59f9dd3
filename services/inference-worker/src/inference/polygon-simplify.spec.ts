import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { distanceToSegment, simplifyClosedPolygon } from "./polygon-simplify.js";
import { polygonArea, type Point } from "./polygon.js";

function distanceToPolygon(p: Point, polygon: readonly Point[]): number {
  let best = Infinity;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    best = Math.min(best, distanceToSegment(p, polygon[j], polygon[i]));
  }
  return best;
}

describe("simplifyClosedPolygon (Douglas–Peucker)", () => {
  it("drops collinear vertices of a rectangle and keeps its 4 corners", () => {
    const ring: Point[] = [];
    for (let x = 0; x < 10; x++) ring.push({ x, y: 0 });
    for (let y = 0; y < 4; y++) ring.push({ x: 10, y });
    for (let x = 10; x > 0; x--) ring.push({ x, y: 4 });
    for (let y = 4; y > 0; y--) ring.push({ x: 0, y });
    const simplified = simplifyClosedPolygon(ring, 0.5);
    assert.equal(simplified.length, 4);
    assert.deepEqual(new Set(simplified.map((p) => `${p.x},${p.y}`)), new Set(["0,0", "10,0", "10,4", "0,4"]));
  });

  it("keeps every input vertex within epsilon of the result and removes most of a dense circle", () => {
    const circle: Point[] = Array.from({ length: 400 }, (_, i) => {
      const a = (2 * Math.PI * i) / 400;
      return { x: 50 + 40 * Math.cos(a), y: 50 + 40 * Math.sin(a) };
    });
    for (const epsilon of [0.2, 1, 3]) {
      const simplified = simplifyClosedPolygon(circle, epsilon);
      assert.ok(simplified.length < 60, `eps ${epsilon}: ${simplified.length} vertices`);
      assert.ok(simplified.length >= 3);
      for (const p of circle) assert.ok(distanceToPolygon(p, simplified) <= epsilon + 1e-9);
    }
    // Larger epsilon, fewer vertices.
    assert.ok(simplifyClosedPolygon(circle, 3).length < simplifyClosedPolygon(circle, 0.2).length);
  });

  it("removes one-pixel staircase jitter along a diagonal edge", () => {
    const ring: Point[] = [];
    for (let i = 0; i < 20; i++) ring.push({ x: i, y: i }, { x: i + 1, y: i });
    ring.push({ x: 20, y: 20 }, { x: 0, y: 20 });
    const simplified = simplifyClosedPolygon(ring, 1);
    assert.ok(simplified.length <= 4, `${simplified.length} vertices`);
    assert.ok(Math.abs(polygonArea(simplified) - polygonArea(ring)) < 20);
  });

  it("returns at least 3 vertices for a sliver that epsilon would flatten", () => {
    const sliver: Point[] = [
      { x: 0, y: 0 },
      { x: 50, y: 0 },
      { x: 100, y: 0.2 },
      { x: 50, y: 0.4 },
      { x: 0, y: 0.3 },
    ];
    const simplified = simplifyClosedPolygon(sliver, 1);
    assert.equal(simplified.length, 3);
    assert.ok(polygonArea(simplified) > 0);
  });

  it("returns inputs of 3 or fewer vertices unchanged (as a copy)", () => {
    const triangle: Point[] = [
      { x: 0, y: 0 },
      { x: 1, y: 0 },
      { x: 0, y: 1 },
    ];
    const result = simplifyClosedPolygon(triangle, 10);
    assert.deepEqual(result, triangle);
    assert.notEqual(result, triangle);
  });
});
