import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { FrameFailureCode, ShapeType } from "@prelabel/proto";
import { DEFAULT_TENANT_ID } from "@prelabel/identity";
import { Harness, sleep, type GraphQLResult } from "./support/harness.js";

const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { id status } }`;
const PROGRESS = `subscription Progress($jobId: ID!) {
  autoAnnotationProgress(jobId: $jobId) { id status framesTotal framesDone framesFailed fps etaSeconds finishedAt task { id } }
}`;

type Event = {
  id: string;
  status: string;
  framesTotal: number;
  framesDone: number;
  framesFailed: number;
  fps: number | null;
  finishedAt: string | null;
};

/** Reads the stream to its end (or fails after the timeout), timestamping each event. */
async function readAll(stream: AsyncIterableIterator<GraphQLResult>, timeoutMs = 10_000): Promise<{ at: number; job: Event }[]> {
  const events: { at: number; job: Event }[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now()))));
    const next = await Promise.race([stream.next(), timeout]).finally(() => clearTimeout(timer));
    if (next === "timeout") {
      await stream.return?.();
      throw new Error(`subscription did not complete; got ${JSON.stringify(events.map((e) => e.job.status))}`);
    }
    if (next.done) return events;
    assert.equal(next.value.errors, undefined, JSON.stringify(next.value.errors));
    events.push({ at: Date.now(), job: next.value.data?.autoAnnotationProgress as Event });
  }
}

describe("autoAnnotationProgress subscription", () => {
  let h: Harness;
  let modelId: string;
  const newTask = (size: number) => h.addTask({ size, labels: [{ id: `l-${randomUUID()}`, name: "text", type: ShapeType.POLYGON }] });

  before(async () => {
    h = await Harness.start({ progressThrottleMs: 100, progressPollMs: 1_000 });
    modelId = h.addModel({ defaultThreshold: 0.3, labels: [{ name: "text", type: ShapeType.POLYGON }] }).id;
  });
  after(async () => {
    await h?.close();
  });

  async function open(jobId: string): Promise<AsyncIterableIterator<GraphQLResult>> {
    const stream = await h.subscribe(PROGRESS, { jobId });
    assert.ok(Symbol.asyncIterator in stream, `subscription failed: ${JSON.stringify(stream)}`);
    return stream;
  }

  it("emits the current state at once, throttles a burst, always delivers the final state, then completes", async () => {
    const task = newTask(20);
    const job = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    await h.takeInferFrames(job.id, 20);
    const stream = await open(job.id);
    const first = await stream.next();
    assert.equal(first.done, false);
    const initial = first.value.data?.autoAnnotationProgress as Event;
    assert.deepEqual(
      { id: initial.id, status: initial.status, framesDone: initial.framesDone, framesTotal: initial.framesTotal },
      { id: job.id, status: "RUNNING", framesDone: 0, framesTotal: 20 },
    );

    const reading = readAll(stream);
    for (let frame = 0; frame < 20; frame++) {
      if (frame % 5 === 4) await h.frameFailed(job.id, task.id, frame, FrameFailureCode.EMPTY_IMAGE, "0 bytes");
      else await h.frameInferred(job.id, task.id, frame);
    }
    await h.takeTaskCommand(job.id);
    await h.annotationsCommitted(job.id, task.id);
    const events = await reading;

    if (process.env.TEST_VERBOSE)
      console.log(events.map((e) => `${e.at - events[0].at}ms ${e.job.status} ${e.job.framesDone}+${e.job.framesFailed}`));
    assert.ok(events.length >= 1);
    const last = events.at(-1)!.job;
    assert.equal(last.status, "COMPLETED", "the final state is delivered");
    assert.deepEqual([last.framesDone, last.framesFailed], [16, 4]);
    assert.ok(last.finishedAt);
    assert.ok(events.length < 20, `24 state changes should be throttled, got ${events.length} events`);
    // Counts only move forward (states are delivered in order).
    for (let i = 1; i < events.length; i++) {
      const a = events[i - 1].job;
      const b = events[i].job;
      assert.ok(b.framesDone + b.framesFailed >= a.framesDone + a.framesFailed, "progress never goes back");
    }
    assert.equal(h.app.feed.listenerCount, 0, "the stream stopped listening when it completed");
    assert.equal(h.app.feed.subscribed, false, "and the NATS subscription is gone");
  });

  it("delivers a cancelled job's final state", async () => {
    const task = newTask(3);
    const job = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    const stream = await open(job.id);
    const reading = readAll(stream);
    await h.ok(`mutation($id: ID!) { cancelAutoAnnotation(jobId: $id) { id } }`, { id: job.id });
    await sleep(150);
    await h.annotationsDiscarded(job.id, task.id);
    const events = await reading;
    assert.equal(events[0].job.status, "RUNNING");
    assert.equal(events.at(-1)!.job.status, "CANCELLED");
  });

  it("sends one event and completes for a job that already finished", async () => {
    const task = newTask(1);
    const job = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    await h.ok(`mutation($id: ID!) { cancelAutoAnnotation(jobId: $id) { id } }`, { id: job.id });
    await h.annotationsDiscarded(job.id, task.id);
    for (
      let i = 0;
      i < 100 &&
      (await h.ok(`query($id: ID!) { autoAnnotationJob(id: $id) { status } }`, { id: job.id })).autoAnnotationJob.status !== "CANCELLED";
      i++
    ) {
      await sleep(50);
    }
    const events = await readAll(await open(job.id));
    assert.deepEqual(
      events.map((e) => e.job.status),
      ["CANCELLED"],
    );
  });

  it("stops listening on NATS when the client goes away (return())", async () => {
    const task = newTask(2);
    const job = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    const a = await open(job.id);
    const b = await open(job.id);
    await a.next();
    await b.next();
    assert.equal(h.app.streams.subscriberCount, 2);
    assert.equal(h.app.feed.listenerCount, 1, "one listener for the job's hub, not one per subscriber");
    assert.equal(h.app.feed.subscribed, true);
    const pending = a.next();
    await a.return?.();
    assert.deepEqual(await pending, { done: true, value: undefined });
    assert.equal(h.app.streams.subscriberCount, 1);
    assert.equal(h.app.feed.listenerCount, 1);
    assert.equal(h.app.feed.subscribed, true, "still needed by the other subscriber");
    await b.return?.();
    assert.equal(h.app.streams.subscriberCount, 0);
    assert.equal(h.app.feed.listenerCount, 0);
    assert.equal(h.app.feed.subscribed, false);
    await h.ok(`mutation($id: ID!) { cancelAutoAnnotation(jobId: $id) { id } }`, { id: job.id });
  });

  it("fans one read per event out to many subscribers, each getting the final state", async () => {
    const task = newTask(10);
    const job = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    await h.takeInferFrames(job.id, 10);
    const N = 40;
    const streams = await Promise.all(Array.from({ length: N }, () => open(job.id)));
    const readings = streams.map((s) => readAll(s));
    const hub = h.app.streams.hubOf(DEFAULT_TENANT_ID, job.id);
    assert.ok(hub, "the job has a hub");
    assert.equal(h.app.feed.listenerCount, 1);
    const readsAfterJoin = hub.reads;
    assert.ok(readsAfterJoin < N, `subscribers joining together share reads (got ${readsAfterJoin} for ${N})`);
    for (let frame = 0; frame < 10; frame++) await h.frameInferred(job.id, task.id, frame);
    await h.takeTaskCommand(job.id);
    await h.annotationsCommitted(job.id, task.id);
    const all = await Promise.all(readings);
    for (const events of all) {
      const last = events.at(-1)!.job;
      assert.deepEqual([last.status, last.framesDone], ["COMPLETED", 10]);
    }
    // 10 outcomes, COMMITTING and COMPLETED announce at most 12 changes; the poll (1 s here) may add a few reads.
    // Per-subscriber reads would be at least N × the events each subscriber saw.
    assert.ok(hub.reads - readsAfterJoin < N, `one read per event for all ${N} subscribers (got ${hub.reads - readsAfterJoin})`);
    assert.equal(h.app.streams.watchedJobs, 0);
    assert.equal(h.app.feed.listenerCount, 0);
  });

  it("answers NOT_FOUND for an unknown job", async () => {
    const result = await h.subscribe(PROGRESS, { jobId: randomUUID() });
    assert.ok(!(Symbol.asyncIterator in result));
    assert.equal(result.errors?.[0].extensions?.code, "NOT_FOUND");
    assert.equal(h.app.feed.listenerCount, 0);
  });
});
