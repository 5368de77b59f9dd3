// Per catalog model, on real photos, measured in one run:
//  - ms/frame of the whole model (decode excluded; pre-processing, every network, post-processing included), 2 threads;
//  - pre/post-processing overhead: whole-model time as a ratio to the time spent inside onnxruntime's session.run;
//  - per network: onnxruntime against TF.js wasm (the runtime the source models ship for) on the very inputs the
//    model fed onnxruntime, as a speed ratio.
// Run: npm run bench:models -w @prelabel/bench   (ROUNDS=3 ORT_THREADS=2 to change)
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import {
  createModelCatalog,
  createOrtSession,
  decodeFrame,
  type DecodedImage,
  type ModelSession,
  type Tensor,
} from "@prelabel/inference-worker/inference";
import { loadRecipe, loadTfjsModel, resolveModelSource, type TfjsModelSource } from "@prelabel/tfjs-onnx";
import { facePhotosDir, REPO_ROOT } from "@prelabel/testing";

const THREADS = Number(process.env.ORT_THREADS ?? 2);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const NETWORK_RUNS = Number(process.env.NETWORK_RUNS ?? 10);
const RECIPE = join(REPO_ROOT, "services", "inference-worker", "models", "recipe.json");

const MODELS = [
  { id: "face-detection-with-attributes", photos: "people", threshold: 0.5 },
  { id: "coco-object-detection", photos: "people", threshold: 0.3 },
  { id: "person-pose", photos: "people", threshold: 0.3 },
  { id: "hand-detection", photos: "people", threshold: 0.5 },
  { id: "text-detection", photos: "documents", threshold: 0.5 },
] as const;

/** Time inside session.run per network, and the first inputs each network saw (replayed against TF.js). */
interface NetworkLog {
  runMs: number;
  runs: number;
  firstFeeds?: Record<string, Tensor>;
  outputNames: readonly string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function loadPhotos(): Promise<Record<"people" | "documents", DecodedImage[]>> {
  const people = facePhotosDir();
  const documents = join(REPO_ROOT, "samples", "documents");
  const decode = (dir: string, pattern: RegExp) =>
    Promise.all(
      readdirSync(dir)
        .filter((f) => pattern.test(f))
        .sort()
        .map((f) => decodeFrame(readFileSync(join(dir, f)), { maxPixels: 50_000_000 })),
    );
  return { people: await decode(people, /^sample\d+\.jpg$/), documents: await decode(documents, /\.jpg$/) };
}

function toTfTensor(t: Tensor): tf.Tensor {
  return t.type === "float32" ? tf.tensor(t.data, [...t.dims], "float32") : tf.tensor(Int32Array.from(t.data), [...t.dims], "int32");
}

async function loadTfjsWasm(source: TfjsModelSource): Promise<tf.GraphModel> {
  const { modelJson, weightSpecs, weightData } = source;
  return tf.loadGraphModel({
    load: async () => ({
      modelTopology: modelJson.modelTopology as unknown as tf.io.ModelArtifacts["modelTopology"],
      weightSpecs: weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength) as ArrayBuffer,
      format: modelJson.format,
      generatedBy: modelJson.generatedBy,
      convertedBy: modelJson.convertedBy ?? null,
    }),
  });
}

async function timeTfjs(model: tf.GraphModel, feeds: Record<string, Tensor>, outputs: readonly string[]): Promise<number> {
  const inputs = Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, toTfTensor(t)]));
  const once = async () => {
    const result = model.execute(inputs, [...outputs]);
    const tensors = Array.isArray(result) ? result : [result];
    await Promise.all(tensors.map((t) => t.data()));
    tf.dispose(tensors);
  };
  await once();
  const times = [];
  for (let i = 0; i < NETWORK_RUNS; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  tf.dispose(Object.values(inputs));
  return median(times);
}

async function timeOrt(path: string, feeds: Record<string, Tensor>): Promise<number> {
  const session = await createOrtSession(path, { intraOpNumThreads: THREADS });
  try {
    await session.run(feeds);
    const times = [];
    for (let i = 0; i < NETWORK_RUNS; i++) {
      const start = performance.now();
      await session.run(feeds);
      times.push(performance.now() - start);
    }
    return median(times);
  } finally {
    await session.release();
  }
}

async function main() {
  setWasmPaths(`${dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm"))}/`);
  await tf.setBackend("wasm");
  await tf.ready();
  const photos = await loadPhotos();
  const { recipe } = await loadRecipe(RECIPE);

  const networks = new Map<string, NetworkLog>();
  const timedSession = async (path: string, options: { intraOpNumThreads: number }): Promise<ModelSession> => {
    const session = await createOrtSession(path, options);
    const log: NetworkLog = networks.get(path) ?? { runMs: 0, runs: 0, outputNames: session.outputNames };
    networks.set(path, log);
    return {
      ...session,
      async run(feeds) {
        log.firstFeeds ??= { ...feeds };
        const start = performance.now();
        try {
          return await session.run(feeds);
        } finally {
          log.runMs += performance.now() - start;
          log.runs++;
        }
      },
    };
  };
  const catalog = createModelCatalog({ intraOpNumThreads: THREADS, createSession: timedSession });

  console.log(`catalog models, ${THREADS} onnxruntime threads, ${ROUNDS} rounds over the photos (ms/frame = median of rounds)`);
  console.log("model | frames | ms/frame | in session.run ms/frame | overhead ratio (whole / session) | detections/frame");
  for (const spec of MODELS) {
    const model = await catalog.get(spec.id);
    const images = photos[spec.photos];
    const options = { threshold: spec.threshold, returnMasks: false };
    await model.detect(images[0], options); // warm-up: first-run allocations are not the steady state
    const roundMs: number[] = [];
    const roundSessionMs: number[] = [];
    let detections = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const log of networks.values()) log.runMs = 0;
      const start = performance.now();
      for (const image of images) detections += (await model.detect(image, options)).length;
      roundMs.push((performance.now() - start) / images.length);
      roundSessionMs.push([...networks.values()].reduce((s, l) => s + l.runMs, 0) / images.length);
    }
    // Sessions are shared across models (person-pose reuses CenterNet), so session time is per round, from zero.
    const whole = median(roundMs);
    const inSession = median(roundSessionMs);
    console.log(
      `${spec.id} | ${images.length} | ${whole.toFixed(1)} | ${inSession.toFixed(1)} | ${(whole / inSession).toFixed(2)} | ${(detections / (images.length * ROUNDS)).toFixed(1)}`,
    );
  }

  console.log(
    `\nnetworks on the inputs the models fed them: onnxruntime (${THREADS} threads) vs TF.js wasm (1 thread, SIMD), median of ${NETWORK_RUNS}`,
  );
  console.log("network | onnxruntime ms | tfjs-wasm ms | speed ratio (wasm / onnxruntime)");
  for (const [path, log] of networks) {
    const name = basename(path, ".onnx");
    const entry = recipe.models.find((m) => m.name === name);
    if (!log.firstFeeds) continue;
    const ortMs = await timeOrt(path, log.firstFeeds);
    if (!entry) {
      console.log(`${name} | ${ortMs.toFixed(1)} | n/a (not a TF.js model) | n/a`);
      continue;
    }
    const tfModel = await loadTfjsWasm(await loadTfjsModel(resolveModelSource(entry.source, dirname(RECIPE))));
    const wasmMs = await timeTfjs(tfModel, log.firstFeeds, log.outputNames);
    tfModel.dispose();
    console.log(`${name} | ${ortMs.toFixed(1)} | ${wasmMs.toFixed(1)} | ${(wasmMs / ortMs).toFixed(2)}`);
  }
  await catalog.dispose();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
