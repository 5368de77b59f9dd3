import { pointPairs, pointsToPath, rectangleBox } from "./points.path.js";

describe("points → SVG", () => {
  it("pairs coordinates and drops a dangling value", () => {
    expect(pointPairs([1, 2, 3, 4, 5])).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("builds open and closed paths", () => {
    expect(pointsToPath([0, 0, 10, 0, 10, 5], false)).toBe("M0 0 L10 0 L10 5");
    expect(pointsToPath([0, 0, 10, 0, 10, 5], true)).toBe("M0 0 L10 0 L10 5 Z");
    expect(pointsToPath([], true)).toBe("");
  });

  it("normalises a rectangle whose corners are swapped", () => {
    expect(rectangleBox([30, 40, 10, 20])).toEqual({ x: 10, y: 20, width: 20, height: 20 });
  });
});
