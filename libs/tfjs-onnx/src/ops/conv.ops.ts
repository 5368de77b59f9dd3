// Convolutions and pools. TF's NHWC layout is kept: each op is wrapped as Transpose(0,3,1,2) → op → Transpose(0,2,3,1),
// and ORT's transpose optimizer cancels the pairs between consecutive layers. Filters are rearranged at conversion time.
import { DataType, attr, type AttributeValue } from "@prelabel/onnx-writer";
import type { ConversionContext } from "../conversion.context.js";
import type { TfNode } from "../tfjs-model.types.js";
import { UnsupportedOpError } from "../tfjs-onnx.errors.js";
import { emitActivation, readFusedOps } from "./activation.ops.js";
import type { OpTable } from "./op-converter.types.js";

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

/** [1, h, w, 1] (NHWC) → [h, w]; TF allows nothing else on the batch and channel axes here. */
function spatial(node: TfNode, ctx: ConversionContext, name: string, fallback?: number[]): [number, number] {
  const v = ctx.attrs(node).ints(name, fallback);
  if (v.length !== 4 || v[0] !== 1 || v[3] !== 1)
    throw new UnsupportedOpError(node.op, node.name, `${name} [${v.join(",")}] must be [1, h, w, 1]`);
  return [v[1], v[2]];
}

function requireNhwc(node: TfNode, ctx: ConversionContext): void {
  const format = ctx.attrs(node).string("data_format", "NHWC");
  if (format !== "NHWC") throw new UnsupportedOpError(node.op, node.name, `data_format ${format} is not supported (NHWC only)`);
}

/** TF padding → ONNX: SAME is SAME_UPPER (odd padding at the end, as TF does, strided or not). */
function padding(node: TfNode, ctx: ConversionContext): Record<string, AttributeValue> {
  const a = ctx.attrs(node);
  const mode = a.string("padding");
  if (mode === "SAME") return { auto_pad: attr.string("SAME_UPPER") };
  if (mode === "VALID") return { auto_pad: attr.string("VALID") };
  if (mode === "EXPLICIT") {
    const p = a.ints("explicit_paddings"); // [n_b, n_e, h_b, h_e, w_b, w_e, c_b, c_e]
    if (p.length !== 8 || p[0] || p[1] || p[6] || p[7])
      throw new UnsupportedOpError(node.op, node.name, `explicit_paddings [${p.join(",")}] must pad H and W only`);
    return { pads: attr.ints([p[2], p[4], p[3], p[5]]) };
  }
  throw new UnsupportedOpError(node.op, node.name, `padding ${mode} is not supported`);
}

function requireFloat(node: TfNode, ctx: ConversionContext): string {
  const x = ctx.input(node, 0);
  if (x.dtype !== DataType.FLOAT) throw new UnsupportedOpError(node.op, node.name, "only float inputs are supported");
  return x.name;
}

/** HWIO → OIHW. */
function convFilter(node: TfNode, ctx: ConversionContext): { name: string; dims: number[] } {
  const f = ctx.const(node, 1);
  if (f.shape.length !== 4) throw new UnsupportedOpError(node.op, node.name, `filter rank ${f.shape.length}, expected 4`);
  const [kh, kw, ci, co] = f.shape as [number, number, number, number];
  const src = f.values as Float32Array;
  const dst = new Float32Array(src.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) dst[((o * ci + i) * kh + h) * kw + w] = src[((h * kw + w) * ci + i) * co + o]!;
  const dims = [co, ci, kh, kw];
  return { name: ctx.weight(`${ctx.inputRef(node, 1)}:oihw`, dims, dst, f.halfSource), dims };
}

/** Depthwise [KH, KW, C, M] → [C·M, 1, KH, KW] with group = C: TF's output channel c·M + m reads input channel c. */
function depthwiseFilter(node: TfNode, ctx: ConversionContext): { name: string; dims: number[]; group: number } {
  const f = ctx.const(node, 1);
  if (f.shape.length !== 4) throw new UnsupportedOpError(node.op, node.name, `filter rank ${f.shape.length}, expected 4`);
  const [kh, kw, c, m] = f.shape as [number, number, number, number];
  const src = f.values as Float32Array;
  const dst = new Float32Array(src.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let ch = 0; ch < c; ch++)
        for (let k = 0; k < m; k++) dst[((ch * m + k) * kh + h) * kw + w] = src[((h * kw + w) * c + ch) * m + k]!;
  const dims = [c * m, 1, kh, kw];
  return { name: ctx.weight(`${ctx.inputRef(node, 1)}:depthwise`, dims, dst, f.halfSource), dims, group: c };
}

function conv(node: TfNode, ctx: ConversionContext, kind: "conv" | "depthwise", fused: boolean): void {
  requireNhwc(node, ctx);
  const x = requireFloat(node, ctx);
  const fusedOps = fused ? readFusedOps(node, ctx) : { activation: undefined };
  const filter = kind === "conv" ? { ...convFilter(node, ctx), group: 1 } : depthwiseFilter(node, ctx);
  const inputs = [ctx.op1(node, "Transpose", [x], { perm: attr.ints(TO_NCHW) }), filter.name];
  if (fused) inputs.push(ctx.input(node, 2).name);
  let y = ctx.op1(node, "Conv", inputs, {
    kernel_shape: attr.ints(filter.dims.slice(2)),
    strides: attr.ints(spatial(node, ctx, "strides")),
    dilations: attr.ints(spatial(node, ctx, "dilations", [1, 1, 1, 1])),
    group: attr.int(filter.group),
    ...padding(node, ctx),
  });
  const act = fusedOps.activation;
  // Activation before transposing back, so ORT can fuse it into the Conv; PRelu's alpha is channels-last, so after.
  if (act && act !== "prelu") y = emitActivation(node, ctx, act, y);
  const nhwc = ctx.op1(node, "Transpose", [y], { perm: attr.ints(TO_NHWC) }, act === "prelu" ? undefined : ctx.out(node));
  const out = act === "prelu" ? emitActivation(node, ctx, act, nhwc, ctx.out(node)) : nhwc;
  ctx.define(node, 0, { name: out, dtype: DataType.FLOAT });
}

function pool(node: TfNode, ctx: ConversionContext, onnxOp: "MaxPool" | "AveragePool"): void {
  requireNhwc(node, ctx);
  const x = requireFloat(node, ctx);
  const nchw = ctx.op1(node, "Transpose", [x], { perm: attr.ints(TO_NCHW) });
  const y = ctx.op1(node, onnxOp, [nchw], {
    kernel_shape: attr.ints(spatial(node, ctx, "ksize")),
    strides: attr.ints(spatial(node, ctx, "strides")),
    ...padding(node, ctx),
    // TF's AvgPool divides by the number of non-padding elements.
    ...(onnxOp === "AveragePool" ? { count_include_pad: attr.int(0) } : {}),
  });
  ctx.define(node, 0, { name: ctx.op1(node, "Transpose", [y], { perm: attr.ints(TO_NHWC) }, ctx.out(node)), dtype: DataType.FLOAT });
}

export const convOps: OpTable = {
  Conv2D: (node, ctx) => conv(node, ctx, "conv", false),
  _FusedConv2D: (node, ctx) => conv(node, ctx, "conv", true),
  DepthwiseConv2dNative: (node, ctx) => conv(node, ctx, "depthwise", false),
  FusedDepthwiseConv2dNative: (node, ctx) => conv(node, ctx, "depthwise", true),
  MaxPool: (node, ctx) => pool(node, ctx, "MaxPool"),
  AvgPool: (node, ctx) => pool(node, ctx, "AveragePool"),
};
