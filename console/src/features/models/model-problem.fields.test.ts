import { fieldOfProblem, problemsByField } from "./model-problem.fields.js";

describe("fieldOfProblem", () => {
  // The registry's own wordings (services/model-registry: onnx-signature.ts, onnx-detector-spec.ts, the check runner).
  it.each([
    ['"photo.onnx" is not an ONNX model that can be loaded: protobuf parsing failed', "file"],
    ['"m.onnx" failed its trial run on a blank 64×64 input: bad shape', "file"],
    ['"m.onnx" did not finish one run on a blank input within its frame budget of 100 ms (frameBudgetMs): …', "frameBudgetMs"],
    ["frameBudgetMs 50 must be an integer in [100, 120000]", "frameBudgetMs"],
    ['input "images" has shape [N, 3, 32, 32], expected [1, 3, 64, 64] (inputWidth × inputHeight, NCHW)', "inputSize"],
    ['input "images" is uint8, expected float32 (inputType FLOAT32)', "inputType"],
    ["expected exactly one input (the image), the file has 2", "inputSize"],
    ['YOLO_V8 detections output "output0" has shape [1, 6, 10], expected [1, 7, anchors] (cx, cy, w, h + 3 classNames)', "classNames"],
    ["expected an output with the YOLO_V8 detections, the file has none", "outputLayout"],
    ['no output for SSD boxes: expected one whose name contains "box" (the file has "a"); or name it in outputNames', "outputNames"],
    ["inputWidth 0 must be an integer in [1, 4096]", "inputSize"],
    ["std must be three positive numbers, got [0, 1, 1]", "normalisation"],
    ['classNames[1] repeats "cat" (also at 0); each label is one class', "classNames"],
    ["nmsIou 2 must be in (0, 1]", "nmsIou"],
    ["defaultThreshold 0 must be in (0, 1]", "defaultThreshold"],
    ["name must not be empty", "name"],
  ])("%s → %s", (problem, field) => {
    expect(fieldOfProblem(problem)).toBe(field);
  });

  it("keeps problems no field claims apart", () => {
    expect(problemsByField(["something else went wrong", "nmsIou 2 must be in (0, 1]"])).toEqual({
      byField: { nmsIou: ["nmsIou 2 must be in (0, 1]"] },
      unplaced: ["something else went wrong"],
    });
  });
});
