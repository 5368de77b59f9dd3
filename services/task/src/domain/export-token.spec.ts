import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { signExportToken, verifyExportToken, type ExportGrant } from "./export-token.js";
import { AnnotationFormat } from "./interchange/interchange.js";
import { AnnotationSource } from "./label-types.js";

const SECRET = "0123456789abcdef0123456789abcdef";
const GRANT: ExportGrant = {
  tenantId: "acme",
  taskId: "6f1f7c1e-0000-4000-8000-000000000001",
  format: AnnotationFormat.CVAT_IMAGES,
  filter: { source: AnnotationSource.AUTO, minScore: 0.5, jobId: "job-1" },
  includeFrames: true,
  expiresAt: 1_000_000,
};

const reencode = (token: string, change: (claims: any) => void) => {
  const [payload, sig] = token.split(".");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
  change(claims);
  return `${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${sig}`;
};

describe("export tokens", () => {
  it("carry tenant, task, format, filter, frames and expiry, verified with the key", () => {
    const token = signExportToken(GRANT, SECRET);
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    assert.deepEqual(verifyExportToken(token, SECRET, 999_999), GRANT);
  });

  it("expire at expiresAt", () => {
    const token = signExportToken(GRANT, SECRET);
    assert.deepEqual(verifyExportToken(token, SECRET, 1_000_000), { refused: "expired" });
  });

  it("are refused when altered, signed with another key, or malformed", () => {
    const token = signExportToken(GRANT, SECRET);
    assert.deepEqual(verifyExportToken(token, "another-secret-another-secret-xx", 0), { refused: "invalid" });
    for (const change of [(c: any) => (c.tn = "other"), (c: any) => (c.exp = 9e15), (c: any) => (c.s = null), (c: any) => (c.tk = "x")]) {
      assert.deepEqual(verifyExportToken(reencode(token, change), SECRET, 0), { refused: "invalid" });
    }
    const [payload, sig] = token.split(".");
    const flipped = sig.slice(0, -1) + (sig.endsWith("A") ? "B" : "A");
    for (const bad of ["", ".", "abc", `${payload}.`, `.${sig}`, `${payload}.${flipped}`, `${payload}.${sig}.x`]) {
      assert.deepEqual(verifyExportToken(bad, SECRET, 0), { refused: "invalid" }, bad);
    }
  });

  it("refuse a correctly signed payload that is not a grant", () => {
    // Signed with the right key but with a wrong shape (what a future version or a bug might produce).
    const forged = signExportToken({ ...GRANT, format: "NOPE" as AnnotationFormat }, SECRET);
    assert.deepEqual(verifyExportToken(forged, SECRET, 0), { refused: "invalid" });
  });
});
