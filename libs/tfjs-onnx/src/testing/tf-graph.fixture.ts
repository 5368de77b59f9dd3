// Builds small TF.js graph models in memory, in the same JSON form the converter reads from model.json.
import { float32ToFloat16Bits } from "@prelabel/onnx-writer";
import type { TfAttrValue, TfNode, TfjsModelSource, WeightSpec } from "../tfjs-model.types.js";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

/** Attribute value constructors in protobuf JSON form. */
export const tfAttr = {
  i: (v: number): TfAttrValue => ({ i: String(v) }),
  f: (v: number): TfAttrValue => ({ f: v }),
  b: (v: boolean): TfAttrValue => ({ b: v }),
  s: (v: string): TfAttrValue => ({ s: b64(v) }),
  type: (v: string): TfAttrValue => ({ type: v }),
  ints: (v: readonly number[]): TfAttrValue => ({ list: { i: v.map(String) } }),
  strings: (v: readonly string[]): TfAttrValue => ({ list: { s: v.map(b64) } }),
};

type ConstDtype = "float32" | "int32" | "bool";
const tfType: Record<ConstDtype, string> = { float32: "DT_FLOAT", int32: "DT_INT32", bool: "DT_BOOL" };

export class TfGraphFixture {
  private readonly nodes: TfNode[] = [];
  private readonly specs: WeightSpec[] = [];
  private readonly chunks: Uint8Array[] = [];
  private outputs: string[] | undefined;

  placeholder(name: string, shape: readonly number[], dtype = "DT_FLOAT"): string {
    this.nodes.push({
      name,
      op: "Placeholder",
      attr: { dtype: tfAttr.type(dtype), shape: { shape: { dim: shape.map((size) => ({ size: String(size) })) } } },
    });
    return name;
  }

  /** A constant stored in the weights; `half` stores a float32 constant float16-quantised, like the human models. */
  const(
    name: string,
    shape: readonly number[],
    values: ArrayLike<number>,
    dtype: ConstDtype = "float32",
    options: { half?: boolean } = {},
  ): string {
    const t = tfType[dtype];
    this.nodes.push({
      name,
      op: "Const",
      attr: { dtype: tfAttr.type(t), value: { tensor: { dtype: t, tensorShape: { dim: shape.map((size) => ({ size: String(size) })) } } } },
    });
    if (options.half) {
      this.specs.push({ name, shape: [...shape], dtype, quantization: { dtype: "float16", original_dtype: "float32" } });
      this.chunks.push(new Uint8Array(float32ToFloat16Bits(values).buffer));
    } else {
      const data = dtype === "float32" ? Float32Array.from(values) : dtype === "int32" ? Int32Array.from(values) : Uint8Array.from(values);
      this.specs.push({ name, shape: [...shape], dtype });
      this.chunks.push(new Uint8Array(data.buffer));
    }
    return name;
  }

  op(name: string, op: string, inputs: readonly string[], attr: Record<string, TfAttrValue> = {}): string {
    this.nodes.push({ name, op, input: [...inputs], attr });
    return name;
  }

  /** Declares signature outputs (else the converter falls back to unconsumed nodes). */
  signatureOutputs(names: readonly string[]): this {
    this.outputs = [...names];
    return this;
  }

  source(): TfjsModelSource {
    const signature = this.outputs && { outputs: Object.fromEntries(this.outputs.map((n) => [`${n}:0`, { name: `${n}:0` }])) };
    return {
      modelJson: {
        format: "graph-model",
        generatedBy: "test",
        convertedBy: "test",
        ...(signature ? { signature } : {}),
        modelTopology: { node: [...this.nodes], library: {}, versions: {} },
        weightsManifest: [{ paths: ["weights.bin"], weights: [...this.specs] }],
      },
      weightSpecs: [...this.specs],
      weightData: new Uint8Array(Buffer.concat(this.chunks)),
    };
  }
}
