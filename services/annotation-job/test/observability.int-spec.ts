import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createMetricsRegistry, type Registry } from "@prelabel/observability";
import { FrameFailureCode, ShapeType } from "@prelabel/proto";
import { ANNOTATION_JOB_CONSUMERS } from "../src/job.metrics.js";
import { eventually, Harness, JOB_FIELDS } from "./support/harness.js";

const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { ${JOB_FIELDS} } }`;
const JOB = `query Job($id: ID!) { autoAnnotationJob(id: $id) { id status failureCode } }`;

describe("annotation-job metrics (real PostgreSQL + NATS): jobs by status, frames settled, failures by code, consumer lag", () => {
  let h: Harness;
  let metrics: Registry;
  let modelId: string;

  /** The registry's text exposition as lines (what Prometheus scrapes from /metrics). */
  const scrape = async () => (await metrics.metrics()).split("\n");
  const until = (line: string) =>
    eventually(async () => ((await scrape()).includes(line) ? true : undefined), 5_000, line).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${(await scrape()).filter((l) => l.startsWith("prelabel_")).join("\n")}`);
    });

  before(async () => {
    metrics = createMetricsRegistry({ defaultMetrics: false });
    // The service registers its consumers' lag on the registry it is given, as main.ts gives it the one on /metrics.
    h = await Harness.start({}, { metrics });
    modelId = h.addModel({ labels: [{ name: "car", type: ShapeType.RECTANGLE }] }).id;
  });
  after(async () => {
    await h?.close();
  });

  it("counts settled frames once each, reads jobs by status at scrape time, and counts a FAILED job once by its code", async () => {
    const task = h.addTask({ size: 4, labels: [{ id: `car-${randomUUID()}`, name: "Car", type: ShapeType.RECTANGLE }] });
    const job = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    assert.equal(job.status, "RUNNING");
    await until('prelabel_annotation_jobs{status="RUNNING"} 1');
    assert.ok((await scrape()).includes('prelabel_annotation_jobs{status="FAILED"} 0'), "every status has a sample");

    await h.frameInferred(job.id, task.id, 0);
    await h.frameInferred(job.id, task.id, 1);
    await h.frameInferred(job.id, task.id, 1, { msgId: `again.${job.id}.1` }); // a duplicate outcome: not counted
    await h.frameInferred(job.id, task.id, 2);
    await h.frameFailed(job.id, task.id, 3, FrameFailureCode.MODEL_UNAVAILABLE, "stand-in");
    await until('prelabel_annotation_frames_settled_total{outcome="succeeded"} 3');
    await until('prelabel_annotation_frames_settled_total{outcome="failed"} 1');
    await until('prelabel_annotation_jobs{status="COMMITTING"} 1');
    // Every frame went through a timed batch (five messages: the duplicate's batch is timed too).
    const batched = (await scrape()).find((l) => l.startsWith("prelabel_annotation_outcome_batch_size_sum "));
    assert.ok(Number(batched?.split(" ")[1]) >= 4, `outcome batches recorded: ${batched}`);
    assert.ok(
      (await scrape()).some((l) => /^prelabel_annotation_outcome_batch_seconds_count [1-9]/.test(l)),
      "and timed",
    );
    // A duplicate arriving once the job is COMMITTING re-sends the commit (its first may have been lost) but is not a
    // settled frame again (outcomes are consumed concurrently, so the duplicate above could also land here).
    await h.frameInferred(job.id, task.id, 1, { msgId: `late.${job.id}.1` });
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(
      (await scrape()).includes('prelabel_annotation_frames_settled_total{outcome="succeeded"} 3'),
      "a late duplicate is not counted",
    );

    // The task service discarding a COMMITTING job's results (the sweeper gave up on the commit) fails it: COMMIT_STALLED.
    await h.annotationsDiscarded(job.id, task.id);
    await eventually(async () => ((await h.ok(JOB, { id: job.id })).autoAnnotationJob.status === "FAILED" ? true : undefined));
    await until('prelabel_annotation_job_failures_total{failure_code="COMMIT_STALLED"} 1');
    await until('prelabel_annotation_jobs{status="FAILED"} 1');
    assert.ok((await scrape()).includes('prelabel_annotation_jobs{status="COMMITTING"} 0'));
    await h.annotationsDiscarded(job.id, task.id);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok((await scrape()).includes('prelabel_annotation_job_failures_total{failure_code="COMMIT_STALLED"} 1'), "counted once");
  });

  it("serves the lag of its own durable consumers, read from consumer info when scraped", async () => {
    for (const c of ANNOTATION_JOB_CONSUMERS)
      await until(`prelabel_nats_consumer_lag_messages{stream="${c.stream}",consumer="${c.durable}"} 0`);
  });
});
