import type { ConversionContext } from "../conversion.context.js";
import type { TfNode } from "../tfjs-model.types.js";

/** Translates one TF node: emits ONNX nodes and defines every output the node has (`ctx.define`). */
export type OpConverter = (node: TfNode, ctx: ConversionContext) => void;

/** TF op name → converter. */
export type OpTable = Readonly<Record<string, OpConverter>>;
