import { activationOps } from "./activation.ops.js";
import { convOps } from "./conv.ops.js";
import { elementwiseOps } from "./elementwise.ops.js";
import { matmulOps } from "./matmul.ops.js";
import type { OpConverter, OpTable } from "./op-converter.types.js";
import { reductionOps } from "./reduction.ops.js";
import { resizeOps } from "./resize.ops.js";
import { shapeOps } from "./shape.ops.js";
import { sliceOps } from "./slice.ops.js";

/** Every TF op the converter translates. Placeholder and Const are handled by the graph converter itself. */
export const opTable: OpTable = Object.freeze({
  ...activationOps,
  ...convOps,
  ...elementwiseOps,
  ...matmulOps,
  ...reductionOps,
  ...resizeOps,
  ...shapeOps,
  ...sliceOps,
});

export function converterFor(op: string): OpConverter | undefined {
  return Object.hasOwn(opTable, op) ? opTable[op] : undefined;
}

/** Sorted list of supported TF ops (for docs and error messages). */
export function supportedOps(): string[] {
  return [...Object.keys(opTable), "Const", "Placeholder"].sort();
}
