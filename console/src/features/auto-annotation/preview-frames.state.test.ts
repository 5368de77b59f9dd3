import { firstFrames, parsePreviewFrames } from "./preview-frames.state.js";

describe("parsePreviewFrames", () => {
  it("reads indexes and ranges, distinct, in the order written", () => {
    expect(parsePreviewFrames("0-3", 10)).toEqual({ ok: true, frames: [0, 1, 2, 3] });
    expect(parsePreviewFrames(" 9, 2 2,0-1 ", 10)).toEqual({ ok: true, frames: [9, 2, 0, 1] });
    expect(parsePreviewFrames("0-15", null)).toEqual({ ok: true, frames: Array.from({ length: 16 }, (_, i) => i) });
  });

  it.each([
    ["", /Enter the frames/],
    ["a", /"a" is not a frame index/],
    ["-1", /"-1" is not a frame index/],
    ["5-2", /ends before it starts/],
    ["0-16", /at most 16 frames/],
    ["0-1000000000", /at most 16 frames/],
    ["3, 10, 11", /The task has frames 0 to 9: 10, 11 are not among them/],
  ])("refuses %j", (text, message) => {
    const parsed = parsePreviewFrames(text, 10);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it("proposes the first frames of the task", () => {
    expect(firstFrames(130, 4)).toBe("0-3");
    expect(firstFrames(1, 4)).toBe("0");
    expect(firstFrames(0, 4)).toBe("");
  });
});
