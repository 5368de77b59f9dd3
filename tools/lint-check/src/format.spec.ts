import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { formattableFiles, unformattedFiles } from "./format.js";

describe("Prettier over the repository (.prettierrc, .prettierignore, as `npm run format:check`)", () => {
  let files: string[] = [];
  before(async () => {
    files = await formattableFiles();
  });

  it("every file Prettier formats is formatted", async () => {
    const unformatted = await unformattedFiles(files);
    const listed = unformatted.slice(0, 30).map((file) => `  ${file}`);
    const message = [`${unformatted.length} file(s) differ from Prettier's output: run \`npm run format\``, ...listed].join("\n");
    assert.equal(unformatted.length, 0, message);
  });

  it("covers code, docs and manifests; skips generated contracts, the lock file and build output", () => {
    for (const file of ["eslint.config.mjs", "package.json", "README.md", "k8s/base/kustomization.yaml"])
      assert.ok(files.includes(file), file);
    assert.ok(
      files.some((f) => /^services\/task\/src\/.+\.ts$/.test(f)),
      "service sources",
    );
    const skipped = (f: string): boolean =>
      f.startsWith("proto/src/gen/") ||
      f.endsWith(".graphql") ||
      f === "package-lock.json" ||
      f.includes("/dist/") ||
      f === "infra/nats/topology.json";
    assert.deepEqual(files.filter(skipped), []);
  });
});
