/** [x1, y1, x2, y2, …] as [x, y] pairs; a trailing odd value is ignored. */
export function pointPairs(points: readonly number[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < points.length; i += 2) pairs.push([points[i], points[i + 1]]);
  return pairs;
}

/** An SVG path through the points, closed for polygons; empty when there are none. */
export function pointsToPath(points: readonly number[], closed: boolean): string {
  const pairs = pointPairs(points);
  if (!pairs.length) return "";
  const d = pairs.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x} ${y}`).join(" ");
  return closed ? `${d} Z` : d;
}

/** RECTANGLE points (x1, y1, x2, y2, corners in any order) as an SVG rect's geometry. */
export function rectangleBox(points: readonly number[]): { x: number; y: number; width: number; height: number } {
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = points;
  return { x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) };
}
