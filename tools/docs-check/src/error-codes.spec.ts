import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { codesInCode, codesInDocs, literalCodesInSource, REPO_ROOT, SECTION_HEADINGS, type CodeKind } from "./error-codes.js";

const docs = codesInDocs(readFileSync(join(REPO_ROOT, "docs", "errors.md"), "utf8"));
const code = codesInCode();
const kinds = Object.keys(SECTION_HEADINGS) as CodeKind[];
const sorted = (codes: Iterable<string>): string[] => [...codes].sort();

describe("docs/errors.md against the code", () => {
  for (const kind of kinds) {
    it(`"${SECTION_HEADINGS[kind]}" documents every ${kind} code the code has`, () => {
      const missing = sorted([...code[kind]].filter((c) => !docs[kind].has(c)));
      assert.deepEqual(missing, [], `add a row for each to docs/errors.md under "## ${SECTION_HEADINGS[kind]}"`);
    });

    it(`"${SECTION_HEADINGS[kind]}" documents no ${kind} code the code lacks`, () => {
      const stale = sorted([...docs[kind]].filter((c) => !code[kind].has(c)));
      assert.deepEqual(stale, [], "documented, but no registry in the code has them: remove the rows or register the codes");
    });
  }

  it("no service spells a client-facing code that no registry has", () => {
    const known = new Set(kinds.flatMap((kind) => [...code[kind]]));
    const unknown = literalCodesInSource()
      .filter((literal) => !known.has(literal.code))
      .map((literal) => `${literal.file}:${literal.line} ${literal.code}`);
    assert.deepEqual(unknown, [], "register these codes (and document them) or use the registry's constant");
  });

  it("finds the literal codes it is meant to police, and passes over tests and build output", () => {
    const root = mkdtempSync(join(tmpdir(), "docs-check-"));
    try {
      mkdirSync(join(root, "src"));
      mkdirSync(join(root, "dist"));
      writeFileSync(
        join(root, "src", "a.ts"),
        'throw new GraphQLError("x", { extensions: { code: "MADE_UP" } });\nfailed(job, "ALSO_MADE_UP", 1);\n',
      );
      writeFileSync(join(root, "src", "b.ts"), 'throw new FrameFailure("THIRD_ONE", "why");\n');
      writeFileSync(join(root, "src", "a.spec.ts"), 'const x = { code: "IN_A_TEST" };\n');
      writeFileSync(join(root, "dist", "a.js"), 'const x = { code: "BUILT" };\n');
      const found = literalCodesInSource([root]).map((l) => `${l.file.split("/").pop()}:${l.line} ${l.code}`);
      assert.deepEqual(found.sort(), ["a.ts:1 MADE_UP", "a.ts:2 ALSO_MADE_UP", "b.ts:1 THIRD_ONE"]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("codesInDocs", () => {
  it("reads the first column of each section's table and refuses a missing section", () => {
    const markdown = [
      "# Error codes",
      ...kinds.map(
        (kind) => `## ${SECTION_HEADINGS[kind]}\n| code | when |\n|---|---|\n| \`${kind.toUpperCase()}_A\` | x, not \`OTHER_CODE\` |`,
      ),
    ].join("\n");
    const parsed = codesInDocs(markdown);
    for (const kind of kinds) assert.deepEqual(sorted(parsed[kind]), [`${kind.toUpperCase()}_A`]);
    assert.throws(() => codesInDocs("# Error codes\n"), /no "## GraphQL error codes" section/);
  });
});
