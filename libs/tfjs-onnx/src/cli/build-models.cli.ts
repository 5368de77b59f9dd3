#!/usr/bin/env node
// Builds the ONNX model catalog from a recipe: `prelabel-build-models --recipe <recipe.json> [--out <dir>]`.
// Re-running with unchanged converter, recipe and sources prints "up to date" and writes nothing.
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as ort from "onnxruntime-node";
import { buildModelCatalog } from "../catalog/catalog.builder.js";

/** Proves the model loads the way the worker loads it (optimisation level "all", 2 intra-op threads). */
async function verifyLoads(_name: string, bytes: Uint8Array): Promise<string> {
  const started = performance.now();
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: "all", intraOpNumThreads: 2 });
  const ms = performance.now() - started;
  await session.release();
  return `loads in onnxruntime (level all, 2 threads) in ${ms.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { recipe: { type: "string" }, out: { type: "string" }, "no-verify": { type: "boolean", default: false } },
    strict: true,
  });
  if (!values.recipe) throw new Error("usage: prelabel-build-models --recipe <recipe.json> [--out <dir>] [--no-verify]");
  const recipePath = resolve(values.recipe);
  const outDir = resolve(values.out ?? resolve(dirname(recipePath), "build"));
  const result = await buildModelCatalog({
    recipePath,
    outDir,
    log: (line) => console.log(line),
    ...(values["no-verify"] ? {} : { verify: verifyLoads }),
  });
  if (result.upToDate) return;
  console.log(`wrote ${result.artifacts.length} models and artifacts.json to ${outDir}`);
}

main().catch((err) => {
  console.error(`build-models failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
