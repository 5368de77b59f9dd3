import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { modelTaskLabels, type GraphQLTestClient } from "@prelabel/testing";
import { renderPreview, type PreviewAnnotation } from "./preview.renderer.js";

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

export interface DemoSources {
  /** Generated text documents (samples/documents). */
  documents: string;
  /** Photos of groups of people (face-api's demo photos). */
  people: string;
}

interface DemoRun {
  model: string;
  mapping?: { modelLabel: string; taskLabel: string }[];
}

interface DemoScenario {
  name: string;
  dir: string;
  /** Which files of `dir` are frames. */
  files: RegExp;
  labels: unknown[];
  runs: DemoRun[];
}

/** The demo: text on documents; faces with attributes, COCO objects and poses on photos of people. */
export async function runDemo(client: GraphQLTestClient, sources: DemoSources, outDir: string): Promise<void> {
  // The models' own labels: the face with its attributes, the person skeleton (renamed pose) with its keypoints.
  const [face] = await modelTaskLabels(client, "face-detection-with-attributes");
  const [skeleton] = await modelTaskLabels(client, "person-pose");
  const scenarios: DemoScenario[] = [
    {
      name: "documents",
      dir: sources.documents,
      files: /\.(jpe?g|png)$/i,
      labels: [{ name: "text", type: "POLYGON" }],
      runs: [{ model: "text-detection" }],
    },
    {
      name: "people",
      dir: sources.people,
      files: /^sample\d+\.jpg$/,
      labels: [
        face,
        { name: "person", type: "RECTANGLE" },
        { name: "tie", type: "RECTANGLE" },
        { name: "cup", type: "RECTANGLE" },
        { name: "chair", type: "RECTANGLE" },
        { ...skeleton, name: "pose" },
      ],
      runs: [
        { model: "face-detection-with-attributes" },
        { model: "coco-object-detection" },
        { model: "person-pose", mapping: [{ modelLabel: "person", taskLabel: "pose" }] },
      ],
    },
  ];
  const summary = [];
  for (const scenario of scenarios) summary.push(await runScenario(client, scenario, join(outDir, scenario.name)));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`summary and previews in ${outDir}`);
}

async function runScenario(client: GraphQLTestClient, scenario: DemoScenario, outDir: string) {
  const files = readdirSync(scenario.dir)
    .filter((f) => scenario.files.test(f))
    .sort();
  const { createTask: task } = await client.must<{ createTask: { id: string; name: string } }>(
    `mutation($input: CreateTaskInput!) { createTask(input: $input) { id name } }`,
    { input: { name: `demo: ${scenario.name}`, labels: scenario.labels } },
  );
  const up = await client.upload(
    `mutation($taskId: ID!, $files: [Upload!]!) { addFrames(taskId: $taskId, files: $files) { size } }`,
    { taskId: task.id },
    "files",
    files.map((name) => ({
      name,
      bytes: readFileSync(join(scenario.dir, name)),
      type: name.endsWith(".png") ? "image/png" : "image/jpeg",
    })),
  );
  if (up.errors) throw new Error(`upload failed: ${JSON.stringify(up.errors)}`);
  console.log(`\ntask "${task.name}" (${task.id}): ${files.length} frames from ${scenario.dir}`);

  const jobs = [];
  for (const run of scenario.runs) jobs.push(await runJob(client, task.id, run));

  const annotations = await allAnnotations(client, task.id);
  mkdirSync(outDir, { recursive: true });
  const perFrame = [];
  for (const [frame, name] of files.entries()) {
    const own = annotations.filter((a) => a.frame === frame);
    const preview = await renderPreview(sharp(readFileSync(join(scenario.dir, name))), own);
    await preview.png().toFile(join(outDir, name.replace(/\.\w+$/, ".preview.png")));
    perFrame.push({ frame, name, byLabel: countBy(own.map((a) => a.label.name)) });
  }
  console.log(`${annotations.length} annotations; previews in ${outDir}`);
  return { scenario: scenario.name, taskId: task.id, jobs, annotations: annotations.length, perFrame };
}

async function runJob(client: GraphQLTestClient, taskId: string, run: DemoRun) {
  const { startAutoAnnotation: job } = await client.must<{ startAutoAnnotation: { id: string; framesTotal: number; threshold: number } }>(
    `mutation($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { id framesTotal threshold } }`,
    { input: { taskId, modelId: run.model, convertMasksToPolygons: true, ...(run.mapping ? { mapping: run.mapping } : {}) } },
  );
  console.log(`job ${job.id}: ${run.model} at threshold ${job.threshold}`);
  let last: JobProgress | undefined;
  const started = performance.now();
  for await (const ev of client.subscribe<{ autoAnnotationProgress: JobProgress }>(
    `subscription($jobId: ID!) { autoAnnotationProgress(jobId: $jobId) { status framesTotal framesDone framesFailed fps etaSeconds } }`,
    { jobId: job.id },
  )) {
    if (ev.errors) throw new Error(JSON.stringify(ev.errors));
    last = ev.data!.autoAnnotationProgress;
    process.stdout.write(`\r${bar(last.framesDone, last.framesFailed, last.framesTotal, last.fps, last.etaSeconds)} ${last.status}   `);
    if (TERMINAL.has(last.status)) break;
  }
  process.stdout.write("\n");
  return {
    jobId: job.id,
    model: run.model,
    threshold: job.threshold,
    status: last?.status,
    framesDone: last?.framesDone,
    framesFailed: last?.framesFailed,
    seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
  };
}

interface JobProgress {
  status: string;
  framesTotal: number;
  framesDone: number;
  framesFailed: number;
  fps: number | null;
  etaSeconds: number | null;
}

interface AnnotationPage {
  annotations: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: PreviewAnnotation & { frame: number } }[] };
}

/** Every annotation of a task, page by page (the API caps a page at 500). */
async function allAnnotations(client: GraphQLTestClient, taskId: string): Promise<(PreviewAnnotation & { frame: number })[]> {
  const all: (PreviewAnnotation & { frame: number })[] = [];
  let after: string | null = null;
  for (;;) {
    const { task }: { task: AnnotationPage } = await client.must(
      `query($id: ID!, $after: String) { task(id: $id) { annotations(first: 500, after: $after) {
          pageInfo { hasNextPage endCursor }
          edges { node {
            frame type points score label { name } attributes { name value }
            elements { label { name } points score occluded outside } } } } } }`,
      { id: taskId, after },
    );
    all.push(...task.annotations.edges.map((e) => e.node));
    if (!task.annotations.pageInfo.hasNextPage) return all;
    after = task.annotations.pageInfo.endCursor;
  }
}

function bar(done: number, failed: number, total: number, fps: number | null, eta: number | null): string {
  const width = 30;
  const filled = Math.round(((done + failed) / Math.max(1, total)) * width);
  const rate = fps ? `${fps.toFixed(1)} fps` : "… fps";
  const left = eta != null ? `ETA ${eta.toFixed(1)} s` : "ETA …";
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done + failed}/${total} (${failed} failed) ${rate} ${left}`;
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
