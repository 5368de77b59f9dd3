import { DataType, GraphBuilder, attr, float32ToFloat16Bits, type AttributeValue, type Dim } from "@prelabel/onnx-writer";
import type { TfNode } from "./tfjs-model.types.js";
import { TfjsOnnxError, TfjsOnnxErrorCode, UnsupportedOpError } from "./tfjs-onnx.errors.js";
import { NodeAttributes } from "./node-attributes.reader.js";
import type { ConstTensor } from "./weights.decoder.js";

/** A converted TF tensor: the ONNX value holding it and its element type. */
export interface TfValue {
  readonly name: string;
  readonly dtype: DataType;
}

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

const dtypes: Readonly<Record<string, DataType>> = {
  DT_FLOAT: DataType.FLOAT,
  DT_INT32: DataType.INT32,
  DT_INT64: DataType.INT64,
  DT_BOOL: DataType.BOOL,
  DT_UINT8: DataType.UINT8,
  DT_INT8: DataType.INT8,
};

/** `x:0` and `x` are the same tensor; `^x` is a control edge (not a tensor). */
export function tensorName(input: string): string {
  return input.endsWith(":0") ? input.slice(0, -2) : input;
}

export function producerOf(input: string): { node: string; index: number } {
  const name = input.startsWith("^") ? input.slice(1) : input;
  const m = /^(.*):(\d+)$/.exec(name);
  return m ? { node: m[1], index: Number(m[2]) } : { node: name, index: 0 };
}

export function dataInputs(node: TfNode): string[] {
  return (node.input ?? []).filter((i) => !i.startsWith("^"));
}

export interface ConversionOptions {
  /** Store float weights that were float16 in the source as FLOAT16 initializers followed by a Cast. */
  readonly fp16Storage: boolean;
}

/**
 * State shared by the op converters: the ONNX graph under construction, the TF tensor → ONNX value map and the
 * constants. Constants become initializers only when an op consumes them as tensors, so shape-like int32 constants
 * read at conversion time (axes, pads, reshape shapes…) leave nothing behind but their int64 form.
 *
 * ONNX names: a TF tensor keeps its TF name (`node` or `node:k`); helper values are named `<node>:<Op>`, which no
 * TF tensor name can be (TF node names have no ':'), so they never collide.
 */
export class ConversionContext {
  readonly graph: GraphBuilder;
  private readonly values = new Map<string, TfValue>();
  private readonly cache = new Map<string, TfValue>();

  constructor(
    graphName: string,
    private readonly nodes: ReadonlyMap<string, TfNode>,
    private readonly consts: ReadonlyMap<string, ConstTensor>,
    private readonly options: ConversionOptions,
  ) {
    this.graph = new GraphBuilder(graphName);
  }

  attrs(node: TfNode): NodeAttributes {
    return new NodeAttributes(node);
  }

  /** Maps a DT_* type to ONNX, or refuses the node. */
  dtype(node: TfNode, tfType: string): DataType {
    const t = dtypes[tfType];
    if (t === undefined) throw new UnsupportedOpError(node.op, node.name, `element type ${tfType} is not supported`);
    return t;
  }

  /** The canonical ONNX name of output `index` of `node`: its TF tensor name. */
  out(node: TfNode, index = 0): string {
    return index === 0 ? node.name : `${node.name}:${index}`;
  }

  define(node: TfNode, index: number, value: TfValue): void {
    this.values.set(this.out(node, index), value);
  }

  addGraphInput(node: TfNode, dtype: DataType, shape: readonly Dim[] | undefined): void {
    this.graph.addInput(node.name, dtype, shape);
    this.define(node, 0, { name: node.name, dtype });
  }

  inputCount(node: TfNode): number {
    return dataInputs(node).length;
  }

  /** Data input `i` as a runtime value; a constant producer becomes an initializer (once). */
  input(node: TfNode, i: number): TfValue {
    const ref = this.inputRef(node, i);
    const value = this.valueOf(ref);
    if (!value)
      throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidModel, `node "${node.name}": input ${ref} was not converted before its consumer`);
    return value;
  }

  /** The value of a TF tensor converted so far, or of a constant (materialised now); undefined otherwise. */
  valueOf(tfTensor: string): TfValue | undefined {
    const known = this.values.get(tensorName(tfTensor));
    if (known) return known;
    const constant = this.constOf(tfTensor);
    return constant ? this.materialize(tensorName(tfTensor), constant) : undefined;
  }

  isConst(node: TfNode, i: number): boolean {
    return this.constOf(this.inputRef(node, i)) !== undefined;
  }

  /** Data input `i`, which this mapping needs at conversion time. */
  const(node: TfNode, i: number): ConstTensor {
    const ref = this.inputRef(node, i);
    const constant = this.constOf(ref);
    if (!constant) throw new UnsupportedOpError(node.op, node.name, `input ${i} (${ref}) must be a constant`);
    return constant;
  }

  constInts(node: TfNode, i: number): number[] {
    const c = this.const(node, i);
    if (c.dtype !== "int32") throw new UnsupportedOpError(node.op, node.name, `input ${i} must be an int32 constant, is ${c.dtype}`);
    return [...c.values];
  }

  /** Data input `i` as an int64 tensor: a constant becomes an INT64 initializer, a runtime value is cast. */
  int64Input(node: TfNode, i: number): string {
    if (this.isConst(node, i)) {
      const ref = tensorName(this.inputRef(node, i));
      const values = this.constInts(node, i);
      const dims = this.const(node, i).shape;
      return this.cached(`${ref}:int64`, () => ({ name: this.graph.addInt64(`${ref}:int64`, values, dims), dtype: DataType.INT64 })).name;
    }
    const value = this.input(node, i);
    return value.dtype === DataType.INT64 ? value.name : this.op1(node, "Cast", [value.name], { to: attr.int(DataType.INT64) });
  }

  /** {@link int64Input} flattened to 1-D (ONNX axes/k/sizes inputs must be vectors; TF often passes scalars). */
  int64VectorInput(node: TfNode, i: number): string {
    if (this.isConst(node, i)) {
      const ref = tensorName(this.inputRef(node, i));
      const values = this.constInts(node, i);
      return this.cached(`${ref}:int64:1d`, () => ({ name: this.graph.addInt64(`${ref}:int64:1d`, values), dtype: DataType.INT64 })).name;
    }
    return this.op1(node, "Reshape", [this.int64Input(node, i), this.int64(`${node.name}:flat`, [-1])]);
  }

  /** An INT64 initializer (1-D unless `dims` says otherwise). */
  int64(hint: string, values: readonly (number | bigint)[], dims?: readonly number[]): string {
    return this.graph.addInt64(hint, values, dims);
  }

  /** A shared float32 scalar initializer. */
  scalar(value: number): string {
    const key = `:scalar:${Object.is(value, -0) ? "-0" : value}`;
    return this.cached(key, () => ({
      name: this.graph.addInitializer(key, DataType.FLOAT, [], Float32Array.of(value)),
      dtype: DataType.FLOAT,
    })).name;
  }

  /**
   * A float weight computed at conversion time (e.g. a filter in ONNX layout). With fp16 storage and a half-precision
   * source it is stored as FLOAT16 + Cast: rearranging halves keeps them halves, so this is lossless.
   */
  weight(key: string, dims: readonly number[], values: Float32Array, halfSource: boolean): string {
    return this.cached(key, () => {
      if (this.options.fp16Storage && halfSource) {
        const half = this.graph.addInitializer(`${key}:f16`, DataType.FLOAT16, dims, float32ToFloat16Bits(values));
        return {
          name: this.graph.addOp("Cast", [half], { to: attr.int(DataType.FLOAT) }, { name: `${key}:Cast`, output: key }),
          dtype: DataType.FLOAT,
        };
      }
      return { name: this.graph.addInitializer(key, DataType.FLOAT, dims, values), dtype: DataType.FLOAT };
    }).name;
  }

  /** Emits a helper node for `node`; returns its outputs. Pass `outputs` names to produce TF tensors directly. */
  op(
    node: TfNode,
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, AttributeValue>>,
    outputs: number | readonly (string | undefined)[] = 1,
  ): string[] {
    return this.graph.addNode(opType, inputs, { name: `${node.name}:${opType}`, outputs, ...(attributes ? { attributes } : {}) });
  }

  /** {@link op} with one output; `output` names it (usually `ctx.out(node)`), else it gets a helper name. */
  op1(
    node: TfNode,
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, AttributeValue>>,
    output?: string,
  ): string {
    return this.op(node, opType, inputs, attributes, output === undefined ? 1 : [output])[0];
  }

  /** The TF tensor name of data input `i`. */
  inputRef(node: TfNode, i: number): string {
    const ref = dataInputs(node)[i];
    if (ref === undefined) throw new UnsupportedOpError(node.op, node.name, `expected at least ${i + 1} inputs`);
    return ref;
  }

  private constOf(ref: string): ConstTensor | undefined {
    const { node, index } = producerOf(ref);
    if (index !== 0 || this.nodes.get(node)?.op !== "Const") return undefined;
    const constant = this.consts.get(node);
    if (!constant) throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidModel, `constant ${node} has no values in the weights manifest`);
    return constant;
  }

  private materialize(name: string, c: ConstTensor): TfValue {
    if (c.dtype === "float32") return { name: this.weight(name, c.shape, c.values as Float32Array, c.halfSource), dtype: DataType.FLOAT };
    return this.cached(name, () =>
      c.dtype === "int32"
        ? { name: this.graph.addInitializer(name, DataType.INT32, c.shape, c.values as Int32Array), dtype: DataType.INT32 }
        : { name: this.graph.addInitializer(name, DataType.BOOL, c.shape, c.values as Uint8Array), dtype: DataType.BOOL },
    );
  }

  private cached(key: string, create: () => TfValue): TfValue {
    let value = this.cache.get(key);
    if (!value) {
      value = create();
      this.cache.set(key, value);
    }
    return value;
  }
}
