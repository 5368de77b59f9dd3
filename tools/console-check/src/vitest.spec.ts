import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runVitest, type VitestTest } from "./vitest-run.js";

// Vitest runs once, while this file loads, so each of its tests can be declared as a node test of its own: the
// closing summary of `npm test` counts them, and a failing component test fails there with its message.
const run = runVitest();

const byFile = new Map<string, VitestTest[]>();
if (run.ran) for (const test of run.tests) byFile.set(test.file, [...(byFile.get(test.file) ?? []), test]);

describe("console component tests (Vitest, console/vite.config.ts)", () => {
  it("vitest ran and found tests", () => {
    assert.ok(run.ran, run.ran ? "" : run.reason);
    assert.ok(run.tests.length > 0, "vitest reported no tests: console/src/**/*.test.tsx should hold the component tests");
  });

  if (!run.ran) return;
  for (const error of run.fileErrors) {
    it(`${error.file}: loads`, () => assert.fail(error.message));
  }
  for (const [file, tests] of byFile) {
    describe(file, () => {
      for (const test of tests) {
        it(test.titles.join(" › "), () => {
          // No skipped tests (GUIDE): a skip or todo in Vitest is a failure here, not a silent gap in the count.
          if (test.status !== "passed" && test.status !== "failed") assert.fail(`${test.status} in Vitest: tests must run`);
          assert.equal(test.status, "passed", test.failureMessages.join("\n\n"));
        });
      }
    });
  }
});
