export const TfjsOnnxErrorCode = {
  /** The graph uses an op, or an attribute value of an op, the converter does not translate. */
  UnsupportedOp: "TFJS_UNSUPPORTED_OP",
  /** model.json, its weights or the recipe are malformed or inconsistent. */
  InvalidModel: "TFJS_INVALID_MODEL",
  /** A requested output or cut input names no node of the graph. */
  UnknownNode: "TFJS_UNKNOWN_NODE",
  /** The build recipe is malformed or names a source that cannot be found. */
  InvalidRecipe: "TFJS_INVALID_RECIPE",
} as const;
export type TfjsOnnxErrorCode = (typeof TfjsOnnxErrorCode)[keyof typeof TfjsOnnxErrorCode];

/** Base class: `code` is stable, the message may change. */
export class TfjsOnnxError extends Error {
  override readonly name: string = "TfjsOnnxError";
  constructor(
    readonly code: TfjsOnnxErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A node cannot be translated faithfully. Thrown instead of emitting a model that would compute something else:
 * an unknown op, or a known op with an attribute value or input form the mapping does not cover.
 */
export class UnsupportedOpError extends TfjsOnnxError {
  override readonly name = "UnsupportedOpError";
  constructor(
    readonly op: string,
    readonly node: string,
    readonly reason: string,
  ) {
    super(TfjsOnnxErrorCode.UnsupportedOp, `unsupported ${op} at node "${node}": ${reason}`);
  }
}
