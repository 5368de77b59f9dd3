import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfig } from "@prelabel/service-kit";
import { frameUploadLimits, taskConfigSchema } from "./config.js";

const MiB = 1024 * 1024;
const base = { DATABASE_URL: "postgres://localhost/x", NATS_URL: "nats://localhost:4222" };

describe("task config: upload limits", () => {
  it("keeps addFrames' request limit at its default while an annotation file may be larger than a frame", () => {
    const config = parseConfig(taskConfigSchema, base);
    assert.equal(config.ANNOTATION_IMPORT_MAX_BYTES, 64 * MiB);
    assert.equal(config.ANNOTATION_IMPORT_MAX_SHAPES, 1_000_000);
    assert.deepEqual(frameUploadLimits(config), { maxFileSize: 64 * MiB, maxFiles: 500, maxRequestBytes: 100 * MiB });
  });

  it("widens the multipart limits to let a larger annotation file and its operation through", () => {
    const config = parseConfig(taskConfigSchema, { ...base, ANNOTATION_IMPORT_MAX_BYTES: String(200 * MiB) });
    assert.deepEqual(frameUploadLimits(config), { maxFileSize: 200 * MiB, maxFiles: 500, maxRequestBytes: 200 * MiB + 64 * 1024 });
  });

  it("refuses a limit that is not a positive whole number", () => {
    assert.throws(() => parseConfig(taskConfigSchema, { ...base, ANNOTATION_IMPORT_MAX_SHAPES: "0" }), /ANNOTATION_IMPORT_MAX_SHAPES/);
  });
});
