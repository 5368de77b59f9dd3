// evaluateModel over FRAMES frames (the six face-api group photos repeated, each with its hand-made person boxes
// imported as manual annotations) against a job over the same frames on the same stack in the same run: the job's
// start mutation → COMPLETED (committed) is the baseline; the evaluation's evaluateModel → COMPLETED (metrics stored).
// Order: evaluation, job, evaluation (the two evaluations' spread is the noise; the job's AUTO results do not change
// an evaluation, which compares MANUAL annotations only).
// Run: npm run bench:evaluate -w @prelabel/bench  (FRAMES=500 WORKERS=1 MODEL=coco-object-detection)
import { mkdtempSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createTestDatabase, createTestNats, facePhotosDir, GraphQLTestClient, REPO_ROOT, startStack } from "@prelabel/testing";
import { loadAverage } from "./process-cpu.meter.js";

const FRAMES = Number(process.env.FRAMES ?? 500);
const WORKERS = Number(process.env.WORKERS ?? 1);
const MODEL = process.env.MODEL ?? "coco-object-detection";
/** Files per addFrames call (the photos are 0.2–0.6 MB; the upload limit is per request). */
const UPLOAD_BATCH = 40;

interface EvaluationResult {
  status: string;
  framesTotal: number;
  framesDone: number;
  framesFailed: number;
  failureCode: string | null;
  labels: {
    taskLabel: string;
    groundTruthCount: number;
    detectionCount: number;
    precision: number | null;
    recall: number | null;
    ap50: number | null;
    ap: number | null;
    bestF1Threshold: number | null;
    bestF1: number | null;
  }[];
}

interface GroundTruth {
  images: { file: string; width: number; height: number; persons: { box: number[] }[] }[];
}

async function main() {
  const gt = JSON.parse(
    readFileSync(join(REPO_ROOT, "services", "inference-worker", "test", "fixtures", "face-api-samples", "ground-truth.json"), "utf8"),
  ) as GroundTruth;
  const photos = gt.images.map((i) => readFileSync(join(facePhotosDir(), i.file)));
  // Frame n is photo n mod 6, under its own name (an import matches frames by name).
  const frames = Array.from({ length: FRAMES }, (_, n) => ({
    name: `f${String(n).padStart(5, "0")}-${gt.images[n % gt.images.length].file}`,
    bytes: photos[n % photos.length],
    type: "image/jpeg",
    image: gt.images[n % gt.images.length],
  }));
  const persons = frames.reduce((s, f) => s + f.image.persons.length, 0);
  console.log(
    `cores: ${availableParallelism()}; load average at start ${loadAverage()}; ${FRAMES} frames, ${persons} hand-made person boxes`,
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
    const { createTask: task } = await client.must<{ createTask: { id: string } }>(
      `mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`,
      { i: { name: "evaluation bench", labels: [{ name: "person", type: "RECTANGLE" }] } },
    );
    for (let i = 0; i < frames.length; i += UPLOAD_BATCH) {
      const batch = frames.slice(i, i + UPLOAD_BATCH).map(({ name, bytes, type }) => ({ name, bytes, type }));
      const up = await client.upload(
        `mutation($t: ID!, $files: [Upload!]!) { addFrames(taskId: $t, files: $files) { size } }`,
        { t: task.id },
        "files",
        batch,
      );
      if (up.errors) throw new Error(JSON.stringify(up.errors));
    }
    let id = 1;
    const coco = {
      images: frames.map((f, n) => ({ id: n + 1, file_name: f.name, width: f.image.width, height: f.image.height })),
      categories: [{ id: 1, name: "person" }],
      annotations: frames.flatMap((f, n) =>
        f.image.persons.map(({ box: [x1, y1, x2, y2] }) => ({
          id: id++,
          image_id: n + 1,
          category_id: 1,
          bbox: [x1, y1, x2 - x1, y2 - y1],
        })),
      ),
    };
    const imported = await client.uploadFile(
      `mutation($t: ID!, $file: Upload!) { importAnnotations(taskId: $t, file: $file, format: COCO_INSTANCES) { imported } }`,
      { t: task.id },
      "file",
      { name: "gt.json", type: "application/json", bytes: Buffer.from(JSON.stringify(coco)) },
    );
    if (imported.errors) throw new Error(JSON.stringify(imported.errors));
    const mapping = [{ modelLabel: "person", taskLabel: "person" }];

    const evaluation = async (): Promise<{ seconds: number; result: EvaluationResult }> => {
      const t0 = performance.now();
      const { evaluateModel: started } = await client.must<{ evaluateModel: { id: string } }>(
        `mutation($i: EvaluateModelInput!) { evaluateModel(input: $i) { id } }`,
        { i: { taskId: task.id, modelId: MODEL, mapping } },
      );
      for (;;) {
        const { evaluation: e } = await client.must<{ evaluation: EvaluationResult }>(
          `query($id: ID!) { evaluation(id: $id) { status framesTotal framesDone framesFailed failureCode
             labels { taskLabel groundTruthCount detectionCount precision recall ap50 ap bestF1Threshold bestF1 } } }`,
          { id: started.id },
        );
        if (e.status === "COMPLETED") return { seconds: (performance.now() - t0) / 1000, result: e };
        if (e.status !== "RUNNING") throw new Error(`evaluation ended ${e.status}: ${JSON.stringify(e)}`);
        await sleep(100);
      }
    };
    const job = async (): Promise<number> => {
      const t0 = performance.now();
      const { startAutoAnnotation: started } = await client.must<{ startAutoAnnotation: { id: string } }>(
        `mutation($i: StartAutoAnnotationInput!) { startAutoAnnotation(input: $i) { id } }`,
        { i: { taskId: task.id, modelId: MODEL, mapping } },
      );
      let status = "";
      for await (const ev of client.subscribe<{ autoAnnotationProgress: { status: string } }>(
        `subscription($j: ID!) { autoAnnotationProgress(jobId: $j) { status } }`,
        { j: started.id },
      )) {
        if (ev.errors) throw new Error(JSON.stringify(ev.errors));
        status = ev.data!.autoAnnotationProgress.status;
      }
      if (status !== "COMPLETED") throw new Error(`job ${started.id} ended ${status}`);
      return (performance.now() - t0) / 1000;
    };

    const first = await evaluation();
    const jobSeconds = await job();
    const second = await evaluation();
    const fps = (s: number) => (FRAMES / s).toFixed(2);
    console.log(`model ${MODEL}; workers ${WORKERS}; load average ${loadAverage()}`);
    console.log(
      `evaluation (1st)  ${first.seconds.toFixed(2)} s (${fps(first.seconds)} frames/s); frames failed ${first.result.framesFailed}`,
    );
    console.log(`job (baseline)    ${jobSeconds.toFixed(2)} s (${fps(jobSeconds)} frames/s)`);
    console.log(
      `evaluation (2nd)  ${second.seconds.toFixed(2)} s (${fps(second.seconds)} frames/s); frames failed ${second.result.framesFailed}`,
    );
    const mean = (first.seconds + second.seconds) / 2;
    console.log(
      `ratio evaluation/job time: ${(mean / jobSeconds).toFixed(3)} (spread of the two evaluations ${((Math.abs(first.seconds - second.seconds) / mean) * 100).toFixed(1)}%)`,
    );
    for (const l of second.result.labels)
      console.log(
        `  ${l.taskLabel}: GT ${l.groundTruthCount}, detections ${l.detectionCount}, precision ${l.precision?.toFixed(3)}, recall ${l.recall?.toFixed(3)}, AP50 ${l.ap50?.toFixed(3)}, AP ${l.ap?.toFixed(3)}, best-F1 threshold ${l.bestF1Threshold?.toFixed(3)}`,
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
