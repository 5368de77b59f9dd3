import { DataType } from "@prelabel/onnx-writer";
import {
  create,
  ModelArtifactSchema,
  ModelDescriptorSchema,
  OnnxChannelOrder,
  OnnxDetectorSpecSchema,
  OnnxInputType,
  OnnxOutputLayout,
  OnnxResizeMode,
  OnnxTensorLayout,
  type ModelDescriptor,
} from "@prelabel/proto";
import { TestGraph } from "../../src/inference/onnx-detector/test-graphs.testing.js";
import { sha256Hex } from "./frames.js";

/** A YOLOv8-layout detector with two classes whose output is one constant car box at input (16, 24)–(32, 40), whatever the frame. */
export function carDetectorOnnx(): Uint8Array {
  const graph = new TestGraph("cars");
  graph.input("images", DataType.FLOAT, [1, 3, 64, 64]);
  graph.constant("output0", [1, 6, 2], [24, 50, 32, 50, 16, 4, 16, 4, 0.1, 0.05, 0.9, 0.1]);
  return graph.bytes();
}

/**
 * What model-registry describes for an uploaded ONNX detector stored under its sha256: YOLOv8 layout, 64×64
 * letterboxed RGB input `images` in [0, 1], classes person and car; `frameBudgetMs` unset leaves the worker's default.
 */
export function uploadedDetectorDescriptor(model: {
  id: string;
  name?: string;
  bytes: Uint8Array;
  frameBudgetMs?: number;
}): ModelDescriptor {
  return create(ModelDescriptorSchema, {
    id: model.id,
    name: model.name ?? model.id,
    runtime: "onnx-detector",
    defaultThreshold: 0.25,
    artifacts: [create(ModelArtifactSchema, { name: "model", sha256: sha256Hex(model.bytes), sizeBytes: BigInt(model.bytes.byteLength) })],
    onnxDetector: create(OnnxDetectorSpecSchema, {
      outputLayout: OnnxOutputLayout.YOLO_V8,
      inputWidth: 64,
      inputHeight: 64,
      resize: OnnxResizeMode.LETTERBOX,
      channelOrder: OnnxChannelOrder.RGB,
      tensorLayout: OnnxTensorLayout.NCHW,
      inputType: OnnxInputType.FLOAT32,
      mean: [0, 0, 0],
      std: [255, 255, 255],
      classNames: ["person", "car"],
      nmsIou: 0.45,
      maxDetections: 100,
      inputName: "images",
      outputNames: ["output0"],
      ...(model.frameBudgetMs ? { frameBudgetMs: model.frameBudgetMs } : {}),
    }),
  });
}
