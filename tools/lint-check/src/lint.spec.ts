import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { describeProblems, lintRepository, lintSource, type LintProblem } from "./lint.js";
import { repositoryFiles, workspaceDirs, workspaceOf } from "./repo.js";

const dirs = workspaceDirs();

describe("ESLint over the repository (eslint.config.mjs, as `npm run lint`)", () => {
  let problems: LintProblem[] = [];
  before(async () => {
    problems = await lintRepository();
  });

  for (const dir of dirs) {
    it(`${dir}: no lint problems`, () => {
      const mine = problems.filter((p) => workspaceOf(p.file, dirs) === dir);
      assert.equal(mine.length, 0, describeProblems(mine));
    });
  }

  it("files outside the workspaces (root configs, scripts): no lint problems", () => {
    const rest = problems.filter((p) => workspaceOf(p.file, dirs) === undefined);
    assert.equal(rest.length, 0, describeProblems(rest));
  });
});

// The boundaries rule silently does nothing without an nx project graph, and the type-aware rules without a
// TypeScript program: these probes lint made-up code as if it were in real files, so a config that checks nothing fails.
describe("eslint.config.mjs catches what it is there for", () => {
  const rules = async (file: string, code: string): Promise<string[]> => (await lintSource(file, code)).map((p) => p.rule);
  const taskSpec = repositoryFiles().find((f) => /^services\/task\/src\/.+\.spec\.ts$/.test(f));

  it("a service importing another service breaks the module boundaries", async () => {
    const code = 'import * as registry from "@prelabel/model-registry";\nexport const probe = registry;\n';
    assert.ok((await rules("services/task/src/app.ts", code)).includes("@nx/enforce-module-boundaries"));
  });

  it("a lib importing a service breaks them too; proto imports nothing of ours", async () => {
    const code = 'import * as task from "@prelabel/task";\nexport const probe = task;\n';
    assert.ok((await rules("libs/messaging/src/index.ts", code)).includes("@nx/enforce-module-boundaries"));
    const fromProto = 'import * as kit from "@prelabel/observability";\nexport const probe = kit;\n';
    assert.ok((await rules("proto/src/index.ts", fromProto)).includes("@nx/enforce-module-boundaries"));
  });

  it("production code may not import a testing lib; its specs may", async () => {
    const code = 'import * as testing from "@prelabel/testing";\nexport const probe = testing;\n';
    assert.ok((await rules("services/task/src/app.ts", code)).includes("@nx/enforce-module-boundaries"));
    assert.ok(taskSpec, "services/task has a unit spec in src/");
    assert.ok(!(await rules(taskSpec, code)).includes("@nx/enforce-module-boundaries"));
  });

  it("process.env is read in src/main.ts only (and command-line entries), not in the code it wires", async () => {
    const code = "export const probe = process.env.PROBE;\n";
    assert.ok((await rules("services/task/src/app.ts", code)).includes("no-restricted-properties"));
    assert.ok((await rules("libs/messaging/src/index.ts", code)).includes("no-restricted-properties"));
    assert.ok(!(await rules("services/task/src/main.ts", code)).includes("no-restricted-properties"));
  });

  it("type-aware rules run: a floating promise is reported", async () => {
    const code = "async function work(): Promise<void> {}\nwork();\n";
    assert.ok((await rules("libs/messaging/src/index.ts", code)).includes("@typescript-eslint/no-floating-promises"));
  });
});
