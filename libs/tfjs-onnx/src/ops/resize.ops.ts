import { DataType, attr, type AttributeValue } from "@prelabel/onnx-writer";
import type { ConversionContext } from "../conversion.context.js";
import type { TfNode } from "../tfjs-model.types.js";
import { UnsupportedOpError } from "../tfjs-onnx.errors.js";
import type { OpTable } from "./op-converter.types.js";

/**
 * NHWC Resize with a full-rank `sizes` [N, h, w, C] and no `axes` attribute: with axes (sizes = [h, w]) ORT's layout
 * transformer breaks the node at optimisation level extended/all ("Number of elements of input 'sizes' (0) does not
 * match the number of axes"). N and C come from Shape(start, end), which ORT folds when the input shape is static.
 */
function resize(node: TfNode, ctx: ConversionContext, x: string, extra: Record<string, AttributeValue>): string {
  const n = ctx.op1(node, "Shape", [x], { start: attr.int(0), end: attr.int(1) });
  const c = ctx.op1(node, "Shape", [x], { start: attr.int(3), end: attr.int(4) });
  const sizes = ctx.op1(node, "Concat", [n, ctx.int64VectorInput(node, 1), c], { axis: attr.int(0) });
  return ctx.op1(node, "Resize", [x, "", "", sizes], extra, ctx.out(node));
}

function flags(node: TfNode, ctx: ConversionContext): { alignCorners: boolean; halfPixel: boolean } {
  const a = ctx.attrs(node);
  const alignCorners = a.bool("align_corners", false);
  const halfPixel = a.bool("half_pixel_centers", false);
  if (alignCorners && halfPixel)
    throw new UnsupportedOpError(node.op, node.name, "align_corners and half_pixel_centers together are invalid");
  return { alignCorners, halfPixel };
}

export const resizeOps: OpTable = {
  /** TF's three sampling grids: align_corners, half_pixel_centers (= ONNX half_pixel), neither (= asymmetric). Output is float. */
  ResizeBilinear: (node, ctx) => {
    const { alignCorners, halfPixel } = flags(node, ctx);
    const input = ctx.input(node, 0);
    const x = input.dtype === DataType.FLOAT ? input.name : ctx.op1(node, "Cast", [input.name], { to: attr.int(DataType.FLOAT) });
    const mode = alignCorners ? "align_corners" : halfPixel ? "half_pixel" : "asymmetric";
    const out = resize(node, ctx, x, { mode: attr.string("linear"), coordinate_transformation_mode: attr.string(mode) });
    ctx.define(node, 0, { name: out, dtype: DataType.FLOAT });
  },
  /**
   * TF nearest: align_corners → round(out·(in−1)/(out−1)) (half away from zero); half_pixel_centers → floor((out+0.5)·in/out),
   * which is ONNX tf_half_pixel_for_nn; neither → floor(out·in/out).
   */
  ResizeNearestNeighbor: (node, ctx) => {
    const { alignCorners, halfPixel } = flags(node, ctx);
    const x = ctx.input(node, 0);
    const extra = alignCorners
      ? { coordinate_transformation_mode: attr.string("align_corners"), nearest_mode: attr.string("round_prefer_ceil") }
      : {
          coordinate_transformation_mode: attr.string(halfPixel ? "tf_half_pixel_for_nn" : "asymmetric"),
          nearest_mode: attr.string("floor"),
        };
    const out = resize(node, ctx, x.name, { mode: attr.string("nearest"), ...extra });
    ctx.define(node, 0, { name: out, dtype: x.dtype });
  },
};
