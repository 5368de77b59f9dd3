import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { yoloV8DetectorSpec } from "@prelabel/testing";
import type { OnnxDetectorSpec } from "./model.js";
import { matchOnnxSignature, type OnnxSignature, type OnnxValueInfo } from "./onnx-signature.js";

/** As declared at upload, input and outputs not resolved yet: a 640×480 input, three classes. */
const spec = (over: Partial<OnnxDetectorSpec> = {}): OnnxDetectorSpec =>
  yoloV8DetectorSpec({ inputHeight: 480, classNames: ["cat", "dog", "bird"], inputName: "", outputNames: [], ...over });
const tensor = (name: string, shape: (number | string)[], elementType = "float32"): OnnxValueInfo => ({
  name,
  isTensor: true,
  elementType,
  shape,
});
const sig = (inputs: OnnxValueInfo[], outputs: OnnxValueInfo[]): OnnxSignature => ({ inputs, outputs });
const image = tensor("images", [1, 3, 480, 640]);

const problemsOf = (s: OnnxDetectorSpec, signature: OnnxSignature): string[] => {
  const match = matchOnnxSignature(s, signature);
  return match.ok ? [] : match.problems;
};

describe("ONNX signature vs declared layout", () => {
  it("accepts a YOLOv8 export and resolves its input and output", () => {
    const match = matchOnnxSignature(spec(), sig([image], [tensor("output0", [1, 7, 6300])]));
    assert.deepEqual(match, { ok: true, inputName: "images", outputNames: ["output0"] });
  });

  it("lets dynamic dimensions (named, unnamed or negative) fit anything", () => {
    const match = matchOnnxSignature(spec(), sig([tensor("x", ["batch", 3, "", -1])], [tensor("y", ["batch", 7, "anchors"])]));
    assert.equal(match.ok, true);
  });

  it("names what was expected and what the file has, for every mismatch at once", () => {
    const problems = problemsOf(
      spec({ classNames: ["a", "b"] }),
      sig([tensor("images", [1, 3, 640, 640], "uint8")], [tensor("output0", [1, 84, 8400])]),
    );
    assert.deepEqual(problems, [
      'input "images" is uint8, expected float32 (inputType FLOAT32)',
      'input "images" has shape [1, 3, 640, 640], expected [1, 3, 480, 640] (NCHW, inputHeight 480, inputWidth 640)',
      'YOLO_V8 detections output "output0" has shape [1, 84, 8400], expected [1, 6, anchors] (cx, cy, w, h + 2 classNames)',
    ]);
  });

  it("checks the image input: one, rank 4 in the declared layout, batch 1, three channels", () => {
    assert.match(
      problemsOf(spec(), sig([image, tensor("scale", [2])], [tensor("o", [1, 7, 10])])).join(),
      /exactly one input \(the image\), the file has 2: "images", "scale"/,
    );
    assert.match(problemsOf(spec(), sig([], [tensor("o", [1, 7, 10])])).join(), /the file has 0/);
    assert.match(
      problemsOf(spec({ tensorLayout: "NHWC" }), sig([image], [tensor("o", [1, 7, 10])])).join(),
      /expected \[1, 480, 640, 3\] \(NHWC/,
    );
    assert.match(
      problemsOf(spec(), sig([tensor("images", [4, 3, 480, 640])], [tensor("o", [1, 7, 10])])).join(),
      /has shape \[4, 3, 480, 640\]/,
    );
    assert.match(
      problemsOf(spec(), sig([tensor("images", [1, 480, 640])], [tensor("o", [1, 7, 10])])).join(),
      /has shape \[1, 480, 640\], expected \[1, 3, 480, 640\]/,
    );
    assert.match(problemsOf(spec(), sig([tensor("images", [])], [tensor("o", [1, 7, 10])])).join(), /states no shape/);
    assert.deepEqual(
      problemsOf(
        spec({ inputType: "UINT8", tensorLayout: "NHWC" }),
        sig([tensor("t", [1, "h", "w", 3], "uint8")], [tensor("o", [1, 7, 10])]),
      ),
      [],
    );
  });

  it("YOLO_V5: [N, boxes, 5 + C], the first output (auxiliary outputs after it are ignored)", () => {
    const s = spec({ outputLayout: "YOLO_V5" });
    assert.deepEqual(problemsOf(s, sig([image], [tensor("output", [1, 25200, 8]), tensor("aux", [1, 3, 80, 80, 8])])), []);
    assert.match(
      problemsOf(s, sig([image], [tensor("output", [1, 25200, 85])])).join(),
      /expected \[1, boxes, 8\] \(cx, cy, w, h, objectness \+ 3 classNames\)/,
    );
    assert.match(problemsOf(s, sig([image], [])).join(), /expected an output with the YOLO_V5 detections, the file has none/);
  });

  it("YOLO_END2END: [N, k, 6], float32", () => {
    const s = spec({ outputLayout: "YOLO_END2END" });
    assert.deepEqual(problemsOf(s, sig([image], [tensor("output0", [1, 300, 6])])), []);
    assert.deepEqual(problemsOf(s, sig([image], [tensor("output0", [1, 300, 7], "float16")])), [
      'YOLO_END2END detections output "output0" is float16, expected float32',
      'YOLO_END2END detections output "output0" has shape [1, 300, 7], expected [1, k, 6] (x1, y1, x2, y2, score, class)',
    ]);
  });

  it("SSD: finds boxes, scores, classes and count by name, skipping TF's auxiliary outputs", () => {
    const s = spec({ outputLayout: "SSD", inputType: "UINT8", tensorLayout: "NHWC", classNames: ["", "cat"], classIdOffset: 1 });
    const input = tensor("input_tensor", [1, "", "", 3], "uint8");
    const outputs = [
      tensor("detection_anchor_indices", [1, 100]),
      tensor("detection_boxes", [1, 100, 4]),
      tensor("detection_classes", [1, 100]),
      tensor("detection_multiclass_scores", [1, 100, 2]),
      tensor("detection_scores", [1, 100]),
      tensor("num_detections", [1]),
      tensor("raw_detection_boxes", [1, 1917, 4]),
      tensor("raw_detection_scores", [1, 1917, 2]),
    ];
    assert.deepEqual(matchOnnxSignature(s, sig([input], outputs)), {
      ok: true,
      inputName: "input_tensor",
      outputNames: ["detection_boxes", "detection_scores", "detection_classes", "num_detections"],
    });
    const bad = problemsOf(
      s,
      sig(
        [input],
        [
          tensor("detection_boxes", [1, 100, 5]),
          tensor("detection_scores", [1, 50]),
          tensor("detection_classes", [1, 100]),
          tensor("num_detections", [1, 1]),
        ],
      ),
    );
    assert.deepEqual(bad, [
      'SSD boxes output "detection_boxes" has shape [1, 100, 5], expected [1, k, 4] (ymin, xmin, ymax, xmax)',
      'SSD count output "num_detections" has shape [1, 1], expected [1]',
      "SSD boxes, scores and classes disagree on the number of detections k: 100 vs 50",
    ]);
  });

  it("SSD: unidentifiable outputs ask for outputNames, which then decide", () => {
    const s = spec({ outputLayout: "SSD", classNames: ["cat"] });
    const outputs = [tensor("a", [1, 10, 4]), tensor("b", [1, 10]), tensor("c", [1, 10]), tensor("d", [1])];
    const problems = problemsOf(s, sig([image], outputs));
    assert.equal(problems.length, 4, problems.join("\n"));
    assert.match(
      problems[0],
      /no output for SSD boxes: expected one whose name contains "box" \(the file has "a", "b", "c", "d"\); or name it in outputNames/,
    );
    assert.match(problems[3], /contains "num" or "count"/);
    assert.deepEqual(matchOnnxSignature({ ...s, outputNames: ["a", "c", "b", "d"] }, sig([image], outputs)), {
      ok: true,
      inputName: "images",
      outputNames: ["a", "c", "b", "d"],
    });
    assert.match(
      problemsOf({ ...s, outputNames: ["a", "x", "b", "d"] }, sig([image], outputs)).join(),
      /outputNames\[1\] \(SSD scores\) "x" is not an output of the file/,
    );
    const twoScores = [
      ...outputs.slice(0, 1),
      tensor("scores_a", [1, 10]),
      tensor("scores_b", [1, 10]),
      tensor("classes", [1, 10]),
      tensor("count", [1]),
    ];
    assert.match(
      problemsOf(s, sig([image], [...twoScores.slice(0, 1).map((o) => ({ ...o, name: "boxes" })), ...twoScores.slice(1)])).join(),
      /several outputs could be SSD scores \("scores_a", "scores_b"\)/,
    );
  });

  it("DETR: logits [N, Q, C + 1] with a no-object class, or C without; boxes [N, Q, 4]", () => {
    const s = spec({ outputLayout: "DETR" });
    const outputs = [tensor("logits", [1, 100, 4]), tensor("pred_boxes", [1, 100, 4])];
    assert.deepEqual(matchOnnxSignature(s, sig([image], outputs)), {
      ok: true,
      inputName: "images",
      outputNames: ["logits", "pred_boxes"],
    });
    assert.match(
      problemsOf({ ...s, detrNoObjectClass: false }, sig([image], outputs)).join(),
      /logits output "logits" has shape \[1, 100, 4\], expected \[1, queries, 3\] \(3 classNames\)/,
    );
    assert.match(
      problemsOf(s, sig([image], [tensor("logits", [1, 100, 4]), tensor("pred_boxes", [1, 50, 4])])).join(),
      /disagree on the number of queries: 100 vs 50/,
    );
  });

  it("DETR: two unnamed outputs are told apart by the boxes' last dimension", () => {
    const s = spec({ outputLayout: "DETR", classNames: ["a", "b", "c", "d", "e"] });
    assert.deepEqual(matchOnnxSignature(s, sig([image], [tensor("o1", [1, 300, 4]), tensor("o2", [1, 300, 6])])), {
      ok: true,
      inputName: "images",
      outputNames: ["o2", "o1"],
    });
  });

  it("does not check what the file does not state (no output shape), and refuses non-tensors", () => {
    assert.deepEqual(problemsOf(spec(), sig([image], [tensor("output0", [])])), []);
    assert.match(
      problemsOf(spec(), sig([image], [{ name: "seq", isTensor: false, elementType: null, shape: [] }])).join(),
      /detections output "seq" is not a tensor/,
    );
  });
});
