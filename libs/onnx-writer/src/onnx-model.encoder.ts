// Hand-written, write-only protobuf encoding of the ONNX messages we need. Not the onnx-proto package: it pins
// protobufjs 6 (with an install script) and ONNX 1.10 typings.
// Field numbers are those of onnx/onnx.proto. Fields are written in field-number order, attributes sorted by name,
// everything else in the order given, and nothing time- or environment-dependent is written: same model, same bytes.
import { endianness } from "node:os";
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
import {
  DEFAULT_IR_VERSION,
  DEFAULT_OPSET,
  DataType,
  type Dim,
  type OnnxAttribute,
  type OnnxGraph,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
  type OperatorSetId,
} from "./onnx-model.types.js";
import { OnnxWriterError, OnnxWriterErrorCode } from "./onnx-writer.errors.js";

/** AttributeProto.AttributeType */
const AttributeType = { float: 1, int: 2, string: 3, tensor: 4, graph: 5, floats: 6, ints: 7, strings: 8 } as const;

const TypedArrayFor: Record<DataType, new (n: number) => ArrayBufferView> = {
  [DataType.FLOAT]: Float32Array,
  [DataType.UINT8]: Uint8Array,
  [DataType.INT8]: Int8Array,
  [DataType.INT32]: Int32Array,
  [DataType.INT64]: BigInt64Array,
  [DataType.BOOL]: Uint8Array,
  [DataType.FLOAT16]: Uint16Array,
};

/** Serialises a model to ONNX protobuf bytes. Throws {@link OnnxWriterError} on an inconsistent tensor. */
export function encodeOnnxModel(model: OnnxModel): Uint8Array {
  if (endianness() !== "LE") {
    throw new OnnxWriterError(OnnxWriterErrorCode.BigEndianHost, "ONNX raw_data is little-endian; this host is big-endian");
  }
  const w = new BinaryWriter();
  w.tag(1, WireType.Varint).int64(model.irVersion ?? DEFAULT_IR_VERSION);
  if (model.producerName !== undefined) w.tag(2, WireType.LengthDelimited).string(model.producerName);
  if (model.producerVersion !== undefined) w.tag(3, WireType.LengthDelimited).string(model.producerVersion);
  if (model.docString !== undefined) w.tag(6, WireType.LengthDelimited).string(model.docString);
  w.tag(7, WireType.LengthDelimited).fork();
  writeGraph(w, model.graph);
  w.join();
  for (const opset of model.opsetImports ?? [{ domain: "", version: DEFAULT_OPSET }]) {
    w.tag(8, WireType.LengthDelimited).fork();
    writeOpset(w, opset);
    w.join();
  }
  for (const { key, value } of model.metadata ?? []) {
    w.tag(14, WireType.LengthDelimited)
      .fork()
      .tag(1, WireType.LengthDelimited)
      .string(key)
      .tag(2, WireType.LengthDelimited)
      .string(value)
      .join();
  }
  return w.finish();
}

function writeOpset(w: BinaryWriter, opset: OperatorSetId): void {
  w.tag(1, WireType.LengthDelimited).string(opset.domain);
  w.tag(2, WireType.Varint).int64(opset.version);
}

function writeGraph(w: BinaryWriter, graph: OnnxGraph): void {
  for (const node of graph.nodes) {
    w.tag(1, WireType.LengthDelimited).fork();
    writeNode(w, node);
    w.join();
  }
  w.tag(2, WireType.LengthDelimited).string(graph.name);
  for (const tensor of graph.initializers) {
    w.tag(5, WireType.LengthDelimited).fork();
    writeTensor(w, tensor);
    w.join();
  }
  const valueInfoFields: [number, readonly OnnxValueInfo[]][] = [
    [11, graph.inputs],
    [12, graph.outputs],
    [13, graph.valueInfo ?? []],
  ];
  for (const [field, infos] of valueInfoFields) {
    for (const info of infos) {
      w.tag(field, WireType.LengthDelimited).fork();
      writeValueInfo(w, info);
      w.join();
    }
  }
}

function writeNode(w: BinaryWriter, node: OnnxNode): void {
  for (const input of node.inputs) w.tag(1, WireType.LengthDelimited).string(input);
  for (const output of node.outputs) w.tag(2, WireType.LengthDelimited).string(output);
  w.tag(3, WireType.LengthDelimited).string(node.name);
  w.tag(4, WireType.LengthDelimited).string(node.opType);
  const attributes = [...(node.attributes ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const attribute of attributes) {
    w.tag(5, WireType.LengthDelimited).fork();
    writeAttribute(w, attribute);
    w.join();
  }
  if (node.domain) w.tag(7, WireType.LengthDelimited).string(node.domain);
}

function writeAttribute(w: BinaryWriter, attribute: OnnxAttribute): void {
  w.tag(1, WireType.LengthDelimited).string(attribute.name);
  // Repeated scalars are written unpacked: onnx.proto is proto2 without [packed = true] on these fields.
  switch (attribute.type) {
    case "float":
      w.tag(2, WireType.Bit32).float(attribute.value);
      break;
    case "int":
      w.tag(3, WireType.Varint).int64(attribute.value);
      break;
    case "string":
      w.tag(4, WireType.LengthDelimited).string(attribute.value);
      break;
    case "tensor":
      w.tag(5, WireType.LengthDelimited).fork();
      writeTensor(w, attribute.value);
      w.join();
      break;
    case "graph":
      w.tag(6, WireType.LengthDelimited).fork();
      writeGraph(w, attribute.value);
      w.join();
      break;
    case "floats":
      for (const v of attribute.value) w.tag(7, WireType.Bit32).float(v);
      break;
    case "ints":
      for (const v of attribute.value) w.tag(8, WireType.Varint).int64(v);
      break;
    case "strings":
      for (const v of attribute.value) w.tag(9, WireType.LengthDelimited).string(v);
      break;
  }
  w.tag(20, WireType.Varint).int32(AttributeType[attribute.type]);
}

function writeTensor(w: BinaryWriter, tensor: OnnxTensor): void {
  const count = checkDims(tensor.dims, tensor.name);
  const expected = TypedArrayFor[tensor.dataType];
  if (!expected || !(tensor.data instanceof expected)) {
    throw new OnnxWriterError(
      OnnxWriterErrorCode.DataTypeMismatch,
      `tensor ${tensor.name}: data type ${tensor.dataType} needs a ${expected?.name ?? "supported typed array"}, got ${tensor.data.constructor.name}`,
    );
  }
  if (tensor.data.length !== count) {
    throw new OnnxWriterError(
      OnnxWriterErrorCode.DataLengthMismatch,
      `tensor ${tensor.name}: dims [${tensor.dims.join(",")}] hold ${count} elements, data has ${tensor.data.length}`,
    );
  }
  for (const d of tensor.dims) w.tag(1, WireType.Varint).int64(d);
  w.tag(2, WireType.Varint).int32(tensor.dataType);
  w.tag(8, WireType.LengthDelimited).string(tensor.name);
  const { buffer, byteOffset, byteLength } = tensor.data;
  w.tag(9, WireType.LengthDelimited).bytes(new Uint8Array(buffer, byteOffset, byteLength));
}

function writeValueInfo(w: BinaryWriter, info: OnnxValueInfo): void {
  w.tag(1, WireType.LengthDelimited).string(info.name);
  w.tag(2, WireType.LengthDelimited).fork(); // TypeProto
  w.tag(1, WireType.LengthDelimited).fork(); // TypeProto.Tensor
  w.tag(1, WireType.Varint).int32(info.elemType);
  if (info.shape) {
    w.tag(2, WireType.LengthDelimited).fork(); // TensorShapeProto
    for (const dim of info.shape) {
      w.tag(1, WireType.LengthDelimited).fork();
      writeDim(w, dim, info.name);
      w.join();
    }
    w.join();
  }
  w.join().join();
}

function writeDim(w: BinaryWriter, dim: Dim, valueName: string): void {
  if (dim === null) return; // an empty Dimension: unknown size
  if (typeof dim === "string") {
    w.tag(2, WireType.LengthDelimited).string(dim);
    return;
  }
  checkDims([dim], valueName);
  w.tag(1, WireType.Varint).int64(dim);
}

function checkDims(dims: readonly number[], name: string): number {
  let count = 1;
  for (const d of dims) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new OnnxWriterError(OnnxWriterErrorCode.InvalidDimension, `${name}: dimension ${d} is not a non-negative integer`);
    }
    count *= d;
  }
  return count;
}
