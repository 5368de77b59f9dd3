// Parity of the six @vladmandic/human models we ship: same seeded input into TF.js (cpu) and into onnxruntime on the
// converted model; every output must agree to 1e-3 (relative to the output's largest |value| when that exceeds 1).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { encodeOnnxModel } from "@prelabel/onnx-writer";
import { resolveModelSource } from "./catalog/model-source.resolver.js";
import { convertTfjsGraph, type ConvertOptions } from "./tfjs-graph.converter.js";
import { loadTfjsModel } from "./tfjs-model.loader.js";
import { createSession, runSession, type NamedTensor } from "./testing/onnx.runner.js";
import { uniformFloats, uniformInts } from "./testing/seeded-random.js";
import { compareTensors, withinTolerance } from "./testing/tensor.compare.js";
import { loadTfjsReference, runTfjs } from "./testing/tfjs-reference.runner.js";

const TOLERANCE = 1e-3;
const HANDTRACK_CUT = "StatefulPartitionedCall/map/TensorArrayV2Stack/TensorListStack";

interface ParityCase {
  readonly name: string;
  readonly options: ConvertOptions;
  readonly input: { readonly name: string; readonly shape: number[]; readonly kind: "unit" | "pixels" | "int-pixels" };
  /** The outputs the catalog relies on: pinned, so a changed signature fails here rather than downstream. */
  readonly outputs: readonly string[];
}

const cases: readonly ParityCase[] = [
  {
    name: "blazeface",
    options: {},
    input: { name: "input", shape: [1, 256, 256, 3], kind: "unit" },
    outputs: ["Identity", "Identity_1", "Identity_2", "Identity_3"],
  },
  { name: "emotion", options: {}, input: { name: "input_1", shape: [1, 64, 64, 1], kind: "unit" }, outputs: ["Identity"] },
  {
    name: "faceres",
    options: { fp16Storage: true },
    input: { name: "input_1", shape: [1, 224, 224, 3], kind: "pixels" },
    outputs: ["age_pred/Softmax", "gender_pred/Sigmoid", "global_pooling/Mean"],
  },
  {
    name: "centernet",
    options: { fp16Storage: true },
    input: { name: "tower_0/images", shape: [1, 512, 512, 3], kind: "pixels" },
    outputs: ["tower_0/detections", "tower_0/keypoints", "tower_0/wh"],
  },
  {
    name: "movenet-lightning",
    options: { fp16Storage: true },
    input: { name: "input", shape: [1, 192, 192, 3], kind: "int-pixels" },
    outputs: ["Identity"],
  },
  {
    name: "handtrack",
    options: {
      cutInputs: [{ name: HANDTRACK_CUT, shape: [1, 320, 320, 3] }],
      outputs: ["StatefulPartitionedCall/Postprocessor/Slice", "StatefulPartitionedCall/Postprocessor/ExpandDims_1"],
    },
    input: { name: HANDTRACK_CUT, shape: [1, 320, 320, 3], kind: "unit" },
    outputs: ["StatefulPartitionedCall/Postprocessor/Slice", "StatefulPartitionedCall/Postprocessor/ExpandDims_1"],
  },
];

function inputFor(c: ParityCase, seed: number, batch = c.input.shape[0]): NamedTensor {
  const dims = [batch, ...c.input.shape.slice(1)];
  const count = dims.reduce((a, b) => a * b, 1);
  if (c.input.kind === "int-pixels") return { dims, data: uniformInts(seed, count, 0, 255) };
  return { dims, data: c.input.kind === "unit" ? uniformFloats(seed, count, -1, 1) : uniformFloats(seed, count, 0, 255) };
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number) => x.toExponential(2);

describe("human models: converted ONNX vs TF.js cpu", () => {
  for (const c of cases) {
    it(c.name, async (t) => {
      const path = resolveModelSource(`@vladmandic/human/models/${c.name}.json`, __dirname);
      const source = await loadTfjsModel(path);

      const started = performance.now();
      const converted = convertTfjsGraph(source, c.options);
      const bytes = encodeOnnxModel(converted.model);
      const convertMs = performance.now() - started;
      assert.deepEqual(
        converted.outputs.map((o) => o.name),
        [...c.outputs],
      );
      assert.equal(sha256(encodeOnnxModel(convertTfjsGraph(source, c.options).model)), sha256(bytes), "conversion is deterministic");

      const loadStart = performance.now();
      const session = await createSession(bytes, { level: "all", threads: 2 });
      const loadMs = performance.now() - loadStart;
      const feeds = { [c.input.name]: inputFor(c, 7) };
      let onnx: Record<string, NamedTensor>;
      const runs: number[] = [];
      try {
        onnx = await runSession(session, feeds); // warm-up
        for (let i = 0; i < 5; i++) {
          const s = performance.now();
          await runSession(session, feeds);
          runs.push(performance.now() - s);
        }
      } finally {
        await session.release();
      }

      const reference = await loadTfjsReference(source);
      const tfjsStart = performance.now();
      const expected = await runTfjs(reference, feeds, c.outputs);
      const tfjsMs = performance.now() - tfjsStart;
      reference.dispose();

      const report: string[] = [];
      for (const name of c.outputs) {
        assert.deepEqual(onnx[name]?.dims, expected[name].dims, `${name}: shape`);
        const diff = compareTensors(onnx[name].data, expected[name].data);
        report.push(`${name} ${fmt(diff.maxAbsDiff)} (max |v| ${diff.maxAbsRef.toPrecision(3)})`);
        assert.ok(withinTolerance(diff, TOLERANCE), `${c.name} ${name}: max abs diff ${diff.maxAbsDiff} vs max |value| ${diff.maxAbsRef}`);
      }
      t.diagnostic(
        `${c.name}: ${report.join("; ")} | convert ${convertMs.toFixed(0)} ms, ${(bytes.length / 1e6).toFixed(2)} MB, ` +
          `ORT load ${loadMs.toFixed(0)} ms, ORT run median ${median(runs).toFixed(1)} ms, tfjs-cpu ${tfjsMs.toFixed(0)} ms`,
      );
    });
  }

  it("fp16 storage gives bit-identical outputs to float32 storage (faceres, centernet, movenet) at half the size", async (t) => {
    for (const c of cases.filter((x) => x.options.fp16Storage)) {
      const source = await loadTfjsModel(resolveModelSource(`@vladmandic/human/models/${c.name}.json`, __dirname));
      const half = encodeOnnxModel(convertTfjsGraph(source, c.options).model);
      const full = encodeOnnxModel(convertTfjsGraph(source, { ...c.options, fp16Storage: false }).model);
      const feeds = { [c.input.name]: inputFor(c, 8) };
      const [a, b] = await Promise.all(
        [half, full].map(async (bytes) => {
          const session = await createSession(bytes, { level: "all", threads: 1 });
          try {
            return await runSession(session, feeds);
          } finally {
            await session.release();
          }
        }),
      );
      for (const name of c.outputs) assert.deepEqual(a[name].data, b[name].data, `${c.name} ${name}`);
      assert.ok(half.length < 0.55 * full.length, `${c.name}: ${half.length} vs ${full.length} bytes`);
      t.diagnostic(`${c.name}: fp16 ${(half.length / 1e6).toFixed(2)} MB, f32 ${(full.length / 1e6).toFixed(2)} MB, outputs bit-identical`);
    }
  });

  it("emotion with a batch of 3 (dim_param N) matches TF.js", async () => {
    const c = cases.find((x) => x.name === "emotion")!;
    const source = await loadTfjsModel(resolveModelSource("@vladmandic/human/models/emotion.json", __dirname));
    const feeds = { input_1: inputFor(c, 9, 3) };
    const session = await createSession(encodeOnnxModel(convertTfjsGraph(source).model));
    const onnx = await runSession(session, feeds).finally(() => session.release());
    const reference = await loadTfjsReference(source);
    const expected = await runTfjs(reference, feeds, ["Identity"]);
    reference.dispose();
    assert.deepEqual(onnx.Identity.dims, [3, 7]);
    assert.ok(withinTolerance(compareTensors(onnx.Identity.data, expected.Identity.data), TOLERANCE));
  });
});
