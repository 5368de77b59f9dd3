import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectOnnxExport } from "./hf-onnx.detector.js";

describe("detectOnnxExport", () => {
  it("finds a DETR-family export by model type", () => {
    assert.deepEqual(detectOnnxExport({ files: ["config.json", "onnx/model.onnx"], tags: [], modelType: "detr" }), {
      path: "onnx/model.onnx",
      layout: "detr",
    });
    assert.deepEqual(detectOnnxExport({ files: ["model.onnx"], tags: [], modelType: "yolos" }), { path: "model.onnx", layout: "detr" });
  });

  it("finds a YOLO export by library or tag", () => {
    assert.deepEqual(detectOnnxExport({ files: ["onnx/model.onnx"], tags: ["yolov8"], libraryName: "ultralytics" }), {
      path: "onnx/model.onnx",
      layout: "yolo",
    });
    assert.deepEqual(detectOnnxExport({ files: ["onnx/model.onnx"], tags: ["yolo"] }), { path: "onnx/model.onnx", layout: "yolo" });
  });

  it("prefers onnx/model.onnx over a root model.onnx", () => {
    assert.equal(detectOnnxExport({ files: ["model.onnx", "onnx/model.onnx"], tags: [], modelType: "detr" })?.path, "onnx/model.onnx");
  });

  it("ignores unknown layouts and repos without an export", () => {
    assert.equal(detectOnnxExport({ files: ["onnx/model.onnx"], tags: [], modelType: "vit" }), undefined);
    assert.equal(detectOnnxExport({ files: ["onnx/model_quantized.onnx"], tags: ["yolo"] }), undefined);
    assert.equal(detectOnnxExport({ files: ["model.safetensors"], tags: [], modelType: "detr" }), undefined);
  });
});
