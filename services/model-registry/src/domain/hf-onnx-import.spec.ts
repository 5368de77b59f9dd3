import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classNamesOf, detrHasNoObjectClass, fixedInputSize, importProblems } from "./hf-onnx-import.js";
import type { OnnxSignature } from "./onnx-signature.js";

const detrSignature = (logitClasses: number | string, logitsName = "logits"): OnnxSignature => ({
  inputs: [{ name: "pixel_values", isTensor: true, elementType: "float32", shape: ["batch_size", 3, "height", "width"] }],
  outputs: [
    { name: logitsName, isTensor: true, elementType: "float32", shape: ["batch_size", 100, logitClasses] },
    { name: "pred_boxes", isTensor: true, elementType: "float32", shape: ["batch_size", 100, 4] },
  ],
});

describe("Hugging Face ONNX import: deriving the spec", () => {
  it("lays id2label out by class id, with gaps and dropped N/A ids as ignored classes", () => {
    const labels = [
      { id: 1, name: "person", type: "rectangle" as const },
      { id: 3, name: "car", type: "rectangle" as const },
    ];
    assert.deepEqual(classNamesOf({ labels }), ["", "person", "", "car"]);
    assert.deepEqual(
      classNamesOf({
        labels: [
          { name: "a", type: "rectangle" },
          { name: "b", type: "rectangle" },
        ],
      }),
      ["a", "b"],
    );
  });

  it("tells softmax DETR heads (C + 1 logits) from sigmoid ones (exactly C), by name or by the boxes' last dimension", () => {
    assert.equal(detrHasNoObjectClass(detrSignature(92), 91), true);
    assert.equal(detrHasNoObjectClass(detrSignature(80), 80), false);
    assert.equal(detrHasNoObjectClass(detrSignature(80, "scores"), 80), false);
    assert.equal(detrHasNoObjectClass(detrSignature("num_labels"), 80), true, "unstated: the original DETR");
  });

  it("takes the input size an NCHW file fixes, and none from a dynamic one", () => {
    const fixed: OnnxSignature = {
      inputs: [{ name: "images", isTensor: true, elementType: "float32", shape: [1, 3, 480, 640] }],
      outputs: [],
    };
    assert.deepEqual(fixedInputSize(fixed), { width: 640, height: 480 });
    assert.equal(fixedInputSize(detrSignature(92)), null);
  });

  it("names every input problem before the hub is asked", () => {
    assert.deepEqual(importProblems({ repoId: "a/b" }), []);
    const problems = importProblems({
      url: "https://huggingface.co/a/b",
      repoId: "a/b",
      inputWidth: 640,
      mean: [1, 2],
      defaultThreshold: 0,
    });
    assert.equal(problems.length, 4, problems.join("; "));
    assert.ok(problems.some((p) => /exactly one of url and repoId/.test(p)));
    assert.ok(problems.some((p) => /both inputWidth and inputHeight/.test(p)));
    assert.ok(problems.some((p) => /mean takes one value or three/.test(p)));
  });
});
