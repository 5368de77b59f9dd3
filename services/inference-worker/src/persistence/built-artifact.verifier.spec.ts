import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ModelError } from "../inference/inference.errors.js";
import { BuiltArtifactVerifier, builtArtifactLocator } from "./built-artifact.verifier.js";

const dir = mkdtempSync(join(tmpdir(), "prelabel-built-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const loadFailed = (pattern: RegExp) => (err: unknown) =>
  err instanceof ModelError && err.code === "MODEL_LOAD_FAILED" && pattern.test(err.message);

describe("BuiltArtifactVerifier (the catalog's artifactPath)", () => {
  writeFileSync(join(dir, "blazeface.onnx"), "weights v1");
  writeFileSync(join(dir, "centernet.onnx"), "centernet weights");

  it("hands out a built file only when a descriptor lists it with the file's sha256", async () => {
    const verifier = new BuiltArtifactVerifier(builtArtifactLocator(dir));
    await assert.rejects(verifier.artifactPath("blazeface"), loadFailed(/"blazeface" is not listed by any model/));
    verifier.expect("face-detection", [{ name: "blazeface", sha256: sha("weights v1"), sizeBytes: 10 }]);
    assert.equal(await verifier.artifactPath("blazeface"), join(dir, "blazeface.onnx"));
  });

  it("refuses a file whose bytes differ, naming the file and both digests", async () => {
    const verifier = new BuiltArtifactVerifier(builtArtifactLocator(dir));
    const listed = sha("weights v2");
    verifier.expect("face-detection", [{ name: "blazeface", sha256: listed, sizeBytes: 10 }]);
    await assert.rejects(verifier.artifactPath("blazeface"), (err: unknown) => {
      assert.ok(err instanceof ModelError && err.code === "MODEL_LOAD_FAILED");
      assert.ok(err.message.includes(join(dir, "blazeface.onnx")), err.message);
      assert.ok(err.message.includes(sha("weights v1")) && err.message.includes(listed), err.message);
      return true;
    });
  });

  it("hashes each file once per process", async () => {
    writeFileSync(join(dir, "hand.onnx"), "hand v1");
    const verifier = new BuiltArtifactVerifier(builtArtifactLocator(dir));
    verifier.expect("hand", [{ name: "hand", sha256: sha("hand v1"), sizeBytes: 7 }]);
    await verifier.artifactPath("hand");
    writeFileSync(join(dir, "hand.onnx"), "hand v2");
    assert.equal(await verifier.artifactPath("hand"), join(dir, "hand.onnx"), "the digest computed first is reused");
  });

  it("shares one listing between models and refuses two models listing different bytes under one name", async () => {
    const verifier = new BuiltArtifactVerifier(builtArtifactLocator(dir));
    const centernet = { name: "centernet", sha256: sha("centernet weights"), sizeBytes: 17 };
    verifier.expect("coco-object-detection", [centernet]);
    verifier.expect("person-pose", [centernet]);
    assert.throws(
      () => verifier.expect("other", [{ ...centernet, sha256: sha("else") }]),
      loadFailed(/model other lists sha256 .* but model coco-object-detection lists/),
    );
    assert.equal(await verifier.artifactPath("centernet"), join(dir, "centernet.onnx"));
  });

  it("names a missing built file", async () => {
    const verifier = new BuiltArtifactVerifier(builtArtifactLocator(dir));
    verifier.expect("x", [{ name: "missing", sha256: sha(""), sizeBytes: 0 }]);
    await assert.rejects(verifier.artifactPath("missing"), loadFailed(/missing not found at .*missing\.onnx: run `npm run build`/));
  });
});
