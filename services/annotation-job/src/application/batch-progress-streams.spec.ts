import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, JobProgressedSchema, type JobProgressed } from "@prelabel/proto";
import { AppError, type Logger } from "@prelabel/service-kit";
import { queuedJob, type AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import { FakeTimerClock } from "../domain/fake-timer.clock.testing.js";
import { summarizeBatch, type BatchStatus } from "../domain/job-batch.js";
import type { ProgressFeed } from "../messaging/consumers/job-progress.feed.js";
import type { BatchView } from "./auto-annotation-batch.service.js";
import { batchProgressStreams } from "./batch-progress-streams.js";

class MemoryFeed implements ProgressFeed {
  readonly listeners = new Map<string, Set<(event: JobProgressed) => void>>();
  async listen(jobId: string, onEvent: (event: JobProgressed) => void): Promise<() => void> {
    const set = this.listeners.get(jobId) ?? new Set();
    this.listeners.set(jobId, set.add(onEvent));
    return () => void set.delete(onEvent);
  }
  emit(jobId: string): void {
    for (const l of this.listeners.get(jobId) ?? []) l(create(JobProgressedSchema, { jobId }));
  }
  get total(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }
}

/** Batches of jobs in memory, read as the batch service reads them (another tenant's: null). */
class BatchStore {
  reads = 0;
  readonly jobs = new Map<string, AutoAnnotationJob>();
  constructor(
    private readonly batchId: string,
    private readonly tenantId: string,
    private readonly jobIdsInOrder: string[],
  ) {}
  update(id: string, patch: Partial<AutoAnnotationJob>): void {
    const job = this.jobs.get(id)!;
    this.jobs.set(id, { ...job, ...patch, updatedAt: new Date(job.updatedAt.getTime() + 1) });
  }
  get = async (tenantId: string, id: string): Promise<BatchView | null> => {
    this.reads++;
    if (id !== this.batchId || tenantId !== this.tenantId) return null;
    const jobs = this.jobIdsInOrder.map((j) => this.jobs.get(j)!);
    const batch = { id, tenantId, modelId: "m", taskIds: jobs.map((j) => j.taskId), createdAt: new Date(0), finishedAt: null };
    return { batch, jobs, summary: summarizeBatch(jobs, new Date(10_000)) };
  };
  jobIds = async (tenantId: string, id: string) => (id === this.batchId && tenantId === this.tenantId ? this.jobIdsInOrder : null);
}

const silent = { warn() {}, info() {}, error() {}, debug() {}, child: () => silent } as unknown as Logger;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function job(id: string): AutoAnnotationJob {
  const base = queuedJob(
    {
      id,
      tenantId: "t1",
      taskId: `task-${id}`,
      modelId: "m",
      modelRuntime: "onnx",
      framesTotal: 10,
      threshold: 0.5,
      convertMasksToPolygons: false,
      cleanOldAnnotations: false,
      tracking: null,
      labelThresholds: [],
      tiling: null,
      reviewBelow: null,
      mapping: [],
      frameStart: 0,
      frameStop: 9,
      frameRangeExplicit: false,
      batchId: "b",
    },
    new Date(0),
  );
  return { ...base, status: "RUNNING", startedAt: new Date(0) };
}

function setup() {
  const clock = new FakeTimerClock();
  const feed = new MemoryFeed();
  const store = new BatchStore("b", "t1", ["j1", "j2", "j3"]);
  for (const id of ["j1", "j2", "j3"]) store.jobs.set(id, job(id));
  const streams = batchProgressStreams(feed, store, { throttleMs: 100, pollMs: 3_600_000, clock }, silent);
  return { clock, feed, store, streams };
}

function collect(stream: AsyncIterableIterator<BatchView>) {
  const got: { status: BatchStatus; framesDone: number }[] = [];
  const done = (async () => {
    for await (const v of stream) got.push({ status: v.summary.status, framesDone: v.summary.framesDone });
  })();
  return { got, done };
}

describe("batch progress streams", () => {
  it("emits when any job of the batch progresses, throttled, and ends once every job is final", async () => {
    const { clock, feed, store, streams } = setup();
    const run = collect(await streams.open("t1", "b"));
    await flush();
    assert.equal(feed.total, 3, "one listener per job of the batch");
    assert.deepEqual(run.got, [{ status: "RUNNING", framesDone: 0 }]);

    store.update("j2", { framesDone: 4 });
    feed.emit("j2");
    await flush();
    clock.advance(100);
    await flush();
    assert.deepEqual(run.got.at(-1), { status: "RUNNING", framesDone: 4 }, "a change of the second job is the batch's");

    // Three events within one interval: one trailing emission with the latest state.
    store.update("j1", { framesDone: 10, status: "COMPLETED", finishedAt: new Date(5) });
    feed.emit("j1");
    await flush();
    store.update("j3", { framesDone: 2 });
    feed.emit("j3");
    await flush();
    store.update("j3", { framesDone: 3 });
    feed.emit("j3");
    await flush();
    const emitted = run.got.length;
    clock.advance(100);
    await flush();
    assert.ok(run.got.length - emitted <= 2, "events within an interval collapse");
    assert.deepEqual(run.got.at(-1), { status: "RUNNING", framesDone: 17 });

    store.update("j2", { framesDone: 10, status: "COMPLETED", finishedAt: new Date(6) });
    feed.emit("j2");
    await flush();
    clock.advance(100);
    await flush();
    assert.equal(run.got.at(-1)?.status, "RUNNING", "one job still active: the stream goes on");

    store.update("j3", { framesDone: 3, status: "CANCELLED", finishedAt: new Date(7) });
    feed.emit("j3");
    await flush();
    clock.advance(100);
    await run.done;
    assert.deepEqual(run.got.at(-1), { status: "PARTIAL", framesDone: 23 }, "the final state ends the stream");
    assert.equal(feed.total, 0, "no listener is left once the stream ended");
    assert.ok(store.reads >= 5);
  });

  it("another tenant's batch, or an unknown one, is NOT_FOUND and listens to nothing", async () => {
    const { feed, streams } = setup();
    for (const [tenant, id] of [
      ["t2", "b"],
      ["t1", "nope"],
    ]) {
      await assert.rejects(
        streams.open(tenant, id),
        (e: unknown) => e instanceof AppError && e.code === "NOT_FOUND" && e.message.includes(id),
      );
    }
    assert.equal(feed.total, 0);
  });
});
