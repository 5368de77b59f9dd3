// previewAutoAnnotation's latency for 4 frames through the gateway, against a 4-frame job on the same frames in the
// same run (start mutation → COMPLETED: what a user waited for before previews existed), then previews again while a
// long job keeps the worker busy (a preview goes to the workers over request/reply, not behind the job's queued frames).
// Run: npm run bench:preview -w @prelabel/bench  (ROUNDS=20 JOBS=5 BUSY_FRAMES=48 WORKERS=1 MODEL=face-detection-with-attributes)
import { mkdtempSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, createTestNats, facePhotosDir, GraphQLTestClient, startStack } from "@prelabel/testing";
import { loadAverage } from "./process-cpu.meter.js";

const ROUNDS = Number(process.env.ROUNDS ?? 20);
const JOBS = Number(process.env.JOBS ?? 5);
const BUSY_FRAMES = Number(process.env.BUSY_FRAMES ?? 48);
const WORKERS = Number(process.env.WORKERS ?? 1);
const MODEL = process.env.MODEL ?? "face-detection-with-attributes";
const PHOTOS = ["sample1.jpg", "sample2.jpg", "sample3.jpg", "sample4.jpg"];

const PREVIEW = `mutation($i: StartAutoAnnotationInput!, $f: [Int!]!) {
  previewAutoAnnotation(input: $i, frames: $f) { totalMs frames { totalMs inferenceMs decodeMs failure { code } shapes { score } } } }`;

interface PreviewReply {
  previewAutoAnnotation: {
    totalMs: number;
    frames: { totalMs: number; inferenceMs: number | null; decodeMs: number | null; failure: { code: string } | null; shapes: unknown[] }[];
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const ms = (v: number) => `${v.toFixed(0)} ms`;

async function main() {
  const photos = PHOTOS.map((name) => ({ name, bytes: readFileSync(join(facePhotosDir(), name)), type: "image/jpeg" }));
  console.log(`cores: ${availableParallelism()}; load average at start ${loadAverage()}; model ${MODEL}; workers ${WORKERS}`);
  const db = await createTestDatabase();
  const nats = await createTestNats();
  const stack = await startStack({
    databaseUrl: db.url,
    natsUrl: nats.url,
    natsNamespace: nats.namespace,
    workers: WORKERS,
    logDir: mkdtempSync(join(tmpdir(), "prelabel-bench-")),
  });
  const client = new GraphQLTestClient(stack.gatewayUrl);
  try {
    const newTask = async (name: string, files: typeof photos) => {
      const { createTask } = await client.must<{ createTask: { id: string } }>(
        `mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`,
        { i: { name, labels: [{ name: "face", type: "RECTANGLE" }] } },
      );
      const up = await client.upload(
        `mutation($t: ID!, $files: [Upload!]!) { addFrames(taskId: $t, files: $files) { size } }`,
        { t: createTask.id },
        "files",
        files,
      );
      if (up.errors) throw new Error(JSON.stringify(up.errors));
      return createTask.id;
    };
    const input = (taskId: string) => ({ taskId, modelId: MODEL, mapping: [{ modelLabel: "face", taskLabel: "face" }] });

    const preview = async (taskId: string) => {
      const t0 = performance.now();
      const { previewAutoAnnotation: p } = await client.must<PreviewReply>(PREVIEW, { i: input(taskId), f: [0, 1, 2, 3] });
      const wall = performance.now() - t0;
      const failed = p.frames.filter((f) => f.failure);
      if (failed.length) throw new Error(`preview frames failed: ${JSON.stringify(failed)}`);
      return {
        wall,
        server: p.totalMs,
        inference: mean(p.frames.map((f) => f.inferenceMs ?? 0)),
        shapes: p.frames.reduce((s, f) => s + f.shapes.length, 0),
      };
    };
    /** Starts a job; resolves to its completion: ms from the start mutation to COMPLETED. */
    const startJob = async (taskId: string): Promise<{ done: Promise<number> }> => {
      const t0 = performance.now();
      const { startAutoAnnotation: j } = await client.must<{ startAutoAnnotation: { id: string } }>(
        `mutation($i: StartAutoAnnotationInput!) { startAutoAnnotation(input: $i) { id } }`,
        { i: { ...input(taskId), cleanOldAnnotations: true } },
      );
      const done = (async () => {
        let status = "";
        for await (const ev of client.subscribe<{ autoAnnotationProgress: { status: string } }>(
          `subscription($j: ID!) { autoAnnotationProgress(jobId: $j) { status } }`,
          { j: j.id },
        )) {
          if (ev.errors) throw new Error(JSON.stringify(ev.errors));
          status = ev.data!.autoAnnotationProgress.status;
        }
        if (status !== "COMPLETED") throw new Error(`job ${j.id} ended ${status}`);
        return performance.now() - t0;
      })();
      return { done };
    };
    const job = async (taskId: string) => (await startJob(taskId)).done;

    const taskId = await newTask("preview bench", photos);
    // Warm-up: the model loads in the worker's runners once; neither figure below pays for it.
    await preview(taskId);
    await job(taskId);

    // Interleaved, so load drifts touch both alike.
    const previews: Awaited<ReturnType<typeof preview>>[] = [];
    const jobs: number[] = [];
    const perJob = Math.max(1, Math.floor(ROUNDS / JOBS));
    for (let i = 0; i < ROUNDS; i++) {
      previews.push(await preview(taskId));
      if ((i + 1) % perJob === 0 && jobs.length < JOBS) jobs.push(await job(taskId));
    }
    while (jobs.length < JOBS) jobs.push(await job(taskId));

    // Busy: a long job on another task occupies the worker; previews meanwhile.
    const busyFiles = Array.from({ length: BUSY_FRAMES }, (_, i) => ({ ...photos[i % photos.length], name: `busy-${i}.jpg` }));
    const busyTask = await newTask("busy", busyFiles);
    const busyJob = (await startJob(busyTask)).done;
    const busy: Awaited<ReturnType<typeof preview>>[] = [];
    let busyDone = false;
    void busyJob.then(() => (busyDone = true));
    while (!busyDone && busy.length < ROUNDS) busy.push(await preview(taskId));
    const busyJobMs = await busyJob;

    const walls = previews.map((p) => p.wall);
    console.log(
      `4-frame preview (${previews.length} calls, ${previews[0].shapes} faces each): wall p50 ${ms(percentile(walls, 50))}, p95 ${ms(percentile(walls, 95))}; ` +
        `server totalMs p50 ${ms(
          percentile(
            previews.map((p) => p.server),
            50,
          ),
        )}; worker inference per frame mean ${ms(mean(previews.map((p) => p.inference)))}`,
    );
    console.log(`4-frame job, start → COMPLETED (${jobs.length} jobs): p50 ${ms(percentile(jobs, 50))}, p95 ${ms(percentile(jobs, 95))}`);
    console.log(`ratio preview p50 / job p50: ${(percentile(walls, 50) / percentile(jobs, 50)).toFixed(3)}`);
    if (busy.length) {
      const bw = busy.map((p) => p.wall);
      console.log(
        `while a ${BUSY_FRAMES}-frame job ran (${ms(busyJobMs)} start → COMPLETED): ${busy.length} previews, wall p50 ${ms(percentile(bw, 50))}, p95 ${ms(percentile(bw, 95))}`,
      );
    }
    console.log(`load average at end ${loadAverage()}`);
  } finally {
    await client.close();
    await stack.stop();
    await nats.cleanup();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
