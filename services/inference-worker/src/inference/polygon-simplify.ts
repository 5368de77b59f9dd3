import { polygonPerimeter, type Point } from "./polygon.js";

/**
 * Douglas–Peucker for a closed polygon: no vertex of the input lies farther than `epsilon` from the result.
 *
 * A closed ring has no natural end points, so it is split at vertex 0 and the vertex farthest from it
 * (both always kept) and each half is simplified as an open chain, as OpenCV's approxPolyDP does.
 * Iterative, so contours with thousands of vertices cannot overflow the call stack.
 * Returns at least 3 vertices whenever the input has 3 non-collinear ones.
 */
export function simplifyClosedPolygon(points: readonly Point[], epsilon: number): Point[] {
  const n = points.length;
  if (n <= 3) return points.slice();
  let far = 0;
  let farDistance = -1;
  for (let i = 1; i < n; i++) {
    const d = Math.hypot(points[i].x - points[0].x, points[i].y - points[0].y);
    if (d > farDistance) {
      farDistance = d;
      far = i;
    }
  }
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[far] = 1;
  markChain(points, 0, far, epsilon, keep);
  markChain(points, far, n, epsilon, keep); // index n stands for vertex 0, closing the ring
  let result = points.filter((_, i) => keep[i] === 1);
  if (result.length < 3) result = withFarthestVertex(points, keep);
  return result;
}

/** Marks the vertices DP keeps strictly between `from` and `to` (indices modulo n). */
function markChain(points: readonly Point[], from: number, to: number, epsilon: number, keep: Uint8Array): void {
  const n = points.length;
  const stack: Array<[number, number]> = [[from, to]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    if (b - a < 2) continue;
    const pa = points[a % n];
    const pb = points[b % n];
    let split = -1;
    let splitDistance = epsilon;
    for (let i = a + 1; i < b; i++) {
      const d = distanceToSegment(points[i % n], pa, pb);
      if (d > splitDistance) {
        splitDistance = d;
        split = i;
      }
    }
    if (split < 0) continue;
    keep[split % n] = 1;
    stack.push([a, split], [split, b]);
  }
}

// A two-vertex result is a sliver with no area; add back the vertex that gives it the most width.
function withFarthestVertex(points: readonly Point[], keep: Uint8Array): Point[] {
  const kept = points.map((p, i) => ({ p, i })).filter(({ i }) => keep[i] === 1);
  if (kept.length < 2) return points.slice(0, 3);
  const [a, b] = kept;
  let best = -1;
  let bestDistance = 0;
  for (let i = 0; i < points.length; i++) {
    if (keep[i]) continue;
    const d = distanceToSegment(points[i], a.p, b.p);
    if (d > bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  if (best < 0) return kept.map(({ p }) => p);
  keep[best] = 1;
  return points.filter((_, i) => keep[i] === 1);
}

/** Distance from p to the segment ab (to the point a when the segment is degenerate). */
export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSq = dx * dx + dy * dy;
  if (lengthSq === 0) return Math.hypot(p.x - a.x, p.y - a.y);
  const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / lengthSq));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/**
 * Simplifies a traced mask outline: PaddleOCR's approxPolyDP epsilon of 0.002·perimeter, but never under a
 * pixel: below that the corner-lattice contour keeps every staircase step, which only bloats the polygon.
 */
export function simplifyOutline(contour: Point[]): Point[] {
  if (contour.length < 3) return contour;
  return simplifyClosedPolygon(contour, Math.max(1, 0.002 * polygonPerimeter(contour)));
}
