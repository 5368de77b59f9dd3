import { decodeMaskRle, maskRuns, maskToPath, MaskRleError } from "./mask-rle.decoder.js";

describe("decodeMaskRle", () => {
  it("decodes background-first runs row-major over the inclusive box", () => {
    // 3 × 2 box at (10, 20): row 0 = 0 1 1, row 1 = 1 0 0
    const mask = decodeMaskRle({ counts: [1, 3, 2], left: 10, top: 20, right: 12, bottom: 21 });
    expect(mask).toMatchObject({ left: 10, top: 20, width: 3, height: 2 });
    expect(Array.from(mask.data)).toEqual([0, 1, 1, 1, 0, 0]);
  });

  it("accepts a mask that starts with foreground (a leading zero background run)", () => {
    const mask = decodeMaskRle({ counts: [0, 2, 2], left: 0, top: 0, right: 1, bottom: 1 });
    expect(Array.from(mask.data)).toEqual([1, 1, 0, 0]);
  });

  it("refuses counts that do not cover the box exactly", () => {
    expect(() => decodeMaskRle({ counts: [1, 2], left: 0, top: 0, right: 1, bottom: 1 })).toThrow(MaskRleError);
    expect(() => decodeMaskRle({ counts: [1, 5], left: 0, top: 0, right: 1, bottom: 1 })).toThrow(/more than/);
  });

  it("refuses negative runs and empty boxes", () => {
    expect(() => decodeMaskRle({ counts: [-1, 5], left: 0, top: 0, right: 1, bottom: 1 })).toThrow(/Run 0/);
    expect(() => decodeMaskRle({ counts: [], left: 5, top: 0, right: 4, bottom: 1 })).toThrow(/empty/);
  });
});

describe("maskRuns / maskToPath", () => {
  it("splits a run that wraps a row into one run per row, in frame coordinates", () => {
    const mask = decodeMaskRle({ counts: [1, 3, 2], left: 10, top: 20, right: 12, bottom: 21 });
    expect(maskRuns(mask)).toEqual([
      { x: 11, y: 20, length: 2 },
      { x: 10, y: 21, length: 1 },
    ]);
    expect(maskToPath(mask)).toBe("M11 20h2v1h-2zM10 21h1v1h-1z");
  });
});
