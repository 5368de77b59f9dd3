import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, JobProgressedSchema, type JobProgressed } from "@prelabel/proto";
import { AppError, ErrorCode, type Logger } from "@prelabel/service-kit";
import { queuedJob, type AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import type { JobStatus } from "../domain/job-status.js";
import type { ProgressFeed } from "../messaging/consumers/job-progress.feed.js";
import { JobProgressStreams } from "./job-progress-streams.js";
import { FakeTimerClock } from "../domain/fake-timer.clock.testing.js";

/** The feed's contract in memory: listeners per job, events delivered synchronously. */
class MemoryFeed implements ProgressFeed {
  readonly listeners = new Map<string, Set<(event: JobProgressed) => void>>();
  listenCalls = 0;
  async listen(jobId: string, onEvent: (event: JobProgressed) => void): Promise<() => void> {
    this.listenCalls++;
    const set = this.listeners.get(jobId) ?? new Set();
    this.listeners.set(jobId, set.add(onEvent));
    return () => void set.delete(onEvent);
  }
  emit(jobId: string): void {
    for (const l of this.listeners.get(jobId) ?? []) l(create(JobProgressedSchema, { jobId }));
  }
  count(jobId: string): number {
    return this.listeners.get(jobId)?.size ?? 0;
  }
}

/** The job table in memory, counting reads and optionally holding them until released. */
class JobStore {
  reads = 0;
  private jobs = new Map<string, AutoAnnotationJob>();
  private held: (() => void)[] | undefined;
  put(job: AutoAnnotationJob): void {
    this.jobs.set(job.id, job);
  }
  update(id: string, patch: Partial<AutoAnnotationJob>): void {
    const job = this.jobs.get(id)!;
    this.jobs.set(id, { ...job, ...patch, updatedAt: new Date(job.updatedAt.getTime() + 1) });
  }
  hold(): void {
    this.held = [];
  }
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    held.forEach((go) => go());
  }
  load = async (tenantId: string, id: string): Promise<AutoAnnotationJob | null> => {
    this.reads++;
    // The row as it is when the query starts (a held read answers later with this older state).
    const job = this.jobs.get(id);
    if (this.held) await new Promise<void>((resolve) => this.held!.push(resolve));
    return job && job.tenantId === tenantId ? job : null;
  };
}

const silent = { warn() {}, info() {}, error() {}, debug() {}, child: () => silent } as unknown as Logger;
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

function job(id: string, tenantId = "t1"): AutoAnnotationJob {
  const base = queuedJob(
    {
      id,
      tenantId,
      taskId: "task",
      modelId: "model",
      modelRuntime: "onnx",
      framesTotal: 100,
      threshold: 0.5,
      convertMasksToPolygons: false,
      cleanOldAnnotations: false,
      tracking: null,
      labelThresholds: [],
      tiling: null,
      reviewBelow: null,
      mapping: [],
      frameStart: 0,
      frameStop: 99,
      frameRangeExplicit: false,
    },
    new Date(0),
  );
  return { ...base, status: "RUNNING" };
}

function setup(throttleMs = 100) {
  const clock = new FakeTimerClock();
  const feed = new MemoryFeed();
  const store = new JobStore();
  const streams = new JobProgressStreams(feed, store.load, { throttleMs, pollMs: 3_600_000, clock }, silent);
  return { clock, feed, store, streams };
}

/** Collects what a stream yields without waiting for its end. */
function collect(stream: AsyncIterableIterator<AutoAnnotationJob>) {
  const got: { status: JobStatus; framesDone: number }[] = [];
  const done = (async () => {
    for await (const j of stream) got.push({ status: j.status, framesDone: j.framesDone });
  })();
  return { got, done };
}

describe("JobProgressStreams (one hub per job)", () => {
  it("N subscribers: one listener and one read per event, not one per subscriber; all get the final state", async () => {
    const { clock, feed, store, streams } = setup();
    store.put(job("j"));
    const N = 50;
    const opened = await Promise.all(Array.from({ length: N }, () => streams.open("t1", "j")));
    assert.equal(feed.listenCalls, 1, "one feed listener for the job");
    assert.equal(feed.count("j"), 1);
    assert.ok(store.reads <= 2, `subscribers joining together share the read (got ${store.reads} reads)`);
    const runs = opened.map(collect);
    await flush();
    const readsAfterJoin = store.reads;

    for (let frame = 1; frame <= 10; frame++) {
      store.update("j", { framesDone: frame });
      feed.emit("j");
      await flush();
      clock.advance(100);
      await flush();
    }
    assert.equal(store.reads - readsAfterJoin, 10, "one read per event for all subscribers");
    store.update("j", { framesDone: 100, status: "COMPLETED", finishedAt: new Date(1) });
    feed.emit("j");
    await flush();
    clock.advance(100);
    await Promise.all(runs.map((r) => r.done));
    assert.equal(store.reads - readsAfterJoin, 11);
    for (const run of runs) {
      assert.deepEqual(run.got.at(-1), { status: "COMPLETED", framesDone: 100 }, "the final state is delivered and ends the stream");
      assert.deepEqual(run.got[0], { status: "RUNNING", framesDone: 0 }, "the initial state first");
    }
    assert.equal(feed.count("j"), 0, "the hub stopped listening when the last subscriber finished");
    assert.equal(streams.watchedJobs, 0);
  });

  it("events arriving while a read runs collapse into one more read after it (single flight)", async () => {
    const { clock, feed, store, streams } = setup();
    store.put(job("j"));
    const run = collect(await streams.open("t1", "j"));
    await flush();
    const before = store.reads;
    store.hold();
    for (let i = 1; i <= 5; i++) {
      store.update("j", { framesDone: i });
      feed.emit("j");
    }
    assert.equal(store.reads - before, 1, "one read running; the other four events wait as one");
    store.release();
    await flush();
    store.release();
    await flush();
    assert.equal(store.reads - before, 2, "exactly one read after the running one");
    clock.advance(100);
    await flush();
    assert.deepEqual(run.got.at(-1), { status: "RUNNING", framesDone: 5 }, "the last change is not lost");
    store.update("j", { status: "CANCELLED" });
    feed.emit("j");
    await flush();
    clock.advance(100);
    await run.done;
  });

  it("throttles per subscriber and keeps the trailing edge", async () => {
    const { clock, feed, store, streams } = setup(100);
    store.put(job("j"));
    const run = collect(await streams.open("t1", "j"));
    await flush();
    for (let frame = 1; frame <= 5; frame++) {
      clock.advance(10);
      store.update("j", { framesDone: frame });
      feed.emit("j");
      await flush();
    }
    assert.deepEqual(
      run.got.map((g) => g.framesDone),
      [0],
      "five changes within the interval after the initial state: nothing yet",
    );
    clock.advance(100);
    await flush();
    assert.deepEqual(
      run.got.map((g) => g.framesDone),
      [0, 5],
      "one trailing event with the latest state",
    );
    store.update("j", { status: "FAILED" });
    feed.emit("j");
    await flush();
    clock.advance(100);
    await run.done;
    assert.equal(run.got.at(-1)?.status, "FAILED");
  });

  it("a subscriber that leaves mid-stream stops only itself; the last one leaving stops the hub", async () => {
    const { clock, feed, store, streams } = setup();
    store.put(job("j"));
    const a = await streams.open("t1", "j");
    const b = await streams.open("t1", "j");
    const runB = collect(b);
    assert.equal((await a.next()).value.framesDone, 0);
    await flush();
    assert.equal(streams.subscriberCount, 2);
    await a.return?.();
    assert.equal(streams.subscriberCount, 1);
    assert.equal(feed.count("j"), 1, "still listening for the other subscriber");
    const before = store.reads;
    store.update("j", { framesDone: 7 });
    feed.emit("j");
    await flush();
    clock.advance(100);
    await flush();
    assert.equal(store.reads - before, 1);
    assert.deepEqual(runB.got.at(-1), { status: "RUNNING", framesDone: 7 });
    await b.return?.();
    await runB.done;
    assert.equal(feed.count("j"), 0);
    assert.equal(streams.watchedJobs, 0);
    // A new subscriber gets a fresh hub.
    const c = await streams.open("t1", "j");
    assert.equal((await c.next()).value.framesDone, 7);
    assert.equal(feed.count("j"), 1);
    await c.return?.();
    assert.equal(feed.count("j"), 0);
  });

  it("another tenant's job is NOT_FOUND, and its subscriber shares nothing with the owner's", async () => {
    const { feed, store, streams } = setup();
    store.put(job("j", "t1"));
    const owner = await streams.open("t1", "j");
    await assert.rejects(
      () => streams.open("t2", "j"),
      (err: unknown) => err instanceof AppError && err.code === ErrorCode.NotFound,
    );
    assert.equal(streams.watchedJobs, 1, "the other tenant's hub is gone");
    assert.equal(feed.count("j"), 1);
    await owner.return?.();
    assert.equal(feed.count("j"), 0);
  });

  it("a change between subscribing and the first read is delivered (the read starts after the listener)", async () => {
    const { clock, feed, store, streams } = setup();
    store.put(job("j"));
    const first = await streams.open("t1", "j");
    const runFirst = collect(first);
    await flush();
    // A read for the first subscriber is running when the second joins: the second must not take its (older) result.
    store.hold();
    store.update("j", { framesDone: 1 });
    feed.emit("j");
    const opening = streams.open("t1", "j");
    await flush();
    store.update("j", { framesDone: 2 });
    store.release();
    await flush();
    store.release();
    const second = await opening;
    assert.equal((await second.next()).value.framesDone, 2, "the joiner's read started after it joined");
    clock.advance(100);
    await flush();
    assert.equal(runFirst.got.at(-1)?.framesDone, 2);
    await second.return?.();
    await first.return?.();
    await runFirst.done;
  });
});
