// The registry's model-check process: opens one uploaded model to read its signature, or to run it once on a blank
// input. A separate process because onnxruntime's session creation and run() block the thread that calls them and
// cannot be interrupted: the registry kills this one when it overruns, and its own event loop never waits.
import * as ort from "onnxruntime-node";
import type { OnnxValueInfo } from "../domain/onnx-signature.js";
import type { CheckReply, CheckRequest } from "./onnx-check.protocol.js";

const send = (message: CheckReply) => void process.send!(message);
const finish = (message: CheckReply) => void process.send!(message, () => process.exit(0));

function toValueInfo(meta: ort.InferenceSession.ValueMetadata): OnnxValueInfo {
  return meta.isTensor
    ? { name: meta.name, isTensor: true, elementType: meta.type, shape: [...meta.shape] }
    : { name: meta.name, isTensor: false, elementType: null, shape: [] };
}

async function check(request: CheckRequest): Promise<void> {
  try {
    const session = await ort.InferenceSession.create(request.path, {
      executionProviders: ["cpu"],
      // Inspecting needs only the declared signature: no graph rewrites. A trial runs as the workers open it.
      graphOptimizationLevel: request.op === "inspect" ? "disabled" : "all",
      executionMode: "sequential",
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    if (request.op === "inspect") {
      return finish({
        phase: "inspected",
        inputs: session.inputMetadata.map(toValueInfo),
        outputs: session.outputMetadata.map(toValueInfo),
      });
    }
    send({ phase: "loaded" });
    const size = request.dims.reduce((a, b) => a * b, 1);
    const input =
      request.inputType === "UINT8"
        ? new ort.Tensor("uint8", new Uint8Array(size), request.dims)
        : new ort.Tensor("float32", new Float32Array(size), request.dims);
    await session.run({ [request.inputName]: input });
    finish({ phase: "done" });
  } catch (err) {
    finish({ phase: "failed", message: err instanceof Error ? err.message : String(err) });
  }
}

// check() answers every failure itself (phase "failed").
process.once("message", (request: CheckRequest) => void check(request));
