import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
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

  it("finds the literal codes it is meant to police (the scan is not empty)", () => {
    // frame-range.ts and the infer-frames consumer spell codes as literals today; if the scan saw nothing it would prove nothing.
    assert.ok(literalCodesInSource().length > 0);
  });
});

describe("codesInDocs", () => {
  it("reads the first column of each section's table and refuses a missing section", () => {
    const markdown = [
      "# Error codes",
      ...kinds.map((kind) => `## ${SECTION_HEADINGS[kind]}\n| code | when |\n|---|---|\n| \`${kind.toUpperCase()}_A\` | x, not \`OTHER_CODE\` |`),
    ].join("\n");
    const parsed = codesInDocs(markdown);
    for (const kind of kinds) assert.deepEqual(sorted(parsed[kind]), [`${kind.toUpperCase()}_A`]);
    assert.throws(() => codesInDocs("# Error codes\n"), /no "## GraphQL error codes" section/);
  });
});
