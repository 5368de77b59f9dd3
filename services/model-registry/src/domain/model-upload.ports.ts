import type { OnnxDetectorSpec } from "./model.js";
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

/**
 * Runs a checked detector once on a blank input of its declared shape, off the caller's event loop, within the
 * detector's frame budget; throws InvalidModelError (with the reason) when the run fails or does not finish.
 */
export interface ModelTrialRunner {
  trial(file: SpooledFile, detector: OnnxDetectorSpec): Promise<void>;
}

/** Where model bytes live, by digest (the JetStream object store bucket `models`). */
export interface ModelArtifactStore {
  /** True when complete bytes with this digest and size are stored. */
  has(sha256: string, sizeBytes: number): Promise<boolean>;
  put(file: SpooledFile): Promise<void>;
  /** Removes the bytes; removing absent bytes is not an error. */
  delete(sha256: string): Promise<void>;
}
