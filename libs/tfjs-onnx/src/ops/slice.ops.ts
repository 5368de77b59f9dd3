import { attr } from "@prelabel/onnx-writer";
import { INT64_MAX, INT64_MIN, type ConversionContext } from "../conversion.context.js";
import type { TfNode } from "../tfjs-model.types.js";
import { UnsupportedOpError } from "../tfjs-onnx.errors.js";
import type { OpTable } from "./op-converter.types.js";

const bit = (mask: number, i: number) => (mask >> i) & 1;

/**
 * StridedSlice → Slice (+ Squeeze for shrink_axis_mask). begin/end/strides must be constants; spec entry i applies to
 * axis i, which holds only without ellipsis and new-axis entries, so those masks are refused.
 * Masked begin/end become the open bound in the stride's direction (ONNX clamps INT64_MAX / INT64_MIN to the ends).
 */
function stridedSlice(node: TfNode, ctx: ConversionContext): void {
  const a = ctx.attrs(node);
  const x = ctx.input(node, 0);
  for (const mask of ["ellipsis_mask", "new_axis_mask"]) {
    const v = a.int(mask, 0);
    if (v !== 0) throw new UnsupportedOpError(node.op, node.name, `${mask}=${v} is not supported`);
  }
  const begin = ctx.constInts(node, 1);
  const end = ctx.constInts(node, 2);
  const strides = ctx.constInts(node, 3);
  if (begin.length !== end.length || begin.length !== strides.length) {
    throw new UnsupportedOpError(node.op, node.name, `begin/end/strides lengths differ (${begin.length}/${end.length}/${strides.length})`);
  }
  const beginMask = a.int("begin_mask", 0);
  const endMask = a.int("end_mask", 0);
  const shrinkMask = a.int("shrink_axis_mask", 0);
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  const steps: bigint[] = [];
  const squeeze: number[] = [];
  for (let i = 0; i < begin.length; i++) {
    const stride = strides[i];
    if (stride === 0) throw new UnsupportedOpError(node.op, node.name, "a stride of 0 is invalid");
    if (bit(shrinkMask, i)) {
      // One element at begin[i]; -1 + 1 would be 0 (empty), so the last element runs to the end.
      const b = begin[i];
      starts.push(BigInt(b));
      ends.push(b === -1 ? INT64_MAX : BigInt(b + 1));
      steps.push(1n);
      squeeze.push(i);
      continue;
    }
    starts.push(bit(beginMask, i) ? (stride > 0 ? 0n : INT64_MAX) : BigInt(begin[i]));
    ends.push(bit(endMask, i) ? (stride > 0 ? INT64_MAX : INT64_MIN) : BigInt(end[i]));
    steps.push(BigInt(stride));
  }
  const axes = begin.map((_, i) => i);
  const sliced = ctx.op1(
    node,
    "Slice",
    [
      x.name,
      ctx.int64(`${node.name}:starts`, starts),
      ctx.int64(`${node.name}:ends`, ends),
      ctx.int64(`${node.name}:axes`, axes),
      ctx.int64(`${node.name}:steps`, steps),
    ],
    undefined,
    squeeze.length ? undefined : ctx.out(node),
  );
  const out = squeeze.length
    ? ctx.op1(node, "Squeeze", [sliced, ctx.int64(`${node.name}:squeeze_axes`, squeeze)], undefined, ctx.out(node))
    : sliced;
  ctx.define(node, 0, { name: out, dtype: x.dtype });
}

/** TF Slice(begin, size) with size -1 meaning "to the end". */
function slice(node: TfNode, ctx: ConversionContext): void {
  const x = ctx.input(node, 0);
  const begin = ctx.constInts(node, 1);
  const size = ctx.constInts(node, 2);
  if (begin.length !== size.length) throw new UnsupportedOpError(node.op, node.name, "begin and size lengths differ");
  const ends = size.map((s, i) => (s === -1 ? INT64_MAX : BigInt(begin[i] + s)));
  const out = ctx.op1(
    node,
    "Slice",
    [
      x.name,
      ctx.int64(`${node.name}:starts`, begin),
      ctx.int64(`${node.name}:ends`, ends),
      ctx.int64(
        `${node.name}:axes`,
        begin.map((_, i) => i),
      ),
    ],
    undefined,
    ctx.out(node),
  );
  ctx.define(node, 0, { name: out, dtype: x.dtype });
}

function gather(node: TfNode, ctx: ConversionContext, axis: number): void {
  const params = ctx.input(node, 0);
  const out = ctx.op1(node, "Gather", [params.name, ctx.input(node, 1).name], { axis: attr.int(axis) }, ctx.out(node));
  ctx.define(node, 0, { name: out, dtype: params.dtype });
}

export const sliceOps: OpTable = {
  StridedSlice: stridedSlice,
  Slice: slice,
  Gather: (node, ctx) => gather(node, ctx, 0),
  GatherV2: (node, ctx) => {
    const batchDims = ctx.attrs(node).int("batch_dims", 0);
    if (batchDims !== 0) throw new UnsupportedOpError(node.op, node.name, `batch_dims=${batchDims} is not supported`);
    const axis = ctx.constInts(node, 2);
    if (axis.length !== 1) throw new UnsupportedOpError(node.op, node.name, "axis must be a scalar");
    gather(node, ctx, axis[0]);
  },
  /** Same semantics as ONNX GatherND with batch_dims 0, which wants int64 indices. */
  GatherNd: (node, ctx) => {
    const params = ctx.input(node, 0);
    const out = ctx.op1(node, "GatherND", [params.name, ctx.int64Input(node, 1)], { batch_dims: attr.int(0) }, ctx.out(node));
    ctx.define(node, 0, { name: out, dtype: params.dtype });
  },
};
