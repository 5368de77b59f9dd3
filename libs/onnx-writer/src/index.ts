export { encodeOnnxModel } from "./onnx-model.encoder.js";
export { GraphBuilder, attr } from "./graph.builder.js";
export type { NodeOptions } from "./graph.builder.js";
export { DataType, DEFAULT_IR_VERSION, DEFAULT_OPSET } from "./onnx-model.types.js";
export type {
  AttributeValue,
  Dim,
  OnnxAttribute,
  OnnxGraph,
  OnnxModel,
  OnnxNode,
  OnnxTensor,
  OnnxValueInfo,
  OperatorSetId,
  TensorData,
  TensorDataByType,
} from "./onnx-model.types.js";
export { OnnxWriterError, OnnxWriterErrorCode } from "./onnx-writer.errors.js";
export { float16BitsToFloat32, float32ToFloat16Bits, floatToHalf, halfToFloat } from "./float16.codec.js";
