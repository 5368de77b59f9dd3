import {
  DataType,
  type AttributeValue,
  type Dim,
  type OnnxAttribute,
  type OnnxGraph,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
  type TensorDataByType,
} from "./onnx-model.types.js";
import { OnnxWriterError, OnnxWriterErrorCode } from "./onnx-writer.errors.js";

/** Attribute value constructors: ONNX distinguishes float from int, which a JS number cannot. */
export const attr = {
  float: (value: number): AttributeValue => ({ type: "float", value }),
  int: (value: number | bigint): AttributeValue => ({ type: "int", value }),
  string: (value: string): AttributeValue => ({ type: "string", value }),
  tensor: (value: OnnxTensor): AttributeValue => ({ type: "tensor", value }),
  graph: (value: OnnxGraph): AttributeValue => ({ type: "graph", value }),
  floats: (value: readonly number[]): AttributeValue => ({ type: "floats", value }),
  ints: (value: readonly (number | bigint)[]): AttributeValue => ({ type: "ints", value }),
  strings: (value: readonly string[]): AttributeValue => ({ type: "strings", value }),
} as const;

export interface NodeOptions {
  /** Node name hint, made unique; defaults to the op type. */
  readonly name?: string;
  /** How many outputs (named `<node>:<i>`), or their exact names (which must be new; undefined → `<node>:<i>`). Default 1. */
  readonly outputs?: number | readonly (string | undefined)[];
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
  readonly domain?: string;
}

/**
 * Builds a graph node by node with unique names, checking that every input exists when the node is added,
 * so a graph that builds is topologically sorted and closed.
 *
 * ```ts
 * const g = new GraphBuilder("identity");
 * const x = g.addInput("x", DataType.FLOAT, ["N", 3]);
 * g.addOutput(g.addOp("Identity", [x]), DataType.FLOAT, ["N", 3]);
 * const bytes = encodeOnnxModel(g.toModel());
 * ```
 */
export class GraphBuilder {
  private readonly names = new Set<string>();
  private readonly values = new Set<string>();
  private readonly nodes: OnnxNode[] = [];
  private readonly inputs: OnnxValueInfo[] = [];
  private readonly outputs: OnnxValueInfo[] = [];
  private readonly initializers: OnnxTensor[] = [];

  constructor(readonly name = "graph") {}

  /** `hint` if unused, else `hint_1`, `hint_2`, … (deterministic); the name is then reserved. */
  uniqueName(hint: string): string {
    let candidate = hint;
    for (let i = 1; this.names.has(candidate); i++) candidate = `${hint}_${i}`;
    this.names.add(candidate);
    return candidate;
  }

  hasValue(name: string): boolean {
    return this.values.has(name);
  }

  /** Declares a graph input with exactly this name. */
  addInput(name: string, elemType: DataType, shape?: readonly Dim[]): string {
    this.claim(name);
    this.inputs.push({ name, elemType, ...(shape ? { shape } : {}) });
    return name;
  }

  /** Marks an existing value as a graph output. */
  addOutput(value: string, elemType: DataType, shape?: readonly Dim[]): string {
    this.requireValue(value, "graph output");
    if (this.outputs.some((o) => o.name === value)) {
      throw new OnnxWriterError(OnnxWriterErrorCode.DuplicateName, `${value} is already a graph output`);
    }
    this.outputs.push({ name: value, elemType, ...(shape ? { shape } : {}) });
    return value;
  }

  /** Adds an initializer under a unique name derived from `nameHint`; returns that name. */
  addInitializer<D extends DataType>(nameHint: string, dataType: D, dims: readonly number[], data: TensorDataByType[D]): string {
    const name = this.uniqueName(nameHint);
    this.values.add(name);
    this.initializers.push({ name, dataType, dims: [...dims], data } as OnnxTensor);
    return name;
  }

  addFloat32(nameHint: string, dims: readonly number[], values: ArrayLike<number>): string {
    return this.addInitializer(nameHint, DataType.FLOAT, dims, Float32Array.from(values));
  }

  /** An INT64 initializer (shapes, axes, pads…); `dims` defaults to a 1-D tensor of the values. */
  addInt64(nameHint: string, values: ArrayLike<number | bigint>, dims: readonly number[] = [values.length]): string {
    const data = new BigInt64Array(values.length);
    for (let i = 0; i < values.length; i++) data[i] = BigInt(values[i]);
    return this.addInitializer(nameHint, DataType.INT64, dims, data);
  }

  /** Adds a node whose inputs must already exist ("" for an omitted optional input); returns its output names. */
  addNode(opType: string, inputs: readonly string[], options: NodeOptions = {}): string[] {
    for (const input of inputs) if (input !== "") this.requireValue(input, `input of ${opType}`);
    const name = this.uniqueName(options.name ?? opType);
    const outputSpec = options.outputs ?? 1;
    const specs = typeof outputSpec === "number" ? Array.from({ length: outputSpec }, () => undefined) : outputSpec;
    const outputs = specs.map((output, i) => {
      if (output === undefined) return this.uniqueName(`${name}:${i}`);
      this.claim(output);
      return output;
    });
    for (const output of outputs) this.values.add(output);
    const attributes: OnnxAttribute[] = Object.entries(options.attributes ?? {}).map(([key, value]) => ({ name: key, ...value }));
    this.nodes.push({
      name,
      opType,
      inputs: [...inputs],
      outputs,
      ...(attributes.length ? { attributes } : {}),
      ...(options.domain ? { domain: options.domain } : {}),
    });
    return outputs;
  }

  /** {@link addNode} for the common single-output case; returns the output name. */
  addOp(
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, AttributeValue>>,
    options: Omit<NodeOptions, "attributes" | "outputs"> & { output?: string } = {},
  ): string {
    const { output, ...rest } = options;
    return this.addNode(opType, inputs, {
      ...rest,
      ...(attributes ? { attributes } : {}),
      outputs: output === undefined ? 1 : [output],
    })[0];
  }

  build(): OnnxGraph {
    return {
      name: this.name,
      nodes: [...this.nodes],
      inputs: [...this.inputs],
      outputs: [...this.outputs],
      initializers: [...this.initializers],
    };
  }

  /** The graph as a model with the default IR version and opset unless overridden. */
  toModel(options: Omit<OnnxModel, "graph"> = {}): OnnxModel {
    return { producerName: "prelabel", ...options, graph: this.build() };
  }

  private claim(name: string): void {
    if (this.names.has(name))
      throw new OnnxWriterError(OnnxWriterErrorCode.DuplicateName, `name ${name} is already used in graph ${this.name}`);
    this.names.add(name);
    this.values.add(name);
  }

  private requireValue(name: string, role: string): void {
    if (!this.values.has(name))
      throw new OnnxWriterError(OnnxWriterErrorCode.UnknownValue, `${role}: no value named ${name} in graph ${this.name}`);
  }
}
