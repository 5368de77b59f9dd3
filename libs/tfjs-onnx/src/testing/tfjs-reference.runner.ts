// TF.js (cpu backend) as the reference implementation. Test-only: @tensorflow/tfjs is a dev dependency.
import * as tf from "@tensorflow/tfjs";
import type { TfjsModelSource } from "../tfjs-model.types.js";
import type { NamedTensor } from "./onnx.runner.js";

let ready: Promise<boolean> | undefined;

/** Loads a graph model through a custom IO handler: topology, concatenated weight specs and concatenated shards. */
export async function loadTfjsReference(source: TfjsModelSource): Promise<tf.GraphModel> {
  ready ??= tf.setBackend("cpu");
  await ready;
  const { modelJson, weightSpecs, weightData } = source;
  const buffer = weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength) as ArrayBuffer;
  return tf.loadGraphModel({
    load: async () => ({
      modelTopology: modelJson.modelTopology as unknown as tf.io.ModelArtifacts["modelTopology"],
      weightSpecs: weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: buffer,
      format: modelJson.format,
      generatedBy: modelJson.generatedBy,
      convertedBy: modelJson.convertedBy ?? null,
      ...(modelJson.signature ? { signature: modelJson.signature } : {}),
      ...(modelJson.userDefinedMetadata
        ? { userDefinedMetadata: modelJson.userDefinedMetadata as tf.io.ModelArtifacts["userDefinedMetadata"] }
        : {}),
    }),
  });
}

/** Runs `outputs` (TF tensor names) on the given feeds (node name → tensor). */
export async function runTfjs(
  model: tf.GraphModel,
  feeds: Readonly<Record<string, NamedTensor>>,
  outputs: readonly string[],
): Promise<Record<string, NamedTensor>> {
  const inputs: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) {
    inputs[name] =
      t.data instanceof Int32Array
        ? tf.tensor(t.data, [...t.dims], "int32")
        : t.data instanceof Uint8Array
          ? tf.tensor(t.data, [...t.dims], "bool")
          : tf.tensor(t.data as Float32Array, [...t.dims], "float32");
  }
  try {
    // execute() covers graphs without control flow (all we feed it) and, unlike executeAsync, logs nothing.
    const result = model.execute(inputs, [...outputs]);
    const tensors = Array.isArray(result) ? result : [result];
    const out: Record<string, NamedTensor> = {};
    for (const [i, t] of tensors.entries()) {
      const data = await t.data<"float32" | "int32" | "bool">();
      out[outputs[i]] = { dims: [...t.shape], data };
      t.dispose();
    }
    return out;
  } finally {
    for (const t of Object.values(inputs)) t.dispose();
  }
}
