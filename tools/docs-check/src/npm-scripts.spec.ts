import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mentionsIn, packageScripts, parseNpmCommand, problemWith, scriptMentions, type PackageScripts } from "./npm-scripts.js";

describe("npm scripts named in the docs exist", () => {
  const packages = packageScripts();
  const mentions = scriptMentions();

  it("every `npm run X [-w <workspace>]`, `npm start` and `npm test` in the docs, scripts/, the Dockerfile and package.json scripts", () => {
    const problems = mentions.map((m) => problemWith(m, packages)).filter((p): p is string => p !== undefined);
    assert.deepEqual(problems, [], "rename the command in the doc, or add the script to that package.json");
  });

  it("finds the mentions it polices (the scan is not empty)", () => {
    const files = new Set(mentions.map((m) => m.file));
    for (const file of ["README.md", "docs/operations.md", "scripts/test.sh", "package.json"]) assert.ok(files.has(file), file);
  });
});

describe("parseNpmCommand and mentionsIn", () => {
  it("reads the script and the workspaces, skipping flags and what follows `--`", () => {
    assert.deepEqual(parseNpmCommand(["run", "--silent", "print-schema", "-w", "@prelabel/task", "-w", "@prelabel/identity-service"]), {
      script: "print-schema",
      workspaces: ["@prelabel/task", "@prelabel/identity-service"],
    });
    assert.deepEqual(parseNpmCommand(["run", "bench:job", "--workspace=bench"]), { script: "bench:job", workspaces: ["bench"] });
    assert.deepEqual(parseNpmCommand(["start", "--", "--demo"]), { script: "start", workspaces: [] });
    assert.deepEqual(parseNpmCommand(["test", "-w", "@prelabel/annotation-job"]), {
      script: "test",
      workspaces: ["@prelabel/annotation-job"],
    });
    assert.equal(parseNpmCommand(["run"]), undefined, "`npm run` alone lists the scripts");
    assert.equal(parseNpmCommand(["ci"]), undefined);
  });

  it("finds each command of a line: inline code, `&&` chains, comments, quoted in a message", () => {
    const text = [
      "- `npm run build`: compile (`npm run build:models`).",
      "npm run build && npm run generate:nack -w @prelabel/k8s-check",
      "npm start -- --demo   # the whole system; then npm run bench",
      `echo "run 'npm run generate' and commit the result" >&2`,
    ].join("\n");
    assert.deepEqual(
      mentionsIn(text, "README.md").map((m) => [m.line, m.script, ...m.workspaces]),
      [
        [1, "build"],
        [1, "build:models"],
        [2, "build"],
        [2, "generate:nack", "@prelabel/k8s-check"],
        [3, "start"],
        [3, "bench"],
        [4, "generate"],
      ],
    );
  });
});

describe("problemWith", () => {
  const packages: PackageScripts[] = [
    { name: "prelabel", dir: ".", scripts: new Set(["build", "test"]) },
    { name: "@prelabel/task", dir: "services/task", scripts: new Set(["migrate", "test"]) },
  ];
  const mention = (script: string, workspaces: string[] = [], file = "README.md") => ({
    file,
    line: 1,
    command: "npm …",
    script,
    workspaces,
  });

  it("accepts a root script, a workspace's script by name or folder, a placeholder some workspace satisfies", () => {
    assert.equal(problemWith(mention("build"), packages), undefined);
    assert.equal(problemWith(mention("migrate", ["@prelabel/task"]), packages), undefined);
    assert.equal(problemWith(mention("migrate", ["services/task"]), packages), undefined);
    assert.equal(problemWith(mention("migrate", ["<project>"]), packages), undefined);
    assert.equal(
      problemWith(mention("migrate", [], "services/task/README.md"), packages),
      undefined,
      "a package's README runs from its folder",
    );
  });

  it("refuses a missing script, a missing workspace, and a workspace script named without its workspace", () => {
    assert.match(problemWith(mention("check:schemas"), packages) ?? "", /no "check:schemas" script in/);
    assert.match(problemWith(mention("migrate", ["@prelabel/nope"]), packages) ?? "", /no workspace @prelabel\/nope/);
    assert.match(problemWith(mention("build", ["@prelabel/task"]), packages) ?? "", /has no "build" script/);
    assert.match(problemWith(mention("migrate"), packages) ?? "", /no "migrate" script/);
  });
});
