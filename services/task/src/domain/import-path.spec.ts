import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "@prelabel/service-kit";
import { checkRequestedPath, isImageFileName, isWithin } from "./import-path.js";
import { TaskErrorCode } from "./task-error-codes.js";

const isInvalidPath = (e: unknown) => e instanceof AppError && e.code === TaskErrorCode.InvalidPath;

describe("import path containment", () => {
  it("accepts the root and paths below it", () => {
    assert.ok(isWithin("/data/import", "/data/import"));
    assert.ok(isWithin("/data/import", "/data/import/a/b"));
    assert.ok(isWithin("/data/import", "/data/import/..hidden"));
  });

  it("rejects siblings, parents and prefixes that are not directories of the root", () => {
    assert.ok(!isWithin("/data/import", "/data"));
    assert.ok(!isWithin("/data/import", "/data/import-other"));
    assert.ok(!isWithin("/data/import", "/etc"));
    assert.ok(!isWithin("/data/import", "/data/other/../x"));
  });

  it("rejects `..` segments, NUL bytes and empty paths before touching the disk", () => {
    for (const p of ["..", "../x", "a/../b", "a/..", "a\\..\\b", "", "  ", "a\0b"])
      assert.throws(() => checkRequestedPath(p), isInvalidPath, JSON.stringify(p));
    for (const p of ["a", "a/b", "/abs/path", "..a", "a..", "a/...b"]) assert.doesNotThrow(() => checkRequestedPath(p), p);
  });
});

describe("image file names", () => {
  it("go by extension, case-insensitively", () => {
    assert.ok(isImageFileName("a.JPG"));
    assert.ok(isImageFileName("frame_0001.png"));
    assert.ok(!isImageFileName("notes.txt"));
    assert.ok(!isImageFileName(".png"));
    assert.ok(!isImageFileName("png"));
  });
});
