import type { HubModelSpec } from "./hub/hub-model.types.js";
import type { NuclioModelSpec } from "./nuclio/nuclio-model.types.js";
import type { OnnxDetectorSpec } from "./onnx-detector/onnx-detector.types.js";

/** A file a model runs on, as the registry lists it: workers run it only if its bytes have this sha256. */
export interface ModelArtifact {
  readonly name: string;
  /** Lowercase hex. */
  readonly sha256: string;
  readonly sizeBytes: number;
}

/** What the registry's describe-model tells a worker about a model (model.v1.ModelDescriptor, the parts a worker uses). */
export interface RegistryModel {
  readonly id: string;
  /** "catalog:<entry>", "onnx-detector", "hub" or "nuclio". */
  readonly runtime: string;
  readonly artifacts: readonly ModelArtifact[];
  readonly onnxDetector: OnnxDetectorSpec | null;
  /** Set for runtime "hub": the hosted model to call. */
  readonly hub?: HubModelSpec | null;
  /** Set for runtime "nuclio": the function to call. */
  readonly nuclio?: NuclioModelSpec | null;
  /** Non-empty when no job can run the model (a Nuclio function that is not a detector, or whose spec does not parse). */
  readonly unsupportedReason?: string;
}

/** The name of an uploaded model's ONNX file among its artifacts. */
export const UPLOADED_MODEL_ARTIFACT = "model";
export const CATALOG_RUNTIME_PREFIX = "catalog:";
export const ONNX_DETECTOR_RUNTIME = "onnx-detector";

const SHA256_HEX = /^[0-9a-f]{64}$/;
export const isSha256Hex = (value: string): boolean => SHA256_HEX.test(value);
