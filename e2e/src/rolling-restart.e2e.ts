import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import type { Restarted, RunningProcess } from "@prelabel/testing";
import { allAnnotations, waitForJob } from "./support/jobs.js";
import { ADD_FRAMES, CREATE_TASK, PROGRESS, START } from "./support/operations.js";
import { sampleDocuments, startSystem, type System } from "./support/system.js";

/**
 * What Kubernetes does on a rollout: each pod gets SIGTERM, must finish or hand back its work within the grace
 * period, and is replaced. Here every worker, then annotation-job and the task service, are restarted one by one
 * while a job runs; the job must end COMPLETED with every frame's results landed exactly once.
 */
describe("rolling restarts while a job runs lose and duplicate nothing", () => {
  let sys: System;
  const docs = sampleDocuments();
  const SHUTDOWN_GRACE_MS = 20_000; // service-kit's default, which every process here runs with

  before(async () => {
    sys = await startSystem({ workers: 2 });
  });
  after(async () => {
    await sys?.stop();
  });

  async function createTask(frames: typeof docs): Promise<string> {
    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: { name: "rollout", labels: [{ name: "text", type: "POLYGON" }] },
    });
    // Uploaded in slices: one multipart request per 24 frames keeps each under the upload limits.
    for (let i = 0; i < frames.length; i += 24) {
      const up = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", frames.slice(i, i + 24));
      assert.equal(up.errors, undefined, JSON.stringify(up.errors));
    }
    return task.id;
  }

  /**
   * Polls through the gateway (a subscription would end with the restarted subgraph); a subgraph mid-restart
   * (SERVICE_UNAVAILABLE) is retried.
   */
  const waitFor = (id: string, until?: (job: any) => boolean) =>
    waitForJob(sys.client, id, { until, timeoutMs: 240_000, pollMs: 100, tolerateUnavailable: true, logDir: sys.logDir });

  async function annotationsPerFrame(taskId: string): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    for (const a of await allAnnotations(sys.client, taskId)) counts.set(a.frame, (counts.get(a.frame) ?? 0) + 1);
    return counts;
  }

  const start = async (taskId: string) =>
    (await sys.client.must(START, { input: { taskId, modelId: "text-detection", convertMasksToPolygons: true } })).startAutoAnnotation;

  /** Restarts `proc` once the job has settled at least `afterFrames` frames; records how far the job was. */
  async function restartMidJob(
    jobId: string,
    proc: RunningProcess,
    afterFrames: number,
    log: { name: string; at: number; total: number; r: Restarted }[],
  ) {
    const job = await waitFor(jobId, (j) => j.framesDone + j.framesFailed >= afterFrames || !["QUEUED", "RUNNING"].includes(j.status));
    const r = await sys.stack.restart(proc);
    log.push({ name: proc.name, at: job.framesDone + job.framesFailed, total: job.framesTotal, r });
    return r.replacement;
  }

  function assertGraceful(log: { name: string; at: number; total: number; r: Restarted }[]) {
    for (const { name, at, total, r } of log) {
      assert.equal(r.exitCode, 0, `${name} exited cleanly on SIGTERM (not killed), after ${r.stoppedInMs} ms`);
      assert.ok(r.stoppedInMs < SHUTDOWN_GRACE_MS, `${name} stopped within the grace period (${r.stoppedInMs} ms)`);
      assert.ok(at < total, `${name} was restarted mid-job (${at} of ${total} frames settled)`);
    }
  }

  it("restarts every worker one by one mid-job: COMPLETED, each frame's results exactly once", async () => {
    // Reference: one run without restarts gives each image's result count.
    const refTask = await createTask(docs);
    const ref = await start(refTask);
    assert.equal((await waitFor(ref.id)).status, "COMPLETED");
    const refCounts = await annotationsPerFrame(refTask);
    const perImage = docs.map((_, i) => refCounts.get(i) ?? 0);
    assert.ok(
      perImage.every((n) => n > 0),
      `every sample has text: ${perImage.join(",")}`,
    );

    const frames = Array.from({ length: 40 }, () => docs).flat();
    const taskId = await createTask(frames);
    const job = await start(taskId);
    const log: { name: string; at: number; total: number; r: Restarted }[] = [];
    const workers = sys.stack.processes.filter((p) => p.name.startsWith("inference-worker"));
    assert.equal(workers.length, 2);
    await restartMidJob(job.id, workers[0], 5, log);
    await restartMidJob(job.id, workers[1], log[0].at + 5, log);

    const done = await waitFor(job.id);
    assertGraceful(log);
    assert.equal(done.status, "COMPLETED", JSON.stringify(done.failures));
    assert.equal(done.framesDone, frames.length);
    assert.equal(done.framesFailed, 0);
    const counts = await annotationsPerFrame(taskId);
    frames.forEach((_, f) => assert.equal(counts.get(f) ?? 0, perImage[f % docs.length], `frame ${f}: results landed exactly once`));
  });

  it("restarts annotation-job and the task service mid-job: COMPLETED, each frame's results exactly once", async () => {
    const refCounts = await annotationsPerFrame(
      await (async () => {
        const t = await createTask(docs);
        const r = await start(t);
        await waitFor(r.id, (j) => j.status === "COMPLETED");
        return t;
      })(),
    );
    const frames = Array.from({ length: 40 }, () => docs).flat();
    const taskId = await createTask(frames);
    const job = await start(taskId);
    const log: { name: string; at: number; total: number; r: Restarted }[] = [];
    const byName = (n: string) => sys.stack.processes.find((p) => p.name === n)!;
    // A progress subscription open through the gateway while annotation-job restarts. Its first event (the job's
    // state when it opened) proves it is open upstream, on the process about to be stopped, before the SIGTERM.
    const progress = sys.client.subscribe(PROGRESS, { jobId: job.id });
    const first = await progress.next();
    assert.equal(first.value?.data?.autoAnnotationProgress?.id, job.id, JSON.stringify(first.value));
    const seen: any[] = [first.value];
    const watching = (async () => {
      try {
        for await (const ev of progress) seen.push(ev);
        return "completed";
      } catch (err) {
        return `threw ${String((err as Error)?.message ?? JSON.stringify(err))}`;
      }
    })();
    const annotationJob = byName("annotation-job");
    await restartMidJob(job.id, annotationJob, 5, log);
    // Defined behaviour (not a race with the replacement): on SIGTERM annotation-job sends the subscription a last
    // event with SERVICE_UNAVAILABLE and completes it before closing its sockets, and the gateway never re-subscribes
    // upstream, so by the time the old process has exited the subscription has ended (the deadline only turns a hang
    // into a clear failure).
    const ended = await Promise.race([
      watching,
      annotationJob.exited.then(() => sleep(60_000, undefined, { ref: false })).then(() => "still open 60 s after annotation-job exited"),
    ]);
    assert.equal(ended, "completed", JSON.stringify(seen.slice(-3)));
    assert.ok(seen.length >= 2, `the state before the restart, then the end: ${JSON.stringify(seen)}`);
    for (const ev of seen.slice(0, -1)) {
      assert.equal(ev.errors, undefined, JSON.stringify(ev.errors));
      assert.equal(ev.data?.autoAnnotationProgress?.id, job.id);
    }
    assert.deepEqual(
      seen.at(-1).errors?.map((e: any) => e.extensions?.code),
      ["SERVICE_UNAVAILABLE"],
      JSON.stringify(seen.at(-1)),
    );
    assert.match(
      seen.at(-1).errors[0].message,
      /annotation-job service is shutting down/,
      "ended by annotation-job's own shutdown, not by a cut socket",
    );
    // Resubscribing gets the job's current state at once from the replacement (the subscription starts with it), so
    // a client loses nothing by reconnecting.
    for await (const ev of sys.client.subscribe(PROGRESS, { jobId: job.id })) {
      assert.equal(ev.errors, undefined, JSON.stringify(ev.errors));
      const state = ev.data!.autoAnnotationProgress;
      assert.ok(state.framesDone + state.framesFailed >= log[0].at, "the current state, not a stale one");
      break;
    }
    await restartMidJob(job.id, byName("task"), log[0].at + 5, log);

    const done = await waitFor(job.id);
    assertGraceful(log);
    assert.equal(done.status, "COMPLETED", JSON.stringify(done.failures));
    assert.equal(done.framesDone, frames.length);
    const counts = await annotationsPerFrame(taskId);
    frames.forEach((_, f) =>
      assert.equal(counts.get(f) ?? 0, refCounts.get(f % docs.length) ?? 0, `frame ${f}: results landed exactly once`),
    );
  });
});
