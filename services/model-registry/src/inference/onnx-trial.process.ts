// The registry's trial-run process: opens one uploaded model and runs it once on a blank input. A separate
// process because onnxruntime's run() cannot be interrupted: the parent kills this one when it overruns.
import * as ort from "onnxruntime-node";
import type { TrialReply, TrialRequest } from "./onnx-trial.protocol.js";

const reply = (message: TrialReply) => process.send!(message, () => process.exit(0));

process.once("message", async (request: TrialRequest) => {
  try {
    // As the workers open it, so what runs here runs there.
    const session = await ort.InferenceSession.create(request.path, {
      executionProviders: ["cpu"],
      graphOptimizationLevel: "all",
      executionMode: "sequential",
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    process.send!({ phase: "loaded" } satisfies TrialReply);
    const size = request.dims.reduce((a, b) => a * b, 1);
    const input =
      request.inputType === "UINT8"
        ? new ort.Tensor("uint8", new Uint8Array(size), request.dims)
        : new ort.Tensor("float32", new Float32Array(size), request.dims);
    await session.run({ [request.inputName]: input });
    reply({ phase: "done" });
  } catch (err) {
    reply({ phase: "failed", message: err instanceof Error ? err.message : String(err) });
  }
});
