import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { deployable, loadEnvSchema } from "@prelabel/testing";
import { REPO_ROOT } from "./error-codes.js";
import { isLimitVariable, limitsInDocs } from "./operation-limits.js";

const documented = limitsInDocs(readFileSync(join(REPO_ROOT, "docs", "operations.md"), "utf8"));
// The gateway's config schema from its build output, as tools/k8s-check reads it.
const schema = loadEnvSchema(deployable("gateway"));

describe('docs/operations.md "Operation limits" against the gateway config', () => {
  it("documents every limit variable the gateway reads, and no other", () => {
    const read = Object.keys(schema.shape).filter(isLimitVariable).sort();
    assert.deepEqual(documented.map((row) => row.variable).sort(), read);
  });

  for (const row of documented) {
    it(`${row.variable}: default ${row.default}, at most ${row.ceiling}`, () => {
      const variable = schema.shape[row.variable];
      assert.ok(variable, `the gateway reads no ${row.variable}`);
      assert.equal(variable.safeParse(undefined).data, row.default, "the documented default");
      assert.ok(variable.safeParse(String(row.ceiling)).success, "the documented ceiling is accepted");
      assert.ok(!variable.safeParse(String(row.ceiling + 1)).success, "above the documented ceiling is refused");
    });
  }
});
