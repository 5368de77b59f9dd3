import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseVitestReport } from "./vitest-run.js";

const report = (testResults: unknown[]) => JSON.stringify({ numTotalTests: 0, success: false, testResults });

describe("parseVitestReport", () => {
  it("keeps every test with its titles, status and plain failure message", () => {
    const { tests, fileErrors } = parseVitestReport(
      report([
        {
          name: "/repo/console/src/a.test.tsx",
          status: "failed",
          message: "",
          assertionResults: [
            { ancestorTitles: ["A"], title: "passes", status: "passed", failureMessages: [] },
            {
              ancestorTitles: ["A", "nested"],
              title: "fails",
              status: "failed",
              failureMessages: ["\u001b[31mexpected 1 to be 2\u001b[39m"],
            },
          ],
        },
      ]),
      "/repo",
    );
    assert.deepEqual(fileErrors, []);
    assert.deepEqual(tests, [
      { file: "console/src/a.test.tsx", titles: ["A", "passes"], status: "passed", failureMessages: [] },
      { file: "console/src/a.test.tsx", titles: ["A", "nested", "fails"], status: "failed", failureMessages: ["expected 1 to be 2"] },
    ]);
  });

  it("a file that failed before any test ran is an error, not an empty pass", () => {
    const { tests, fileErrors } = parseVitestReport(
      report([{ name: "/repo/console/src/b.test.tsx", status: "failed", message: "Failed to resolve import", assertionResults: [] }]),
      "/repo",
    );
    assert.deepEqual(tests, []);
    assert.deepEqual(fileErrors, [{ file: "console/src/b.test.tsx", message: "Failed to resolve import" }]);
  });
});
