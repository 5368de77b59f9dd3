import assert from "node:assert/strict";
import { encodeOnnxModel } from "@prelabel/onnx-writer";
import { convertTfjsGraph, type ConvertOptions } from "../tfjs-graph.converter.js";
import type { TfjsModelSource } from "../tfjs-model.types.js";
import { runOnnx, type NamedTensor } from "./onnx.runner.js";
import { compareTensors } from "./tensor.compare.js";
import { loadTfjsReference, runTfjs } from "./tfjs-reference.runner.js";

/** Converts and runs the model in onnxruntime (level "all", 1 thread). */
export async function convertAndRun(
  source: TfjsModelSource,
  feeds: Record<string, NamedTensor>,
  options: ConvertOptions = {},
): Promise<Record<string, NamedTensor>> {
  return runOnnx(encodeOnnxModel(convertTfjsGraph(source, options).model), feeds);
}

/** Runs the same graph in TF.js (cpu). */
export async function runReference(
  source: TfjsModelSource,
  feeds: Record<string, NamedTensor>,
  outputs: readonly string[],
): Promise<Record<string, NamedTensor>> {
  const model = await loadTfjsReference(source);
  try {
    return await runTfjs(model, feeds, outputs);
  } finally {
    model.dispose();
  }
}

/** Asserts the ONNX result equals TF.js's for every output (same shape, max abs diff ≤ tolerance); returns the ONNX result. */
export async function assertMatchesTfjs(
  source: TfjsModelSource,
  feeds: Record<string, NamedTensor>,
  outputs: readonly string[],
  tolerance = 1e-5,
  options: ConvertOptions = {},
): Promise<Record<string, NamedTensor>> {
  const [onnx, reference] = await Promise.all([
    convertAndRun(source, feeds, { outputs, ...options }),
    runReference(source, feeds, outputs),
  ]);
  for (const name of outputs) {
    const got = onnx[name];
    const want = reference[name];
    assert.ok(got, `ONNX output ${name} missing`);
    assert.ok(want, `TF.js output ${name} missing`);
    assert.deepEqual(got.dims, want.dims, `${name}: shape`);
    const diff = compareTensors(got.data, want.data);
    const head = (data: typeof got.data) => [...data].slice(0, 8).join(",");
    assert.ok(
      diff.maxAbsDiff <= tolerance,
      `${name}: max abs diff ${diff.maxAbsDiff} > ${tolerance}; onnx ${head(got.data)} tfjs ${head(want.data)}`,
    );
  }
  return onnx;
}

export const f32 = (dims: readonly number[], values: ArrayLike<number>): NamedTensor => ({ dims, data: Float32Array.from(values) });
export const i32 = (dims: readonly number[], values: ArrayLike<number>): NamedTensor => ({ dims, data: Int32Array.from(values) });
