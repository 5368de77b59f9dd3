/**
 * The model registry's own public codes (docs/errors.md). Besides these it answers service-kit's shared codes and
 * the hubs' (`HubPublicCode` in @prelabel/hubs).
 */
export const ModelRegistryErrorCode = {
  /** The file is not an ONNX model onnxruntime loads, does not fit its declared layout, or fails its trial run. */
  InvalidModel: "INVALID_MODEL",
  /** Catalog models ship with Prelabel and come back at the next start: they cannot be deleted. */
  ModelNotDeletable: "MODEL_NOT_DELETABLE",
  /** Hub models (Hugging Face, Roboflow) in self-hosted mode. */
  CloudOnly: "CLOUD_ONLY",
} as const;
export type ModelRegistryErrorCode = (typeof ModelRegistryErrorCode)[keyof typeof ModelRegistryErrorCode];
