import type { ModelFileInspector, SpooledFile } from "../domain/model-upload.ports.js";
import type { OnnxSignature } from "../domain/onnx-signature.js";
import { CheckQueue, runOnnxCheck, type OnnxCheckOptions } from "./onnx-check.runner.js";

/**
 * Opens an uploaded file with onnxruntime-node (the same version the workers run), so a file that loads
 * here loads there: unknown operators and broken protobufs fail now, as INVALID_MODEL. In a child process
 * (creating a session blocks the calling thread, seconds for a large file) and one file at a time: a session
 * holds the whole model in memory.
 */
export class OrtModelInspector implements ModelFileInspector {
  private readonly queue = new CheckQueue();
  private readonly loadTimeoutMs: number;

  constructor(options: OnnxCheckOptions = {}) {
    this.loadTimeoutMs = options.loadTimeoutMs ?? 60_000;
  }

  inspect(file: SpooledFile): Promise<OnnxSignature> {
    return this.queue.run(async () => {
      const reply = await runOnnxCheck(
        file,
        { op: "inspect", path: file.path },
        { loadTimeoutMs: this.loadTimeoutMs },
        {
          failedToLoad: (reason) => `"${file.fileName}" is not an ONNX model that can be loaded: ${reason}`,
          failedAfterLoad: (reason) => `"${file.fileName}" is not an ONNX model that can be loaded: ${reason}`,
          overBudget: () => `"${file.fileName}" could not be inspected in time`,
          ended: (how) => `opening "${file.fileName}" ended abnormally (${how})`,
        },
      );
      if (reply.phase !== "inspected") throw new Error(`the model check answered ${reply.phase} to an inspection`);
      return { inputs: reply.inputs, outputs: reply.outputs };
    });
  }
}
