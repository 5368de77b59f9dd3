import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { after, describe, it } from "node:test";
import { safeFileName, spoolUpload } from "./upload-spool.store.js";

const dir = mkdtempSync(join(tmpdir(), "prelabel-spool-spec-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

describe("spoolUpload", () => {
  it("writes the upload to a private temp file while hashing and counting it", async () => {
    const file = await spoolUpload(chunks("hello ", "model"), { fileName: "m.onnx", maxBytes: 100, dir });
    assert.equal(file.sizeBytes, 11);
    assert.equal(file.sha256, createHash("sha256").update("hello model").digest("hex"));
    assert.equal(readFileSync(file.path, "utf8"), "hello model");
    await file.remove();
    await file.remove();
    assert.deepEqual(readdirSync(dir), [], "remove() deletes the folder, twice is fine");
  });

  it("stops past the limit with PAYLOAD_TOO_LARGE and leaves nothing behind", async () => {
    await assert.rejects(spoolUpload(chunks("12345", "67890", "x"), { fileName: "big.onnx", maxBytes: 10, dir }), (err: any) => {
      assert.equal(err.code, "PAYLOAD_TOO_LARGE");
      assert.match(err.message, /"big\.onnx" exceeds the 10 byte limit/);
      return true;
    });
    assert.deepEqual(readdirSync(dir), []);
  });

  it("treats a stream the multipart parser cut at its own limit (unpiped, truncated) as too large", async () => {
    // graphql-upload-minimal at its limit: unpipes the file stream, marks it truncated, ends it.
    const stream = new PassThrough() as PassThrough & { truncated?: boolean };
    const spooled = spoolUpload(stream, { fileName: "cut.onnx", maxBytes: 1000, dir });
    stream.write("partial");
    setImmediate(() => {
      stream.unpipe();
      stream.truncated = true;
      stream.end();
    });
    await assert.rejects(spooled, (err: any) => err.code === "PAYLOAD_TOO_LARGE");
    assert.deepEqual(readdirSync(dir), []);
  });

  it("keeps only a display name", () => {
    assert.equal(safeFileName("../../etc/yolo\u0000v8.onnx"), "yolov8.onnx");
    assert.equal(safeFileName("C:\\models\\best.onnx"), "best.onnx");
    assert.equal(safeFileName(""), "model.onnx");
  });
});
