// Tracking cost (issue 14: "tracking adds ≤ 1 ms per frame per 50 objects; a 10,000-frame job still commits in a few
// seconds"): libs/tracking's ByteTracker over synthetic detections from known trajectories (crowdScene: objects on
// straight paths across a 1280×720 image, box jitter, 5 % misses, occlusions, false-positive blips), rendered before
// any timing. Measured in the same run, on the same frames: a baseline loop that only computes each frame's IoU
// matrix against the previous frame's detections (the geometry any frame-to-frame linking needs, without the Kalman
// filter, the assignment or the bookkeeping). Each figure is the median of ROUNDS runs after one warm-up run, as wall
// time and as this process's CPU time (process.cpuUsage) per frame; the MOTA/IDF1 of the result against the truth is
// printed too (not timed).
// Run: npm run bench:tracking -w @prelabel/bench   (OBJECTS=50 FRAMES=1000 LONG_OBJECTS=10 LONG_FRAMES=10000 ROUNDS=5)
import { availableParallelism } from "node:os";
import { DEFAULT_TRACKER_OPTIONS, evaluateMot, trackDetections, type Box, type Detection } from "@prelabel/tracking";
import { crowdScene, perFrameHypothesis, renderScene, tracksToHypothesis, type RenderedScene } from "@prelabel/tracking/testing";
import { loadAverage } from "./process-cpu.meter.js";

const OBJECTS = Number(process.env.OBJECTS ?? 50);
const FRAMES = Number(process.env.FRAMES ?? 1_000);
const LONG_OBJECTS = Number(process.env.LONG_OBJECTS ?? 10);
const LONG_FRAMES = Number(process.env.LONG_FRAMES ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const TARGET_MS_PER_FRAME_PER_50 = 1;

function iou(a: Box, b: Box): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter);
}

/** The baseline: every frame's IoU matrix against the previous frame's detections, and nothing else. */
function iouMatricesOnly(frames: RenderedScene["frames"]): number {
  let previous: readonly Detection[] = [];
  let sum = 0;
  let matrix = new Float64Array(0);
  for (const { detections } of frames) {
    if (matrix.length < previous.length * detections.length) matrix = new Float64Array(previous.length * detections.length * 2);
    for (let r = 0; r < previous.length; r++)
      for (let c = 0; c < detections.length; c++) sum += matrix[r * detections.length + c] = iou(previous[r].box, detections[c].box);
    previous = detections;
  }
  return sum;
}

interface Timing {
  wallMs: number;
  cpuMs: number;
}

function time(run: () => unknown): Timing {
  const cpu = process.cpuUsage();
  const started = performance.now();
  run();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function measure(run: () => unknown): Timing {
  run(); // warm-up: JIT, the tracker's scratch arrays
  const timings: Timing[] = [];
  for (let i = 0; i < ROUNDS; i++) timings.push(time(run));
  return { wallMs: median(timings.map((t) => t.wallMs)), cpuMs: median(timings.map((t) => t.cpuMs)) };
}

function section(title: string, objects: number, frames: number, seed: number): void {
  const scene = renderScene(crowdScene(objects, frames, seed));
  const inView = scene.truth.reduce((s, f) => s + f.objects.length, 0) / frames;
  const detected = scene.frames.reduce((s, f) => s + f.detections.length, 0) / frames;
  const baseline = measure(() => iouMatricesOnly(scene.frames));
  const tracker = measure(() => trackDetections(scene.frames, DEFAULT_TRACKER_OPTIONS));
  const per50 = (ms: number) => (ms / frames) * (50 / inView);
  const scores = evaluateMot(scene.truth, tracksToHypothesis(trackDetections(scene.frames, DEFAULT_TRACKER_OPTIONS)));
  const perFrame = evaluateMot(scene.truth, perFrameHypothesis(scene.frames, DEFAULT_TRACKER_OPTIONS.highScore));
  const f3 = (x: number) => x.toFixed(3);
  console.log(`\n${title}: ${frames} frames, ${inView.toFixed(1)} objects in view and ${detected.toFixed(1)} detections per frame`);
  console.log(`  load average before: ${loadAverage()}`);
  console.log(
    `  IoU matrices only (baseline): ${baseline.wallMs.toFixed(1)} ms wall, ${baseline.cpuMs.toFixed(1)} ms CPU; ` +
      `${per50(baseline.wallMs).toFixed(4)} ms per frame per 50 objects`,
  );
  console.log(
    `  ByteTracker:                  ${tracker.wallMs.toFixed(1)} ms wall, ${tracker.cpuMs.toFixed(1)} ms CPU; ` +
      `${(tracker.wallMs / frames).toFixed(4)} ms per frame, ${per50(tracker.wallMs).toFixed(4)} ms per frame per 50 objects (CPU ${per50(tracker.cpuMs).toFixed(4)})`,
  );
  console.log(
    `  ratios: tracker / baseline ${(tracker.wallMs / baseline.wallMs).toFixed(2)} (CPU ${(tracker.cpuMs / baseline.cpuMs).toFixed(2)}); ` +
      `tracker / ${TARGET_MS_PER_FRAME_PER_50} ms target ${(per50(tracker.wallMs) / TARGET_MS_PER_FRAME_PER_50).toFixed(3)}`,
  );
  console.log(
    `  quality: tracker MOTA ${f3(scores.mota)} IDF1 ${f3(scores.idf1)} IDSW ${scores.idSwitches}; ` +
      `per-frame boxes MOTA ${f3(perFrame.mota)} IDF1 ${f3(perFrame.idf1)} IDSW ${perFrame.idSwitches}`,
  );
}

console.log(`tracking bench; cores: ${availableParallelism()}; ${ROUNDS} rounds (median) after a warm-up; node ${process.version}`);
section(`${OBJECTS} objects`, OBJECTS, FRAMES, 1);
section(`${LONG_OBJECTS} objects, a long job`, LONG_OBJECTS, LONG_FRAMES, 2);
