import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import type { FileUpload } from "graphql-upload-minimal";
import { isTooLarge, readStream, safeFileName, uploadedFrameSources } from "./frame-upload.mapper.js";

const isTooLargeError = (e: unknown) => e instanceof AppError && e.code === ErrorCode.PayloadTooLarge;

describe("frame uploads", () => {
  it("keeps a display name only", () => {
    assert.equal(safeFileName("../../etc/passwd", "frame-0"), "passwd");
    assert.equal(safeFileName("C:\\photos\\a\u0000.png", "frame-0"), "a.png");
    assert.equal(safeFileName("  ", "frame-3"), "frame-3");
    assert.equal(safeFileName(undefined, "frame-1"), "frame-1");
  });

  it("reads a file of exactly the limit and refuses one byte more", async () => {
    assert.equal((await readStream(Readable.from([Buffer.alloc(3), Buffer.alloc(2)]), "a.png", 5)).byteLength, 5);
    await assert.rejects(readStream(Readable.from([Buffer.alloc(3), Buffer.alloc(3)]), "a.png", 5), isTooLargeError);
  });

  it("refuses a stream the multipart parser truncated at its own limit", async () => {
    const truncated = Object.assign(Readable.from([Buffer.alloc(2)]), { truncated: true });
    await assert.rejects(readStream(truncated, "a.png", 5), isTooLargeError);
  });

  it("holds all of a request's files to the request limit", async () => {
    const upload = (bytes: number) =>
      Promise.resolve({ filename: "a.png", createReadStream: () => Readable.from([Buffer.alloc(bytes)]) } as unknown as FileUpload);
    const [first, second] = uploadedFrameSources([upload(3), upload(3)], 5);
    assert.equal((await first(10)).bytes.byteLength, 3);
    await assert.rejects(second(10), isTooLargeError);
    const [a, b] = uploadedFrameSources([upload(3), upload(2)], 5);
    assert.equal((await a(10)).bytes.byteLength + (await b(10)).bytes.byteLength, 5);
  });

  it("recognises the upload library's size refusals", () => {
    assert.equal(isTooLarge(Object.assign(new Error("too big"), { status: 413 })), true);
    assert.equal(isTooLarge(Object.assign(new Error("too big"), { code: "PAYLOAD_TOO_LARGE" })), true);
    assert.equal(isTooLarge(new Error("other")), false);
  });
});
