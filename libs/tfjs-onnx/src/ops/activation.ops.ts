import { DataType, attr } from "@prelabel/onnx-writer";
import type { ConversionContext } from "../conversion.context.js";
import type { TfNode } from "../tfjs-model.types.js";
import { UnsupportedOpError } from "../tfjs-onnx.errors.js";
import type { OpTable } from "./op-converter.types.js";

/** Activations TF.js fuses into conv/matmul (`fused_ops[1]`), lower-cased as TF.js reads them. */
export type FusedActivation = "relu" | "relu6" | "elu" | "sigmoid" | "leakyrelu" | "prelu";
const fusedActivations: readonly string[] = ["relu", "relu6", "elu", "sigmoid", "leakyrelu", "prelu"];

export interface FusedOps {
  /** Always BiasAdd in what we accept: the bias is data input 2. */
  readonly activation: FusedActivation | undefined;
}

/**
 * Reads `fused_ops` of _FusedConv2D / FusedDepthwiseConv2dNative / _FusedMatMul: [BiasAdd] or [BiasAdd, activation].
 * FusedBatchNorm and bias-less forms are refused rather than guessed.
 */
export function readFusedOps(node: TfNode, ctx: ConversionContext): FusedOps {
  const a = ctx.attrs(node);
  const ops = a.strings("fused_ops", []).map((s) => s.toLowerCase());
  if (ops[0] !== "biasadd" || ops.length > 2) {
    throw new UnsupportedOpError(
      node.op,
      node.name,
      `fused_ops [${ops.join(", ")}] is not supported (only [BiasAdd] or [BiasAdd, activation])`,
    );
  }
  const activation = ops[1];
  if (activation !== undefined && !fusedActivations.includes(activation)) {
    throw new UnsupportedOpError(node.op, node.name, `fused activation ${activation} is not supported`);
  }
  const numArgs = a.int("num_args", 1);
  const expected = activation === "prelu" ? 2 : 1;
  if (numArgs !== expected)
    throw new UnsupportedOpError(node.op, node.name, `num_args ${numArgs} with fused_ops [${ops.join(", ")}], expected ${expected}`);
  return { activation: activation as FusedActivation | undefined };
}

/**
 * Emits an activation of `x`; `output` names the result. PRelu's alpha is data input 3 of the fused node and is
 * laid out for the TF (channels-last) tensor, so callers apply it in NHWC.
 */
export function emitActivation(node: TfNode, ctx: ConversionContext, kind: FusedActivation, x: string, output?: string): string {
  switch (kind) {
    case "relu":
      return ctx.op1(node, "Relu", [x], undefined, output);
    case "relu6":
      return ctx.op1(node, "Clip", [x, ctx.scalar(0), ctx.scalar(6)], undefined, output);
    case "elu":
      return ctx.op1(node, "Elu", [x], { alpha: attr.float(1) }, output);
    case "sigmoid":
      return ctx.op1(node, "Sigmoid", [x], undefined, output);
    case "leakyrelu":
      return ctx.op1(node, "LeakyRelu", [x], { alpha: attr.float(ctx.attrs(node).float("leakyrelu_alpha", 0.2)) }, output);
    case "prelu":
      return ctx.op1(node, "PRelu", [x, ctx.input(node, 3).name], undefined, output);
  }
}

const unary =
  (onnxOp: string) =>
  (node: TfNode, ctx: ConversionContext): void => {
    const x = ctx.input(node, 0);
    ctx.define(node, 0, { name: ctx.op1(node, onnxOp, [x.name], undefined, ctx.out(node)), dtype: x.dtype });
  };

const activation =
  (kind: Exclude<FusedActivation, "prelu">) =>
  (node: TfNode, ctx: ConversionContext): void => {
    const x = ctx.input(node, 0);
    if (x.dtype !== DataType.FLOAT) throw new UnsupportedOpError(node.op, node.name, "only float inputs are supported");
    ctx.define(node, 0, { name: emitActivation(node, ctx, kind, x.name, ctx.out(node)), dtype: x.dtype });
  };

export const activationOps: OpTable = {
  Relu: unary("Relu"),
  Relu6: activation("relu6"),
  Elu: activation("elu"),
  LeakyRelu: (node, ctx) => {
    const x = ctx.input(node, 0);
    const alpha = ctx.attrs(node).float("alpha", 0.2);
    ctx.define(node, 0, { name: ctx.op1(node, "LeakyRelu", [x.name], { alpha: attr.float(alpha) }, ctx.out(node)), dtype: x.dtype });
  },
  Prelu: (node, ctx) => {
    const x = ctx.input(node, 0);
    ctx.define(node, 0, { name: ctx.op1(node, "PRelu", [x.name, ctx.input(node, 1).name], undefined, ctx.out(node)), dtype: x.dtype });
  },
  Sigmoid: unary("Sigmoid"),
  Tanh: unary("Tanh"),
  Softplus: unary("Softplus"),
};
