// The subset of the ONNX IR this lib can write: a graph (with subgraph attributes), tensor-typed values, dense initializers.
// Field meanings follow onnx/onnx.proto (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto).

/** ONNX `TensorProto.DataType` values this writer supports. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
} as const;
export type DataType = (typeof DataType)[keyof typeof DataType];

/** The typed array that holds a tensor's elements, per data type (FLOAT16 as raw IEEE half bits, BOOL as 0/1 bytes). */
export interface TensorDataByType {
  [DataType.FLOAT]: Float32Array;
  [DataType.UINT8]: Uint8Array;
  [DataType.INT8]: Int8Array;
  [DataType.INT32]: Int32Array;
  [DataType.INT64]: BigInt64Array;
  [DataType.BOOL]: Uint8Array;
  [DataType.FLOAT16]: Uint16Array;
}
export type TensorData = TensorDataByType[DataType];

/** A dense tensor (initializer or tensor attribute); `dims` empty means a scalar. */
export type OnnxTensor = {
  [D in DataType]: { readonly name: string; readonly dataType: D; readonly dims: readonly number[]; readonly data: TensorDataByType[D] };
}[DataType];

/** An attribute value; integers may be bigint when they exceed 2^53 (e.g. INT64_MAX slice ends). */
export type AttributeValue =
  | { readonly type: "float"; readonly value: number }
  | { readonly type: "int"; readonly value: number | bigint }
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "tensor"; readonly value: OnnxTensor }
  /** A subgraph (Loop, If, Scan bodies); it may read values of the enclosing graph by name. */
  | { readonly type: "graph"; readonly value: OnnxGraph }
  | { readonly type: "floats"; readonly value: readonly number[] }
  | { readonly type: "ints"; readonly value: readonly (number | bigint)[] }
  | { readonly type: "strings"; readonly value: readonly string[] };

export type OnnxAttribute = AttributeValue & { readonly name: string };

export interface OnnxNode {
  readonly name: string;
  readonly opType: string;
  /** Empty string marks an omitted optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: readonly OnnxAttribute[];
  /** Operator set domain; "" (default) is ai.onnx. */
  readonly domain?: string;
}

/** A dimension: a fixed size, a symbolic `dim_param` name, or null when unknown. */
export type Dim = number | string | null;

export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: DataType;
  /** Omitted means unknown rank. */
  readonly shape?: readonly Dim[];
}

export interface OnnxGraph {
  readonly name: string;
  /** Topologically sorted. */
  readonly nodes: readonly OnnxNode[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly initializers: readonly OnnxTensor[];
  readonly valueInfo?: readonly OnnxValueInfo[];
}

export interface OperatorSetId {
  readonly domain: string;
  readonly version: number;
}

export interface OnnxModel {
  /** Defaults to {@link DEFAULT_IR_VERSION}. */
  readonly irVersion?: number;
  /** Defaults to the default domain at {@link DEFAULT_OPSET}. */
  readonly opsetImports?: readonly OperatorSetId[];
  readonly producerName?: string;
  readonly producerVersion?: string;
  readonly docString?: string;
  readonly metadata?: readonly { readonly key: string; readonly value: string }[];
  readonly graph: OnnxGraph;
}

export const DEFAULT_IR_VERSION = 8;
export const DEFAULT_OPSET = 18;
