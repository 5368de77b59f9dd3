export const OnnxWriterErrorCode = {
  /** A tensor's element count differs from the product of its dims. */
  DataLengthMismatch: "ONNX_DATA_LENGTH_MISMATCH",
  /** A tensor's typed array does not fit its declared data type. */
  DataTypeMismatch: "ONNX_DATA_TYPE_MISMATCH",
  /** A dimension is negative or not an integer. */
  InvalidDimension: "ONNX_INVALID_DIMENSION",
  /** A name was declared twice where names must be unique (graph inputs, initializers, node outputs). */
  DuplicateName: "ONNX_DUPLICATE_NAME",
  /** A node or graph output refers to a value nothing produces. */
  UnknownValue: "ONNX_UNKNOWN_VALUE",
  /** Raw tensor data is written in host byte order, which ONNX requires to be little-endian. */
  BigEndianHost: "ONNX_BIG_ENDIAN_HOST",
} as const;
export type OnnxWriterErrorCode = (typeof OnnxWriterErrorCode)[keyof typeof OnnxWriterErrorCode];

/** The model cannot be written as valid ONNX; `code` is stable, the message may change. */
export class OnnxWriterError extends Error {
  override readonly name = "OnnxWriterError";
  constructor(
    readonly code: OnnxWriterErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
