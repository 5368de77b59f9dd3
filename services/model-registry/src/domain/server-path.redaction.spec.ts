import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InvalidModelError } from "./model-registry.errors.js";
import { REDACTED_PATH, redactServerPaths } from "./server-path.redaction.js";

describe("redactServerPaths", () => {
  it("cuts onnxruntime's paths to a file name, or a placeholder for directories, and drops source locations", () => {
    assert.equal(
      redactServerPaths(
        'External data path validation failed for initializer: W. Error: tensorprotoutils.cc:461 ValidateExternalDataPathFromDir External data path does not exist: "/tmp/spool-l0zy03/weights.bin"',
      ),
      'External data path validation failed for initializer: W. Error: External data path does not exist: "weights.bin"',
    );
    assert.equal(
      redactServerPaths(
        'External data path escapes model directory. External data path: "../../../etc/hostname" resolved path: "/etc/hostname" allowed directory: "/tmp/spool-l0zy03"',
      ),
      `External data path escapes model directory. External data path: "../../../etc/hostname" resolved path: "${REDACTED_PATH}" allowed directory: "${REDACTED_PATH}"`,
    );
    assert.equal(
      redactServerPaths("Load model from /var/spool/prelabel/uploads/x/model.onnx failed:Protobuf parsing failed."),
      "Load model from model.onnx failed:Protobuf parsing failed.",
    );
  });

  it("leaves the registry's own problems, relative names and URLs alone", () => {
    for (const text of [
      'YOLO_V8 detections output "output0" has shape [1, 6, 10], expected [1, 7, anchors] (cx, cy, w, h + 3 classNames)',
      '"onnx/model.onnx" is not an ONNX model that can be loaded',
      "see https://huggingface.co/acme/detr/resolve/main/onnx/model.onnx",
      "a ratio of 4/3",
    ]) {
      assert.equal(redactServerPaths(text), text);
    }
  });

  it("is applied to INVALID_MODEL's message and details alike", () => {
    const err = new InvalidModelError(['"best.onnx" is not an ONNX model that can be loaded: Load model from /tmp/a/b/model.onnx failed']);
    assert.doesNotMatch(err.message, /\/tmp/);
    assert.deepEqual(err.details, { problems: ['"best.onnx" is not an ONNX model that can be loaded: Load model from model.onnx failed'] });
  });
});
