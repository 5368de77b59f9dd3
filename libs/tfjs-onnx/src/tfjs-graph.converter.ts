import { DataType, type Dim, type OnnxModel, type OnnxValueInfo } from "@prelabel/onnx-writer";
import { ConversionContext, producerOf, tensorName } from "./conversion.context.js";
import { NodeAttributes } from "./node-attributes.reader.js";
import { pruneToOutputs, unconsumedNodes } from "./graph.pruner.js";
import { converterFor } from "./ops/op.registry.js";
import type { TfNode, TfSignature, TfjsModelSource } from "./tfjs-model.types.js";
import { TfjsOnnxError, TfjsOnnxErrorCode, UnsupportedOpError } from "./tfjs-onnx.errors.js";
import { decodeWeights, type ConstTensor } from "./weights.decoder.js";

/** Replace an internal node by a graph input (e.g. to drop preprocessing the converter cannot express). */
export interface CutInput {
  /** TF node name; its output 0 becomes the graph input of the same name. */
  readonly name: string;
  /** -1 in the first position becomes the batch dim_param; other -1 are unknown; strings are dim_params. */
  readonly shape: readonly (number | string)[];
  readonly dtype?: "float32" | "int32";
}

export interface ConvertOptions {
  /** TF tensor names (`node`, `node:k`). Default: the signature's outputs, else every unconsumed node. */
  readonly outputs?: readonly string[];
  readonly cutInputs?: readonly CutInput[];
  /** Store weights that were float16 in the source as FLOAT16 + Cast (half the size; ORT folds the Cast at load). */
  readonly fp16Storage?: boolean;
  /** dim_param for a -1 leading dimension. Default "N". */
  readonly batchDimParam?: string;
  readonly graphName?: string;
}

export interface ConvertedModel {
  readonly model: OnnxModel;
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  /** TF nodes converted (after pruning, constants included) and ONNX nodes emitted per op type. */
  readonly stats: { readonly tfNodes: number; readonly onnxNodes: Readonly<Record<string, number>>; readonly initializers: number };
}

const signatureOf = (source: TfjsModelSource): TfSignature | undefined =>
  source.modelJson.signature ?? source.modelJson.userDefinedMetadata?.signature;

/** The graph outputs: explicit list, else the signature's (in natural name order), else the unconsumed nodes. */
export function resolveOutputs(source: TfjsModelSource, explicit?: readonly string[]): string[] {
  if (explicit?.length) return explicit.map(tensorName);
  const signature = Object.values(signatureOf(source)?.outputs ?? {}).map((o) => tensorName(o.name));
  if (signature.length) return signature.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  return unconsumedNodes(source.modelJson.modelTopology.node);
}

/** Converts a TF.js graph model to ONNX (IR 8, opset 18), keeping TF's NHWC layout. Pure: same input, same model. */
export function convertTfjsGraph(source: TfjsModelSource, options: ConvertOptions = {}): ConvertedModel {
  const nodes = new Map<string, TfNode>();
  for (const node of source.modelJson.modelTopology.node) {
    if (nodes.has(node.name)) throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidModel, `node name ${node.name} occurs twice`);
    nodes.set(node.name, node);
  }
  const cuts = new Map((options.cutInputs ?? []).map((c) => [c.name, c]));
  for (const name of cuts.keys())
    if (!nodes.has(name)) throw new TfjsOnnxError(TfjsOnnxErrorCode.UnknownNode, `cut input ${name} names no node of the graph`);
  const outputs = resolveOutputs(source, options.outputs);
  for (const out of outputs) {
    if (!nodes.has(producerOf(out).node))
      throw new TfjsOnnxError(TfjsOnnxErrorCode.UnknownNode, `output ${out} names no node of the graph`);
  }

  const ordered = pruneToOutputs(
    nodes,
    outputs.map((o) => producerOf(o).node),
    new Set(cuts.keys()),
  );
  const constNames = new Set(ordered.filter((n) => n.op === "Const").map((n) => n.name));
  const consts = constantsOf(ordered, decodeWeights(source.weightSpecs, source.weightData, constNames));
  const ctx = new ConversionContext(options.graphName ?? "tfjs_graph", nodes, consts, { fp16Storage: options.fp16Storage ?? false });
  const batch = options.batchDimParam ?? "N";
  const dims = (shape: readonly (number | string)[]): Dim[] =>
    shape.map((d, i) => (typeof d === "string" ? d : d >= 0 ? d : i === 0 ? batch : null));

  for (const node of ordered) {
    const cut = cuts.get(node.name);
    if (cut) {
      ctx.addGraphInput(node, cut.dtype === "int32" ? DataType.INT32 : DataType.FLOAT, dims(cut.shape));
    } else if (node.op === "Placeholder") {
      const a = new NodeAttributes(node);
      const shape = a.shape("shape");
      ctx.addGraphInput(node, ctx.dtype(node, a.type("dtype")), shape && dims(shape));
    } else if (node.op !== "Const") {
      const convert = converterFor(node.op);
      if (!convert) throw new UnsupportedOpError(node.op, node.name, "no ONNX mapping for this op");
      convert(node, ctx);
    }
  }

  for (const out of outputs) {
    const value = ctx.valueOf(out);
    if (!value) throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidModel, `output ${out} produced no value`);
    // A pass-through (Identity) or constant output holds another value's name: give it its TF name.
    const name = value.name === out ? out : ctx.graph.addOp("Identity", [value.name], undefined, { name: `${out}:Identity`, output: out });
    ctx.graph.addOutput(name, value.dtype);
  }

  const graph = ctx.graph.build();
  const onnxNodes: Record<string, number> = {};
  for (const n of graph.nodes) onnxNodes[n.opType] = (onnxNodes[n.opType] ?? 0) + 1;
  const { generatedBy, convertedBy } = source.modelJson;
  return {
    model: {
      producerName: "prelabel-tfjs-onnx",
      producerVersion: "1",
      docString: "Converted from a TensorFlow.js graph model by @prelabel/tfjs-onnx (layout NHWC as in TF).",
      metadata: [
        ...(generatedBy ? [{ key: "tfjs.generatedBy", value: String(generatedBy) }] : []),
        ...(convertedBy ? [{ key: "tfjs.convertedBy", value: String(convertedBy) }] : []),
      ],
      graph,
    },
    inputs: graph.inputs,
    outputs: graph.outputs,
    stats: { tfNodes: ordered.length, onnxNodes, initializers: graph.initializers.length },
  };
}

/** Values of the pruned graph's Const nodes: from the weights, or inline in the node for small scalars. */
function constantsOf(ordered: readonly TfNode[], weights: ReadonlyMap<string, ConstTensor>): Map<string, ConstTensor> {
  const out = new Map<string, ConstTensor>();
  for (const node of ordered) {
    if (node.op !== "Const") continue;
    const fromWeights = weights.get(node.name);
    if (fromWeights) {
      out.set(node.name, fromWeights);
      continue;
    }
    const inline = inlineConst(node);
    if (inline) out.set(node.name, inline);
  }
  return out;
}

function inlineConst(node: TfNode): ConstTensor | undefined {
  const tensor = node.attr?.value?.tensor;
  if (!tensor) return undefined;
  const shape = (tensor.tensorShape?.dim ?? []).map((d) => Number(d.size ?? 0));
  const count = shape.reduce((a, b) => a * b, 1);
  const fill = <T>(vals: readonly T[] | undefined): T[] | undefined =>
    vals?.length ? Array.from({ length: count }, (_, i) => vals[Math.min(i, vals.length - 1)]) : undefined;
  const floats = fill(tensor.floatVal);
  if (tensor.dtype === "DT_FLOAT" && floats) return { dtype: "float32", shape, values: Float32Array.from(floats), halfSource: false };
  const ints = fill(tensor.intVal);
  if (tensor.dtype === "DT_INT32" && ints) return { dtype: "int32", shape, values: Int32Array.from(ints), halfSource: false };
  const bools = fill(tensor.boolVal);
  if (tensor.dtype === "DT_BOOL" && bools)
    return { dtype: "bool", shape, values: Uint8Array.from(bools, (b) => (b ? 1 : 0)), halfSource: false };
  return undefined;
}
