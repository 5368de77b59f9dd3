import { DataType, attr } from "@prelabel/onnx-writer";
import type { ConversionContext } from "../conversion.context.js";
import type { TfNode } from "../tfjs-model.types.js";
import { UnsupportedOpError } from "../tfjs-onnx.errors.js";
import { emitActivation, readFusedOps } from "./activation.ops.js";
import type { OpTable } from "./op-converter.types.js";

/** TF MatMul is strictly 2-D, which is exactly Gemm's domain; the fused bias becomes Gemm's C. */
function matmul(node: TfNode, ctx: ConversionContext, fused: boolean): void {
  const a = ctx.input(node, 0);
  if (a.dtype !== DataType.FLOAT) throw new UnsupportedOpError(node.op, node.name, "only float inputs are supported");
  const attrs = ctx.attrs(node);
  const act = fused ? readFusedOps(node, ctx).activation : undefined;
  const inputs = [a.name, ctx.input(node, 1).name, ...(fused ? [ctx.input(node, 2).name] : [])];
  const gemm = ctx.op1(
    node,
    "Gemm",
    inputs,
    { transA: attr.int(attrs.bool("transpose_a", false) ? 1 : 0), transB: attr.int(attrs.bool("transpose_b", false) ? 1 : 0) },
    act ? undefined : ctx.out(node),
  );
  ctx.define(node, 0, { name: act ? emitActivation(node, ctx, act, gemm, ctx.out(node)) : gemm, dtype: DataType.FLOAT });
}

export const matmulOps: OpTable = {
  MatMul: (node, ctx) => matmul(node, ctx, false),
  _FusedMatMul: (node, ctx) => matmul(node, ctx, true),
  BatchMatMulV2: (node, ctx) => {
    const attrs = ctx.attrs(node);
    if (attrs.bool("adj_x", false) || attrs.bool("adj_y", false))
      throw new UnsupportedOpError(node.op, node.name, "adj_x/adj_y are not supported");
    const a = ctx.input(node, 0);
    ctx.define(node, 0, { name: ctx.op1(node, "MatMul", [a.name, ctx.input(node, 1).name], undefined, ctx.out(node)), dtype: a.dtype });
  },
};
