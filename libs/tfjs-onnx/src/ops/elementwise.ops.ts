import { DataType, attr } from "@prelabel/onnx-writer";
import type { ConversionContext, TfValue } from "../conversion.context.js";
import type { TfNode } from "../tfjs-model.types.js";
import { UnsupportedOpError } from "../tfjs-onnx.errors.js";
import type { OpTable, OpConverter } from "./op-converter.types.js";

const isInteger = (v: TfValue) =>
  v.dtype === DataType.INT32 || v.dtype === DataType.INT64 || v.dtype === DataType.UINT8 || v.dtype === DataType.INT8;

/** Same-type broadcasting binary op; `resultType` overrides the element type (comparisons give BOOL). */
const binary =
  (onnxOp: string, resultType?: DataType): OpConverter =>
  (node, ctx) => {
    const a = ctx.input(node, 0);
    const b = ctx.input(node, 1);
    ctx.define(node, 0, { name: ctx.op1(node, onnxOp, [a.name, b.name], undefined, ctx.out(node)), dtype: resultType ?? a.dtype });
  };

const unary =
  (onnxOp: string): OpConverter =>
  (node, ctx) => {
    const x = ctx.input(node, 0);
    ctx.define(node, 0, { name: ctx.op1(node, onnxOp, [x.name], undefined, ctx.out(node)), dtype: x.dtype });
  };

const floatOnly =
  (convert: OpConverter): OpConverter =>
  (node, ctx) => {
    if (ctx.input(node, 0).dtype !== DataType.FLOAT) throw new UnsupportedOpError(node.op, node.name, "only float inputs are supported");
    convert(node, ctx);
  };

/** TF FloorDiv. Integers: (a − floormod(a, b)) / b, exact for every sign (ONNX Div truncates); floats: Floor(a / b). */
function floorDiv(node: TfNode, ctx: ConversionContext): void {
  const a = ctx.input(node, 0);
  const b = ctx.input(node, 1);
  let out: string;
  if (isInteger(a)) {
    const mod = ctx.op1(node, "Mod", [a.name, b.name], { fmod: attr.int(0) });
    out = ctx.op1(node, "Div", [ctx.op1(node, "Sub", [a.name, mod]), b.name], undefined, ctx.out(node));
  } else {
    out = ctx.op1(node, "Floor", [ctx.op1(node, "Div", [a.name, b.name])], undefined, ctx.out(node));
  }
  ctx.define(node, 0, { name: out, dtype: a.dtype });
}

/**
 * TF FloorMod (result has the divisor's sign). Integers: ONNX Mod(fmod=0) has exactly these semantics. Floats must use
 * fmod=1 (C fmod, dividend's sign), then, as TF does, add the divisor when the signs differ and the remainder is not 0.
 */
function floorMod(node: TfNode, ctx: ConversionContext): void {
  const a = ctx.input(node, 0);
  const b = ctx.input(node, 1);
  if (isInteger(a)) {
    ctx.define(node, 0, { name: ctx.op1(node, "Mod", [a.name, b.name], { fmod: attr.int(0) }, ctx.out(node)), dtype: a.dtype });
    return;
  }
  const zero = ctx.scalar(0);
  const r = ctx.op1(node, "Mod", [a.name, b.name], { fmod: attr.int(1) });
  const signsDiffer = ctx.op1(node, "Xor", [ctx.op1(node, "Less", [r, zero]), ctx.op1(node, "Less", [b.name, zero])]);
  const adjust = ctx.op1(node, "And", [signsDiffer, ctx.op1(node, "Not", [ctx.op1(node, "Equal", [r, zero])])]);
  const out = ctx.op1(node, "Where", [adjust, ctx.op1(node, "Add", [r, b.name]), r], undefined, ctx.out(node));
  ctx.define(node, 0, { name: out, dtype: a.dtype });
}

export const elementwiseOps: OpTable = {
  Add: binary("Add"),
  AddV2: binary("Add"),
  Sub: binary("Sub"),
  Mul: binary("Mul"),
  RealDiv: floatOnly(binary("Div")),
  Minimum: binary("Min"),
  Maximum: binary("Max"),
  Pow: floatOnly(binary("Pow")),
  FloorDiv: floorDiv,
  FloorMod: floorMod,
  SquaredDifference: (node, ctx) => {
    const a = ctx.input(node, 0);
    const d = ctx.op1(node, "Sub", [a.name, ctx.input(node, 1).name]);
    ctx.define(node, 0, { name: ctx.op1(node, "Mul", [d, d], undefined, ctx.out(node)), dtype: a.dtype });
  },
  BiasAdd: (node, ctx) => {
    const format = ctx.attrs(node).string("data_format", "NHWC");
    if (format !== "NHWC") throw new UnsupportedOpError(node.op, node.name, `data_format ${format} is not supported (NHWC only)`);
    binary("Add")(node, ctx);
  },
  Equal: binary("Equal", DataType.BOOL),
  NotEqual: (node, ctx) => {
    const eq = ctx.op1(node, "Equal", [ctx.input(node, 0).name, ctx.input(node, 1).name]);
    ctx.define(node, 0, { name: ctx.op1(node, "Not", [eq], undefined, ctx.out(node)), dtype: DataType.BOOL });
  },
  Less: binary("Less", DataType.BOOL),
  LessEqual: binary("LessOrEqual", DataType.BOOL),
  Greater: binary("Greater", DataType.BOOL),
  GreaterEqual: binary("GreaterOrEqual", DataType.BOOL),
  LogicalAnd: binary("And", DataType.BOOL),
  LogicalOr: binary("Or", DataType.BOOL),
  LogicalNot: unary("Not"),
  SelectV2: (node, ctx) => {
    const x = ctx.input(node, 1);
    const out = ctx.op1(node, "Where", [ctx.input(node, 0).name, x.name, ctx.input(node, 2).name], undefined, ctx.out(node));
    ctx.define(node, 0, { name: out, dtype: x.dtype });
  },
  Exp: floatOnly(unary("Exp")),
  Log: floatOnly(unary("Log")),
  Sqrt: floatOnly(unary("Sqrt")),
  Rsqrt: floatOnly((node, ctx) => {
    const s = ctx.op1(node, "Sqrt", [ctx.input(node, 0).name]);
    ctx.define(node, 0, { name: ctx.op1(node, "Reciprocal", [s], undefined, ctx.out(node)), dtype: DataType.FLOAT });
  }),
  Reciprocal: floatOnly(unary("Reciprocal")),
  Square: (node, ctx) => {
    const x = ctx.input(node, 0);
    ctx.define(node, 0, { name: ctx.op1(node, "Mul", [x.name, x.name], undefined, ctx.out(node)), dtype: x.dtype });
  },
  Neg: unary("Neg"),
  Abs: unary("Abs"),
  Floor: floatOnly(unary("Floor")),
  Ceil: floatOnly(unary("Ceil")),
  Cast: (node, ctx) => {
    const x = ctx.input(node, 0);
    const to = ctx.dtype(node, ctx.attrs(node).type("DstT"));
    ctx.define(node, 0, { name: ctx.op1(node, "Cast", [x.name], { to: attr.int(to) }, ctx.out(node)), dtype: to });
  },
};
