import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseGoDuration } from "./go-duration.parser.js";

describe("parseGoDuration", () => {
  it("reads Go durations as milliseconds", () => {
    const cases: [string, number][] = [
      ["30s", 30_000],
      ["30000s", 30_000_000],
      ["1m", 60_000],
      ["500ms", 500],
      ["1h30m", 5_400_000],
      ["1.5h", 5_400_000],
      ["2h45m30.5s", 9_930_500],
      ["0", 0],
      ["0s", 0],
      ["1500us", 2],
      ["1000000ns", 1],
      ["+5s", 5_000],
      [".5s", 500],
    ];
    for (const [text, ms] of cases) assert.equal(parseGoDuration(text), ms, text);
  });

  it("refuses what Go refuses, and negative timeouts", () => {
    for (const text of ["", "30", "s", "30 s", "1d", "1m-5s", "-5s", "abc", "1h30", "5S", "x".repeat(100), "1e3s"]) {
      assert.equal(parseGoDuration(text), null, text);
    }
  });
});
