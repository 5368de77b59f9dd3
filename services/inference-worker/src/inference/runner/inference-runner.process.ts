// An inference runner: a child process of the worker that decodes frames and runs models on them, so a model
// that never returns (onnxruntime's run() cannot be interrupted) holds this process, which the worker kills
// and replaces, never the worker's event loop. One frame at a time; loaded models stay for the next frames.
import sharp from "sharp";
import { BuiltArtifactVerifier, builtArtifactLocator } from "../../persistence/built-artifact.verifier.js";
import type { DetectionModel } from "../detection-model.js";
import { decodeFrame } from "../image-decoder.js";
import { FrameDecodeError, FrameFailure } from "../inference.errors.js";
import { BUILT_MODELS_DIR, createModelCatalog } from "../model-catalog.js";
import { SessionRunClock } from "../frame-stages.js";
import { createOrtSession } from "../model-runtime.js";
import { OnnxDetectorModel } from "../onnx-detector/onnx-detector.model.js";
import { tileGrid } from "../tiling/tile-grid.js";
import { detectTiled } from "../tiling/tiled-detection.js";
import type { FromRunner, RunnerFailure, RunnerModelPlan, RunnerSettings, ToRunner } from "./runner.protocol.js";

// Frames are untrusted and rarely repeat: no decoded pixels in a process-wide cache.
sharp.cache(false);
const settings = JSON.parse(process.argv[2] ?? "{}") as RunnerSettings;
const verifier = new BuiltArtifactVerifier(builtArtifactLocator(BUILT_MODELS_DIR));
// One frame at a time here: one clock times every model's session.run, for the worker's per-stage metrics.
const clock = new SessionRunClock();
const createSession = clock.factory(createOrtSession);
const sessionOptions = {
  intraOpNumThreads: settings.intraOpNumThreads,
  ...(settings.allowSpinning === undefined ? {} : { allowSpinning: settings.allowSpinning }),
};
const catalog = createModelCatalog({
  ...sessionOptions,
  createSession,
  ...(settings.verifyBuiltArtifacts ? { artifactPath: verifier.artifactPath } : {}),
});
/** Uploaded detectors by model id and file: the same file for the same id never changes. */
const uploaded = new Map<string, Promise<DetectionModel>>();

const send = (message: FromRunner): void => void process.send!(message);
const messageOf = (err: unknown) => (err instanceof Error ? withCauses(err) : String(err));

function withCauses(err: Error): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if (!parts.includes(e.message)) parts.push(e.message);
  return parts.join(": ");
}

function load(plan: RunnerModelPlan): Promise<DetectionModel> {
  if (plan.kind === "catalog") {
    if (settings.verifyBuiltArtifacts) verifier.expect(plan.modelId, plan.artifacts);
    return catalog.get(plan.entry);
  }
  const key = `${plan.modelId}\u0000${plan.path}`;
  let model = uploaded.get(key);
  if (!model) {
    model = (async () => {
      const session = await createSession(plan.path, sessionOptions);
      try {
        return new OnnxDetectorModel(session, plan.spec);
      } catch (err) {
        await session.release();
        throw err;
      }
    })();
    uploaded.set(key, model);
    // A failed load is tried again by the next frame.
    model.catch(() => uploaded.delete(key));
  }
  return model;
}

async function infer(request: Extract<ToRunner, { type: "infer" }>): Promise<void> {
  const fail = (failure: RunnerFailure) => send({ type: "failed", id: request.id, failure });
  let model: DetectionModel;
  try {
    model = await load(request.plan);
  } catch (err) {
    return fail({ stage: "load", message: messageOf(err) });
  }
  const decodeStart = performance.now();
  let image;
  try {
    image = await decodeFrame(request.frame, { maxPixels: settings.maxFramePixels });
  } catch (err) {
    if (err instanceof FrameDecodeError) return fail({ stage: "decode", code: err.code, message: err.message });
    return fail({ stage: "inference", message: messageOf(err) });
  }
  const decodeMs = performance.now() - decodeStart;
  const { tiling, ...options } = request.options;
  const passes = tiling ? 1 + tileGrid(image.width, image.height, tiling.tileSize, tiling.overlap).length : 1;
  send({ type: "started", id: request.id, ...(passes > 1 ? { passes } : {}) });
  const start = performance.now();
  try {
    clock.begin();
    const detections = tiling ? await detectTiled(model, image, options, tiling) : await model.detect(image, options);
    const stages = clock.stages();
    send({ type: "done", id: request.id, detections, decodeMs, inferenceMs: performance.now() - start, stages });
  } catch (err) {
    fail({ stage: "inference", message: messageOf(err), ...(err instanceof FrameFailure ? { code: err.code } : {}) });
  }
}

process.on("message", (message: ToRunner) => {
  if (message.type === "infer") void infer(message);
  else if (message.type === "warm") {
    void (async () => {
      // One at a time, and failures are for the frames to report: warming is only a head start.
      for (const plan of message.plans) await load(plan).catch(() => undefined);
    })();
  }
});
// The worker is gone (killed, crashed): nothing is left to answer to.
process.on("disconnect", () => process.exit(0));
send({ type: "ready" });
