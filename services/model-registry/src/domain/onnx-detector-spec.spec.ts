import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { yoloV8DetectorSpec } from "@prelabel/testing";
import type { OnnxDetectorSpec } from "./model.js";
import { describePreprocessing, findOnnxDetectorSpecProblems, labelsOfDetector } from "./onnx-detector-spec.js";

const spec = (over: Partial<OnnxDetectorSpec> = {}): OnnxDetectorSpec => yoloV8DetectorSpec(over);

describe("ONNX detector spec rules", () => {
  it("accepts a well-formed spec, declared or resolved", () => {
    assert.deepEqual(findOnnxDetectorSpecProblems(spec()), []);
    assert.deepEqual(findOnnxDetectorSpecProblems(spec({ inputName: "", outputNames: [] }), "declared"), []);
  });

  it("needs the resolved input and outputs once the file is checked", () => {
    const problems = findOnnxDetectorSpecProblems(spec({ inputName: "", outputNames: [] }));
    assert.deepEqual(problems, ["outputNames must name 1 output(s) for YOLO_V8 (detections), got 0", "inputName is not resolved"]);
  });

  it("lists every bad field at once", () => {
    const problems = findOnnxDetectorSpecProblems(
      spec({ inputWidth: 0, inputHeight: 1.5, mean: [0, 0], std: [1, 0, 1], nmsIou: 0, maxDetections: 0, classIdOffset: 1 }),
    );
    assert.equal(problems.length, 7, problems.join("\n"));
    assert.match(problems.join("\n"), /inputWidth 0/);
    assert.match(problems.join("\n"), /inputHeight 1\.5/);
    assert.match(problems.join("\n"), /mean must be three finite numbers/);
    assert.match(problems.join("\n"), /std must be three positive numbers, got \[1, 0, 1\]/);
    assert.match(problems.join("\n"), /classIdOffset applies to SSD and YOLO_END2END only/);
  });

  it("checks class names: some named, none repeated, none blank or padded", () => {
    assert.match(findOnnxDetectorSpecProblems(spec({ classNames: [] })).join(), /1 to 10000 names/);
    assert.match(findOnnxDetectorSpecProblems(spec({ classNames: ["", ""] })).join(), /all "" \(ignored\)/);
    assert.deepEqual(findOnnxDetectorSpecProblems(spec({ classNames: ["a", "b", "a", " ", "c "] })), [
      'classNames[3] is blank: use "" to ignore a class index',
      'classNames[4] "c " has leading or trailing spaces',
      'classNames[2] repeats "a" (also at 0); each label is one class',
    ]);
    assert.deepEqual(
      findOnnxDetectorSpecProblems(
        spec({ outputLayout: "SSD", classNames: ["", "cat", ""], classIdOffset: 1, outputNames: ["b", "s", "c", "n"] }),
      ),
      [],
    );
  });

  it("checks user-given output names against the layout", () => {
    assert.match(
      findOnnxDetectorSpecProblems(spec({ outputLayout: "SSD", outputNames: ["a", "b"] }), "declared").join(),
      /4 output\(s\) for SSD \(boxes, scores, classes, count\), got 2/,
    );
    assert.match(
      findOnnxDetectorSpecProblems(spec({ outputLayout: "DETR", outputNames: ["a", "a"] }), "declared").join(),
      /different outputs/,
    );
  });

  it("turns named classes into rectangle labels and describes the preprocessing", () => {
    assert.deepEqual(
      labelsOfDetector({ classNames: ["", "cat", "dog"] }).map((l) => [l.name, l.type]),
      [
        ["cat", "RECTANGLE"],
        ["dog", "RECTANGLE"],
      ],
    );
    assert.equal(
      describePreprocessing(spec()),
      "letterbox (keep aspect, pad 114) to 640×640; RGB, NCHW, float32 (x − [0, 0, 0]) / [255, 255, 255]",
    );
    assert.equal(
      describePreprocessing(spec({ resize: "STRETCH", inputType: "UINT8", tensorLayout: "NHWC", channelOrder: "BGR" })),
      "stretch to 640×640; BGR, NHWC, uint8 0..255",
    );
  });
});
