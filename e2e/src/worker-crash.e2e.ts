import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { allAnnotations } from "./support/jobs.js";
import { ADD_FRAMES, CREATE_TASK, JOB, PROGRESS, START } from "./support/operations.js";
import { sampleDocuments, startSystem, type System } from "./support/system.js";

describe("a worker killed mid-job loses nothing", () => {
  let sys: System;
  const docs = sampleDocuments();

  before(async () => {
    sys = await startSystem({ workers: 2 });
  });
  after(async () => {
    await sys?.stop();
  });

  async function run(frames: typeof docs, onProgress?: (p: any) => Promise<void>) {
    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: { name: "crash", labels: [{ name: "text", type: "POLYGON" }] },
    });
    const up = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", frames);
    assert.equal(up.errors, undefined, JSON.stringify(up.errors));
    const { startAutoAnnotation: job } = await sys.client.must(START, {
      input: { taskId: task.id, modelId: "text-detection", convertMasksToPolygons: true },
    });
    for await (const ev of sys.client.subscribe(PROGRESS, { jobId: job.id })) {
      assert.equal(ev.errors, undefined, JSON.stringify(ev.errors));
      await onProgress?.(ev.data!.autoAnnotationProgress);
    }
    const { autoAnnotationJob } = await sys.client.must(JOB, { id: job.id });
    const anns = await allAnnotations(sys.client, task.id);
    return { job: autoAnnotationJob, anns };
  }

  it("redelivers the killed worker's frames and lands every frame's results exactly once", async () => {
    // A reference run on the same images gives each image's expected result count.
    const reference = await run(docs);
    assert.equal(reference.job.status, "COMPLETED");
    const perImage = docs.map((_, i) => reference.anns.filter((a) => a.frame === i).length);
    assert.ok(perImage.every((n) => n > 0));

    const frames = Array.from({ length: 8 }, () => docs).flat();
    const victim = sys.stack.processes.find((p) => p.name.startsWith("inference-worker"))!;
    let killed = false;
    const crashed = await run(frames, async (p) => {
      if (!killed && p.framesDone >= 3) {
        killed = true;
        victim.child.kill("SIGKILL");
      }
    });
    assert.ok(killed, "a worker was killed mid-job");
    assert.equal(crashed.job.status, "COMPLETED");
    assert.equal(crashed.job.framesDone, frames.length);
    assert.equal(crashed.job.framesFailed, 0);
    frames.forEach((_, f) => {
      const got = crashed.anns.filter((a) => a.frame === f).length;
      assert.equal(got, perImage[f % docs.length], `frame ${f}: results landed exactly once`);
    });
  });
});
