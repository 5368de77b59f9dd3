import { DataType, attr } from "@prelabel/onnx-writer";
import type { ConversionContext } from "../conversion.context.js";
import type { TfNode } from "../tfjs-model.types.js";
import { UnsupportedOpError } from "../tfjs-onnx.errors.js";
import type { OpConverter, OpTable } from "./op-converter.types.js";

function scalarAxis(node: TfNode, ctx: ConversionContext, input: number): number {
  const v = ctx.constInts(node, input);
  if (v.length !== 1) throw new UnsupportedOpError(node.op, node.name, `axis must be a scalar, got [${v.join(",")}]`);
  return v[0];
}

/** Pass-through: the TF tensor is the input's value, no ONNX node needed. */
const alias: OpConverter = (node, ctx) => ctx.define(node, 0, ctx.input(node, 0));

/** TF and ONNX Pad both take per-axis (begin, end); TF as [[b0, e0], [b1, e1], …], ONNX as [b0, b1, …, e0, e1, …]. */
function pad(node: TfNode, ctx: ConversionContext, withValue: boolean): void {
  const x = ctx.input(node, 0);
  const p = ctx.constInts(node, 1);
  const rank = p.length / 2;
  const pads = [...Array.from({ length: rank }, (_, i) => p[2 * i]), ...Array.from({ length: rank }, (_, i) => p[2 * i + 1])];
  const inputs = [x.name, ctx.int64(`${node.name}:pads`, pads)];
  if (withValue) inputs.push(ctx.input(node, 2).name);
  ctx.define(node, 0, { name: ctx.op1(node, "Pad", inputs, { mode: attr.string("constant") }, ctx.out(node)), dtype: x.dtype });
}

export const shapeOps: OpTable = {
  Identity: alias,
  StopGradient: alias,
  Snapshot: alias,
  /** ONNX Reshape reads 0 as "copy this dim" unless allowzero; TF means an empty dim, so set allowzero when 0 occurs. */
  Reshape: (node, ctx) => {
    const x = ctx.input(node, 0);
    const hasZero = ctx.isConst(node, 1) && ctx.constInts(node, 1).includes(0);
    const out = ctx.op1(
      node,
      "Reshape",
      [x.name, ctx.int64Input(node, 1)],
      hasZero ? { allowzero: attr.int(1) } : undefined,
      ctx.out(node),
    );
    ctx.define(node, 0, { name: out, dtype: x.dtype });
  },
  ExpandDims: (node, ctx) => {
    const x = ctx.input(node, 0);
    const axes = ctx.int64(`${node.name}:axes`, [scalarAxis(node, ctx, 1)]);
    ctx.define(node, 0, { name: ctx.op1(node, "Unsqueeze", [x.name, axes], undefined, ctx.out(node)), dtype: x.dtype });
  },
  Squeeze: (node, ctx) => {
    const x = ctx.input(node, 0);
    const dims = ctx.attrs(node).ints("squeeze_dims", []);
    const inputs = dims.length ? [x.name, ctx.int64(`${node.name}:axes`, dims)] : [x.name];
    ctx.define(node, 0, { name: ctx.op1(node, "Squeeze", inputs, undefined, ctx.out(node)), dtype: x.dtype });
  },
  /** Pack = Unsqueeze each input at `axis`, then Concat there (a negative axis counts from the output rank in both). */
  Pack: (node, ctx) => {
    const n = ctx.inputCount(node);
    const axis = ctx.attrs(node).int("axis", 0);
    const axes = ctx.int64(`${node.name}:axes`, [axis]);
    const first = ctx.input(node, 0);
    if (n === 1) {
      ctx.define(node, 0, { name: ctx.op1(node, "Unsqueeze", [first.name, axes], undefined, ctx.out(node)), dtype: first.dtype });
      return;
    }
    const parts = Array.from({ length: n }, (_, i) => ctx.op1(node, "Unsqueeze", [ctx.input(node, i).name, axes]));
    ctx.define(node, 0, { name: ctx.op1(node, "Concat", parts, { axis: attr.int(axis) }, ctx.out(node)), dtype: first.dtype });
  },
  /** Unpack = Split into `num` along `axis`, then Squeeze that axis from each part. */
  Unpack: (node, ctx) => {
    const x = ctx.input(node, 0);
    const a = ctx.attrs(node);
    const num = a.int("num");
    const axis = a.int("axis", 0);
    const axes = ctx.int64(`${node.name}:axes`, [axis]);
    const parts = num === 1 ? [x.name] : ctx.op(node, "Split", [x.name], { axis: attr.int(axis), num_outputs: attr.int(num) }, num);
    parts.forEach((part, k) =>
      ctx.define(node, k, { name: ctx.op1(node, "Squeeze", [part, axes], undefined, ctx.out(node, k)), dtype: x.dtype }),
    );
  },
  /** ConcatV2: N tensors, then the axis as the last (constant) input. */
  ConcatV2: (node, ctx) => {
    const n = ctx.inputCount(node) - 1;
    const axis = scalarAxis(node, ctx, n);
    const parts = Array.from({ length: n }, (_, i) => ctx.input(node, i));
    ctx.define(node, 0, {
      name: ctx.op1(
        node,
        "Concat",
        parts.map((p) => p.name),
        { axis: attr.int(axis) },
        ctx.out(node),
      ),
      dtype: parts[0].dtype,
    });
  },
  Transpose: (node, ctx) => {
    const x = ctx.input(node, 0);
    const perm = ctx.constInts(node, 1);
    ctx.define(node, 0, { name: ctx.op1(node, "Transpose", [x.name], { perm: attr.ints(perm) }, ctx.out(node)), dtype: x.dtype });
  },
  Pad: (node, ctx) => pad(node, ctx, false),
  PadV2: (node, ctx) => pad(node, ctx, true),
  /** Shape gives int64 in ONNX; TF's out_type defaults to int32. */
  Shape: (node, ctx) => {
    const x = ctx.input(node, 0);
    const outType = ctx.dtype(node, ctx.attrs(node).type("out_type", "DT_INT32"));
    const shape =
      outType === DataType.INT64 ? ctx.op1(node, "Shape", [x.name], undefined, ctx.out(node)) : ctx.op1(node, "Shape", [x.name]);
    const out = outType === DataType.INT64 ? shape : ctx.op1(node, "Cast", [shape], { to: attr.int(outType) }, ctx.out(node));
    ctx.define(node, 0, { name: out, dtype: outType });
  },
};
