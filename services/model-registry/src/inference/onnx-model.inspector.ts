import * as ort from "onnxruntime-node";
import { InvalidModelError } from "../domain/model-registry.errors.js";
import type { ModelFileInspector, SpooledFile } from "../domain/model-upload.ports.js";
import type { OnnxSignature, OnnxValueInfo } from "../domain/onnx-signature.js";

/**
 * Opens an uploaded file with onnxruntime-node (the same version the workers run), so a file that loads
 * here loads there: unknown operators and broken protobufs fail now, as INVALID_MODEL. One file at a
 * time: a session holds the whole model in memory.
 */
export class OrtModelInspector implements ModelFileInspector {
  private queue: Promise<unknown> = Promise.resolve();

  inspect(file: SpooledFile): Promise<OnnxSignature> {
    const run = this.queue.then(() => this.open(file));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async open(file: SpooledFile): Promise<OnnxSignature> {
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(file.path, {
        executionProviders: ["cpu"],
        // Only the declared signature is needed: skip graph rewrites, use one thread.
        graphOptimizationLevel: "disabled",
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
      });
    } catch (err) {
      const reason = (err instanceof Error ? err.message : String(err)).split(file.path).join(file.fileName);
      throw new InvalidModelError([`"${file.fileName}" is not an ONNX model that can be loaded: ${reason}`]);
    }
    try {
      return { inputs: session.inputMetadata.map(toValueInfo), outputs: session.outputMetadata.map(toValueInfo) };
    } finally {
      await session.release();
    }
  }
}

function toValueInfo(meta: ort.InferenceSession.ValueMetadata): OnnxValueInfo {
  return meta.isTensor
    ? { name: meta.name, isTensor: true, elementType: meta.type, shape: [...meta.shape] }
    : { name: meta.name, isTensor: false, elementType: null, shape: [] };
}
