import type { OnnxSignature } from "./onnx-signature.js";

/** An uploaded file written to local disk while hashed and counted; `remove()` deletes it (idempotent). */
export interface SpooledFile {
  readonly path: string;
  readonly fileName: string;
  /** Lowercase hex. */
  readonly sha256: string;
  readonly sizeBytes: number;
  remove(): Promise<void>;
}

/** Opens a file as an ONNX model and reports its declared inputs and outputs; throws InvalidModelError when it cannot. */
export interface ModelFileInspector {
  inspect(file: SpooledFile): Promise<OnnxSignature>;
}

/** Where model bytes live, by digest (the JetStream object store bucket `models`). */
export interface ModelArtifactStore {
  /** True when complete bytes with this digest and size are stored. */
  has(sha256: string, sizeBytes: number): Promise<boolean>;
  put(file: SpooledFile): Promise<void>;
  /** Removes the bytes; removing absent bytes is not an error. */
  delete(sha256: string): Promise<void>;
}
