// The parts of a TF.js graph-model `model.json` the converter reads (GraphDef in protobuf JSON form).

/** One attribute value as protobuf JSON writes it: int64s are strings, strings are base64. */
export interface TfAttrValue {
  readonly s?: string;
  readonly i?: string | number;
  readonly f?: number;
  readonly b?: boolean;
  readonly type?: string;
  readonly shape?: TfShape;
  readonly tensor?: TfTensorProto;
  readonly list?: {
    readonly s?: readonly string[];
    readonly i?: readonly (string | number)[];
    readonly f?: readonly number[];
    readonly b?: readonly boolean[];
    readonly type?: readonly string[];
  };
}

export interface TfShape {
  readonly dim?: readonly { readonly size?: string | number }[];
  readonly unknownRank?: boolean;
}

export interface TfTensorProto {
  readonly dtype?: string;
  readonly tensorShape?: TfShape;
  readonly floatVal?: readonly number[];
  readonly intVal?: readonly number[];
  readonly int64Val?: readonly (string | number)[];
  readonly boolVal?: readonly boolean[];
}

export interface TfNode {
  readonly name: string;
  readonly op: string;
  /** `name`, `name:k` for output k, `^name` for a control dependency. */
  readonly input?: readonly string[];
  readonly attr?: Readonly<Record<string, TfAttrValue>>;
  readonly device?: string;
}

export interface TfTensorSignature {
  readonly name: string;
  readonly dtype?: string;
  readonly tensorShape?: TfShape;
}

export interface TfSignature {
  readonly inputs?: Readonly<Record<string, TfTensorSignature>>;
  readonly outputs?: Readonly<Record<string, TfTensorSignature>>;
}

export interface WeightQuantization {
  readonly dtype: "float16" | "uint8" | "uint16";
  readonly min?: number;
  readonly scale?: number;
  readonly original_dtype?: string;
}

export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly quantization?: WeightQuantization;
}

export interface WeightsManifestGroup {
  readonly paths: readonly string[];
  readonly weights: readonly WeightSpec[];
}

export interface TfjsModelJson {
  readonly format?: string;
  readonly generatedBy?: string;
  readonly convertedBy?: string | null;
  readonly signature?: TfSignature;
  readonly userDefinedMetadata?: { readonly signature?: TfSignature } & Readonly<Record<string, unknown>>;
  readonly modelTopology: { readonly node: readonly TfNode[]; readonly library?: unknown; readonly versions?: unknown };
  readonly weightsManifest: readonly WeightsManifestGroup[];
}

/** A graph model in memory: what `tf.io.IOHandler.load()` returns, plus where it came from. */
export interface TfjsModelSource {
  readonly modelJson: TfjsModelJson;
  /** Every manifest group's weights, in manifest order. */
  readonly weightSpecs: readonly WeightSpec[];
  /** Every group's shard files concatenated, in manifest order. */
  readonly weightData: Uint8Array;
}
