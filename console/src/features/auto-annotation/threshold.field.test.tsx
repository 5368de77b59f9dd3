import { parseThreshold } from "./threshold.field.js";

describe("parseThreshold", () => {
  it("reads empty as the model's default and numbers in (0, 1]", () => {
    expect(parseThreshold("  ")).toEqual({ ok: true, value: undefined });
    expect(parseThreshold("0.25")).toEqual({ ok: true, value: 0.25 });
    expect(parseThreshold(".5")).toEqual({ ok: true, value: 0.5 });
    expect(parseThreshold("1")).toEqual({ ok: true, value: 1 });
  });

  it.each([
    ["0", /greater than 0/],
    ["-0.2", /greater than 0/],
    ["1.5", /at most 1/],
    ["abc", /"abc" is not a number/],
    ["0x1", /not a number/],
    ["0.5.1", /not a number/],
  ])("refuses %s", (text, message) => {
    const parsed = parseThreshold(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
