/** A vertex in continuous pixel-edge coordinates: pixel (i, j) covers [i, i+1) × [j, j+1). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Unsigned area of a closed polygon (shoelace). */
export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    twice += points[j].x * points[i].y - points[i].x * points[j].y;
  }
  return Math.abs(twice) / 2;
}

/** Length of a closed polygon's boundary, closing edge included. */
export function polygonPerimeter(points: readonly Point[]): number {
  let length = 0;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    length += Math.hypot(points[i].x - points[j].x, points[i].y - points[j].y);
  }
  return length;
}
