import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import type { GraphQLTestClient } from "@prelabel/testing";

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

function bar(done: number, failed: number, total: number, fps: number | null, eta: number | null): string {
  const width = 30;
  const filled = Math.round(((done + failed) / Math.max(1, total)) * width);
  const rate = fps ? `${fps.toFixed(1)} fps` : "… fps";
  const left = eta != null ? `ETA ${eta.toFixed(1)} s` : "ETA …";
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done + failed}/${total} (${failed} failed) ${rate} ${left}`;
}

/** Creates a task from the sample documents, runs text detection with a live progress bar, and writes a summary and previews. */
export async function runDemo(client: GraphQLTestClient, samplesDir: string, outDir: string): Promise<void> {
  const files = readdirSync(samplesDir).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
  const { createTask: task } = await client.must(
    `mutation($input: CreateTaskInput!) { createTask(input: $input) { id name } }`,
    { input: { name: "demo: sample documents", labels: [{ name: "text", type: "POLYGON" }] } },
  );
  const up = await client.upload(
    `mutation($taskId: ID!, $files: [Upload!]!) { addFrames(taskId: $taskId, files: $files) { size } }`,
    { taskId: task.id },
    "files",
    files.map((name) => ({ name, bytes: readFileSync(join(samplesDir, name)), type: "image/jpeg" })),
  );
  if (up.errors) throw new Error(`upload failed: ${JSON.stringify(up.errors)}`);
  console.log(`task ${task.id}: ${files.length} frames from ${samplesDir}`);

  const { startAutoAnnotation: job } = await client.must(
    `mutation($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { id framesTotal threshold } }`,
    { input: { taskId: task.id, modelId: "text-detection", convertMasksToPolygons: true } },
  );
  console.log(`job ${job.id}: text-detection at threshold ${job.threshold}`);
  let last: any;
  for await (const ev of client.subscribe(
    `subscription($jobId: ID!) { autoAnnotationProgress(jobId: $jobId) { status framesTotal framesDone framesFailed fps etaSeconds } }`,
    { jobId: job.id },
  )) {
    if (ev.errors) throw new Error(JSON.stringify(ev.errors));
    last = ev.data!.autoAnnotationProgress;
    process.stdout.write(`\r${bar(last.framesDone, last.framesFailed, last.framesTotal, last.fps, last.etaSeconds)} ${last.status}   `);
    if (TERMINAL.has(last.status)) break;
  }
  process.stdout.write("\n");

  const { task: done } = await client.must(
    `query($id: ID!) { task(id: $id) { annotations(first: 500) { totalCount edges { node { frame type points score label { name } } } } } }`,
    { id: task.id },
  );
  const anns = done.annotations.edges.map((e: any) => e.node);
  mkdirSync(outDir, { recursive: true });
  const perFrame = files.map((name, frame) => ({ frame, name, annotations: anns.filter((a: any) => a.frame === frame) }));
  for (const f of perFrame) {
    const image = sharp(readFileSync(join(samplesDir, f.name)));
    const { width, height } = await image.metadata();
    const shapes = f.annotations
      .map((a: any) => {
        const pts = [];
        for (let i = 0; i < a.points.length; i += 2) pts.push(`${a.points[i]},${a.points[i + 1]}`);
        const [x, y] = a.points;
        return `<polygon points="${pts.join(" ")}" fill="rgba(255,80,0,0.15)" stroke="#e33" stroke-width="2"/>` +
          `<text x="${x}" y="${Math.max(12, y - 4)}" font-size="12" font-family="sans-serif" fill="#e33">${a.label.name} ${a.score.toFixed(2)}</text>`;
      })
      .join("");
    const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${shapes}</svg>`);
    await image.composite([{ input: overlay }]).png().toFile(join(outDir, f.name.replace(/\.\w+$/, ".preview.png")));
  }
  const summary = {
    taskId: task.id,
    jobId: job.id,
    status: last?.status,
    framesTotal: last?.framesTotal,
    framesDone: last?.framesDone,
    framesFailed: last?.framesFailed,
    annotations: done.annotations.totalCount,
    perFrame: perFrame.map((f) => ({ frame: f.frame, name: f.name, regions: f.annotations.length, meanScore: f.annotations.reduce((s: number, a: any) => s + a.score, 0) / Math.max(1, f.annotations.length) })),
  };
  writeFileSync(join(outDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`${summary.annotations} text regions on ${files.length} frames; summary and previews in ${outDir}`);
}
