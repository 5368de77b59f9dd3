import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { coversFrame, queuedJob, type NewJob } from "./auto-annotation-job.js";

const init: NewJob = {
  id: "j1",
  tenantId: "t",
  taskId: "task",
  modelId: "m",
  modelRuntime: "catalog:x",
  framesTotal: 3,
  threshold: 0.5,
  convertMasksToPolygons: false,
  cleanOldAnnotations: true,
  tracking: null,
  labelThresholds: [],
  tiling: null,
  reviewBelow: null,
  mapping: [],
  frameStart: 2,
  frameStop: 4,
  frameRangeExplicit: true,
};

describe("AutoAnnotationJob", () => {
  it("starts QUEUED with nothing settled, created and changed at the same moment", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const job = queuedJob(init, now);
    assert.equal(job.status, "QUEUED");
    assert.deepEqual([job.framesDone, job.framesFailed, job.droppedAttributeValues, job.redriveCount], [0, 0, 0, 0]);
    assert.deepEqual([job.fps, job.etaSeconds, job.failureCode, job.failureReason], [null, null, null, null]);
    assert.deepEqual([job.startedAt, job.finishedAt, job.taskDeletedAt], [null, null, null]);
    assert.equal(job.createdAt, now);
    assert.equal(job.updatedAt, now);
  });

  it("covers its frame range, inclusive", () => {
    const job = queuedJob(init, new Date());
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((f) => coversFrame(job, f)),
      [false, true, true, true, false],
    );
  });
});
