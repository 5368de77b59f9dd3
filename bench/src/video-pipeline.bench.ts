// A video task against the same frames uploaded as images, end to end on one stack with one model: the import
// (upload → task has its frames) and the job (start mutation → COMPLETED, committed) in frames/s, the video's with
// tracking off and on. The frames are libs/testing's moving-faces scene; the images are its frames as JPEGs.
// Run: npm run bench:video-pipeline -w @prelabel/bench  (FRAMES=75 WORKERS=1 MODEL=face-detection-with-attributes)
import { mkdtempSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { createTestDatabase, createTestNats, GraphQLTestClient, movingFacesScene, startStack } from "@prelabel/testing";
import { locateFfmpeg } from "@prelabel/video";
import { loadAverage } from "./process-cpu.meter.js";

const FRAMES = Number(process.env.FRAMES ?? 75);
const WORKERS = Number(process.env.WORKERS ?? 1);
const MODEL = process.env.MODEL ?? "face-detection-with-attributes";
/** The task label the model's `face` maps to (any other model: set MAPPING=modelLabel:taskLabel). */
const [MODEL_LABEL, TASK_LABEL] = (process.env.MAPPING ?? "face:face").split(":") as [string, string];

interface Run {
  name: string;
  importSeconds: number;
  jobSeconds: number;
}

async function main() {
  const binaries = locateFfmpeg({ searchPath: process.env.PATH });
  const scene = await movingFacesScene({ frameCount: FRAMES });
  const dir = mkdtempSync(join(tmpdir(), "video-bench-"));
  await scene.writeVideo(binaries, join(dir, "scene.mp4"));
  const video = readFileSync(join(dir, "scene.mp4"));
  // The images: the same rendered frames as JPEG (quality 90, about what the video import stores per frame).
  const images = await Promise.all(
    [...scene.frames()].map(async (raw, i) => ({
      name: `f${String(i).padStart(5, "0")}.jpg`,
      bytes: await sharp(raw, { raw: { width: scene.width, height: scene.height, channels: 3 } })
        .jpeg({ quality: 90 })
        .toBuffer(),
      type: "image/jpeg",
    })),
  );
  console.log(
    `cores: ${availableParallelism()}; load average at start ${loadAverage()}; ${FRAMES} frames ${scene.width}×${scene.height}; ` +
      `video ${(video.length / 1024).toFixed(0)} KiB H.264, images ${(images.reduce((s, f) => s + f.bytes.length, 0) / 1024).toFixed(0)} KiB JPEG`,
  );

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
    const newTask = async (name: string) =>
      (
        await client.must<{ createTask: { id: string } }>(`mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`, {
          i: { name, labels: [{ name: TASK_LABEL, type: "RECTANGLE" }] },
        })
      ).createTask.id;

    const runJob = async (taskId: string, tracking: boolean): Promise<number> => {
      const started = performance.now();
      const { startAutoAnnotation: job } = await client.must<{ startAutoAnnotation: { id: string } }>(
        `mutation($i: StartAutoAnnotationInput!) { startAutoAnnotation(input: $i) { id } }`,
        {
          i: {
            taskId,
            modelId: MODEL,
            mapping: [{ modelLabel: MODEL_LABEL, taskLabel: TASK_LABEL }],
            ...(tracking ? { tracking: { enabled: true } } : {}),
          },
        },
      );
      let status = "";
      for await (const ev of client.subscribe<{ autoAnnotationProgress: { status: string } }>(
        `subscription($j: ID!) { autoAnnotationProgress(jobId: $j) { status } }`,
        { j: job.id },
      )) {
        if (ev.errors) throw new Error(JSON.stringify(ev.errors));
        status = ev.data!.autoAnnotationProgress.status;
      }
      if (status !== "COMPLETED") throw new Error(`job ${job.id} ended ${status}`);
      return (performance.now() - started) / 1000;
    };

    const imageRun = async (name: string): Promise<Run> => {
      const taskId = await newTask(name);
      const t0 = performance.now();
      const up = await client.upload(
        `mutation($t: ID!, $files: [Upload!]!) { addFrames(taskId: $t, files: $files) { size } }`,
        { t: taskId },
        "files",
        images,
      );
      if (up.errors) throw new Error(JSON.stringify(up.errors));
      const importSeconds = (performance.now() - t0) / 1000;
      return { name, importSeconds, jobSeconds: await runJob(taskId, false) };
    };
    const videoRun = async (name: string, tracking: boolean): Promise<Run> => {
      const taskId = await newTask(name);
      const t0 = performance.now();
      const up = await client.uploadFile(
        `mutation($t: ID!, $file: Upload!) { addVideo(taskId: $t, file: $file) { size } }`,
        { t: taskId },
        "file",
        {
          name: "scene.mp4",
          bytes: video,
          type: "video/mp4",
        },
      );
      if (up.errors) throw new Error(JSON.stringify(up.errors));
      const importSeconds = (performance.now() - t0) / 1000;
      return { name, importSeconds, jobSeconds: await runJob(taskId, tracking) };
    };

    // Images before and after the video runs: their mean is the baseline, their spread the noise.
    const runs = [
      await imageRun("images (before)"),
      await videoRun("video, tracking off", false),
      await videoRun("video, tracking on", true),
      await imageRun("images (after)"),
    ];
    const fps = (seconds: number) => FRAMES / seconds;
    console.log(`model ${MODEL}; workers ${WORKERS}; load average ${loadAverage()}`);
    for (const r of runs)
      console.log(
        `${r.name.padEnd(22)} import ${r.importSeconds.toFixed(2)} s (${fps(r.importSeconds).toFixed(1)} frames/s); job ${r.jobSeconds.toFixed(2)} s (${fps(r.jobSeconds).toFixed(2)} frames/s)`,
      );
    const imageFps = (fps(runs[0].jobSeconds) + fps(runs[3].jobSeconds)) / 2;
    console.log(
      `ratio video/images, job frames/s: tracking off ${(fps(runs[1].jobSeconds) / imageFps).toFixed(3)}, tracking on ${(fps(runs[2].jobSeconds) / imageFps).toFixed(3)}; ` +
        `import time video/images ${(runs[1].importSeconds / runs[0].importSeconds).toFixed(3)} (the first import of each: a second finds its JPEG frames already stored, content-addressed)`,
    );
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
