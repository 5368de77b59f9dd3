import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { modelTaskLabels, movingFacesScene, type GraphQLTestClient } from "@prelabel/testing";
import { locateFfmpeg } from "@prelabel/video";
import { renderPreview, type PreviewAnnotation } from "./preview.renderer.js";
import { renderTrackFrame, writeGif, type PreviewTrack } from "./track-preview.renderer.js";

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
  /** Detections linked into tracks across frames (video tasks). */
  tracking?: boolean;
}

interface DemoScenario {
  name: string;
  dir: string;
  /** Which files of `dir` are frames. */
  files: RegExp;
  labels: unknown[];
  runs: DemoRun[];
}

/**
 * The demo: text on documents; faces with attributes, COCO objects and poses on photos of people; faces tracked
 * across a video (libs/testing's moving-faces scene, encoded here), previewed as an animated GIF with track ids.
 */
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
  summary.push(await runVideoScenario(client, face, join(outDir, "video")));
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
    {
      input: {
        taskId,
        modelId: run.model,
        convertMasksToPolygons: true,
        ...(run.mapping ? { mapping: run.mapping } : {}),
        ...(run.tracking ? { tracking: { enabled: true } } : {}),
      },
    },
  );
  console.log(`job ${job.id}: ${run.model} at threshold ${job.threshold}${run.tracking ? ", tracking on" : ""}`);
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

/**
 * The video scenario: the moving-faces scene (five faces crossing, hiding one another, leaving and coming back)
 * as an H.264 MP4 uploaded with addVideo, faces detected with tracking on, then the task's own frames (as the
 * API serves them) with each track's interpolated box and id drawn: tracks.gif, and as a PNG the frame where the
 * most tracks carry an object through a missed detection (interpolated, dashed), then the most tracks (the README's picture).
 */
async function runVideoScenario(client: GraphQLTestClient, face: unknown, outDir: string) {
  mkdirSync(outDir, { recursive: true });
  const binaries = locateFfmpeg({ searchPath: process.env.PATH });
  const scene = await movingFacesScene();
  const videoFile = join(outDir, "moving-faces.mp4");
  await scene.writeVideo(binaries, videoFile);
  const { createTask: task } = await client.must<{ createTask: { id: string; name: string } }>(
    `mutation($input: CreateTaskInput!) { createTask(input: $input) { id name } }`,
    { input: { name: "demo: video", labels: [face] } },
  );
  const up = await client.uploadFile(
    `mutation($taskId: ID!, $file: Upload!) { addVideo(taskId: $taskId, file: $file) { size } }`,
    { taskId: task.id },
    "file",
    { name: "moving-faces.mp4", bytes: readFileSync(videoFile), type: "video/mp4" },
  );
  if (up.errors) throw new Error(`video upload failed: ${JSON.stringify(up.errors)}`);
  console.log(`\ntask "${task.name}" (${task.id}): ${scene.frameCount} frames from ${videoFile}`);
  const jobs = [await runJob(client, task.id, { model: "face-detection-with-attributes", tracking: true })];

  const tracks = (await allTracks(client, task.id)).sort((a, b) => a.startFrame - b.startFrame);
  const preview: PreviewTrack[] = tracks.map((t, i) => ({ caption: `#${i + 1}`, label: t.label, shapes: t.shapes }));
  const visibleAt = (frame: number) => preview.filter((t) => t.shapes.some((s) => s.frame === frame && !s.outside)).length;
  const interpolatedAt = (frame: number) =>
    preview.filter((t) => t.shapes.some((s) => s.frame === frame && !s.outside && !s.keyframe)).length;
  // The still: a frame where tracks carry objects through missed detections (interpolated boxes), with the most tracks.
  const stillScore = (frame: number) => 100 * interpolatedAt(frame) + visibleAt(frame);
  const still = [...Array(scene.frameCount).keys()].reduce((best, f) => (stillScore(f) > stillScore(best) ? f : best), 0);
  const images = await frameImages(client, task.id, scene.frameCount);
  async function* drawn(): AsyncGenerator<Buffer> {
    for (const [frame, image] of images.entries()) {
      const { rgb, width, height } = await renderTrackFrame(image, frame, preview);
      if (frame === still)
        await sharp(rgb, { raw: { width, height, channels: 3 } })
          .png()
          .toFile(join(outDir, "tracks-frame.png"));
      yield rgb;
    }
  }
  await writeGif(
    binaries.ffmpeg,
    join(outDir, "tracks.gif"),
    { width: scene.width, height: scene.height, fps: scene.fps, outWidth: 480 },
    drawn(),
  );
  console.log(`${tracks.length} tracks; preview ${join(outDir, "tracks.gif")}, frame ${still} in ${join(outDir, "tracks-frame.png")}`);
  return {
    scenario: "video",
    taskId: task.id,
    jobs,
    annotations: 0,
    tracks: tracks.length,
    stillFrame: still,
    perFrame: images.map((_, frame) => ({
      frame,
      name: `frame ${frame}`,
      byLabel: visibleAt(frame) ? { [tracks[0].label.name]: visibleAt(frame) } : {},
    })),
  };
}

interface TrackPage {
  tracks: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { startFrame: number; label: { name: string }; shapes: PreviewTrack["shapes"] } }[];
  };
}

/** Every track of a task with one shape per frame it is visible (interpolated between keyframes). */
async function allTracks(client: GraphQLTestClient, taskId: string) {
  const all: TrackPage["tracks"]["edges"][number]["node"][] = [];
  let after: string | null = null;
  for (;;) {
    const { task }: { task: TrackPage } = await client.must(
      `query($id: ID!, $after: String) { task(id: $id) { tracks(first: 100, after: $after) {
          pageInfo { hasNextPage endCursor }
          edges { node { startFrame label { name } shapes(interpolated: true) { frame points keyframe outside } } } } } }`,
      { id: taskId, after },
    );
    all.push(...task.tracks.edges.map((e) => e.node));
    if (!task.tracks.pageInfo.hasNextPage) return all;
    after = task.tracks.pageInfo.endCursor;
  }
}

/** The task's frames as the API serves them (full size), 100 per request (the API's limit of images per operation). */
async function frameImages(client: GraphQLTestClient, taskId: string, count: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  let after: string | null = null;
  while (out.length < count) {
    const {
      task,
    }: { task: { frames: { pageInfo: { endCursor: string | null }; edges: { node: { image: { dataUrl: string } | null } }[] } } } =
      await client.must(
        `query($id: ID!, $after: String) { task(id: $id) { frames(first: 100, after: $after) {
            pageInfo { endCursor } edges { node { image(maxSize: 2048) { dataUrl } } } } } }`,
        { id: taskId, after },
      );
    if (!task.frames.edges.length) break;
    for (const { node } of task.frames.edges) {
      if (!node.image) throw new Error(`frame ${out.length} of task ${taskId} has no image`);
      out.push(Buffer.from(node.image.dataUrl.slice(node.image.dataUrl.indexOf(",") + 1), "base64"));
    }
    after = task.frames.pageInfo.endCursor;
  }
  return out;
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
