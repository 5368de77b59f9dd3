import { DataType, attr } from "@prelabel/onnx-writer";
import type { ConversionContext } from "../conversion.context.js";
import type { TfNode } from "../tfjs-model.types.js";
import { UnsupportedOpError } from "../tfjs-onnx.errors.js";
import type { OpConverter, OpTable } from "./op-converter.types.js";

/** Reduce over the axes input (opset 18 takes axes as an input); empty axes is a no-op in TF, so say so to ONNX too. */
const reduce =
  (onnxOp: string): OpConverter =>
  (node, ctx) => {
    const x = ctx.input(node, 0);
    const out = ctx.op1(
      node,
      onnxOp,
      [x.name, ctx.int64VectorInput(node, 1)],
      { keepdims: attr.int(ctx.attrs(node).bool("keep_dims", false) ? 1 : 0), noop_with_empty_axes: attr.int(1) },
      ctx.out(node),
    );
    ctx.define(node, 0, { name: out, dtype: x.dtype });
  };

function scalarAxis(node: TfNode, ctx: ConversionContext, input: number): number {
  const v = ctx.constInts(node, input);
  if (v.length !== 1) throw new UnsupportedOpError(node.op, node.name, `axis must be a scalar, got [${v.join(",")}]`);
  return v[0];
}

/** ArgMax/ArgMin: ONNX returns int64 and, like TF, the first index on ties; cast to the requested output_type. */
const arg =
  (onnxOp: "ArgMax" | "ArgMin"): OpConverter =>
  (node, ctx) => {
    const x = ctx.input(node, 0);
    const outType = ctx.dtype(node, ctx.attrs(node).type("output_type", "DT_INT64"));
    const attrs = { axis: attr.int(scalarAxis(node, ctx, 1)), keepdims: attr.int(0) };
    const out =
      outType === DataType.INT64
        ? ctx.op1(node, onnxOp, [x.name], attrs, ctx.out(node))
        : ctx.op1(node, "Cast", [ctx.op1(node, onnxOp, [x.name], attrs)], { to: attr.int(outType) }, ctx.out(node));
    ctx.define(node, 0, { name: out, dtype: outType });
  };

export const reductionOps: OpTable = {
  Mean: reduce("ReduceMean"),
  Sum: reduce("ReduceSum"),
  Max: reduce("ReduceMax"),
  Min: reduce("ReduceMin"),
  Prod: reduce("ReduceProd"),
  Softmax: (node, ctx) => {
    const x = ctx.input(node, 0);
    ctx.define(node, 0, { name: ctx.op1(node, "Softmax", [x.name], { axis: attr.int(-1) }, ctx.out(node)), dtype: x.dtype });
  },
  LogSoftmax: (node, ctx) => {
    const x = ctx.input(node, 0);
    ctx.define(node, 0, { name: ctx.op1(node, "LogSoftmax", [x.name], { axis: attr.int(-1) }, ctx.out(node)), dtype: x.dtype });
  },
  ArgMax: arg("ArgMax"),
  ArgMin: arg("ArgMin"),
  /** TopK over the last axis; ONNX wants k as int64 [1] and returns int64 indices, which TF consumers expect as int32. */
  TopKV2: (node, ctx) => {
    const x = ctx.input(node, 0);
    const [values, indices] = ctx.op(
      node,
      "TopK",
      [x.name, ctx.int64VectorInput(node, 1)],
      { axis: attr.int(-1), largest: attr.int(1), sorted: attr.int(ctx.attrs(node).bool("sorted", true) ? 1 : 0) },
      [ctx.out(node, 0), undefined],
    );
    ctx.define(node, 0, { name: values, dtype: x.dtype });
    ctx.define(node, 1, {
      name: ctx.op1(node, "Cast", [indices], { to: attr.int(DataType.INT32) }, ctx.out(node, 1)),
      dtype: DataType.INT32,
    });
  },
};
