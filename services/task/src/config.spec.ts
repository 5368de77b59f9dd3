import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfig } from "@prelabel/service-kit";
import { frameUploadLimits, taskConfigSchema } from "./config.js";

const MiB = 1024 * 1024;
const base = { DATABASE_URL: "postgres://localhost/x", NATS_URL: "nats://localhost:4222" };

describe("task config: upload limits", () => {
  it("sizes the multipart parser for the largest upload it takes: by default a video (each mutation holds its own files to its own limit)", () => {
    const config = parseConfig(taskConfigSchema, base);
    assert.equal(config.ANNOTATION_IMPORT_MAX_BYTES, 64 * MiB);
    assert.equal(config.ANNOTATION_IMPORT_MAX_SHAPES, 1_000_000);
    assert.equal(config.VIDEO_MAX_BYTES, 256 * MiB);
    assert.deepEqual(frameUploadLimits(config), { maxFileSize: 256 * MiB, maxFiles: 500, maxRequestBytes: 256 * MiB + 64 * 1024 });
  });

  it("widens the multipart limits to let a larger annotation file and its operation through", () => {
    const config = parseConfig(taskConfigSchema, {
      ...base,
      VIDEO_MAX_BYTES: String(32 * MiB),
      ANNOTATION_IMPORT_MAX_BYTES: String(200 * MiB),
    });
    assert.deepEqual(frameUploadLimits(config), { maxFileSize: 200 * MiB, maxFiles: 500, maxRequestBytes: 200 * MiB + 64 * 1024 });
  });

  it("keeps addFrames' own request limit when neither a video nor an annotation file needs more", () => {
    const config = parseConfig(taskConfigSchema, {
      ...base,
      VIDEO_MAX_BYTES: String(8 * MiB),
      ANNOTATION_IMPORT_MAX_BYTES: String(8 * MiB),
    });
    assert.deepEqual(frameUploadLimits(config), { maxFileSize: 50 * MiB, maxFiles: 500, maxRequestBytes: 100 * MiB });
  });

  it("refuses a limit that is not a positive whole number", () => {
    assert.throws(() => parseConfig(taskConfigSchema, { ...base, ANNOTATION_IMPORT_MAX_SHAPES: "0" }), /ANNOTATION_IMPORT_MAX_SHAPES/);
  });
});
