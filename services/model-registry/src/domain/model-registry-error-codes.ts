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
  /** A function.yaml or label spec given to addNuclioFunction does not parse or breaks a rule; lists every problem. */
  InvalidFunctionConfig: "INVALID_FUNCTION_CONFIG",
  /** A Nuclio function URL the address policy refuses (private address not allowed, bad scheme, credentials in it). */
  NuclioUrlRefused: "NUCLIO_URL_REFUSED",
  /** addNuclioFunction with an interactor, tracker or reid function: Prelabel runs detectors. */
  NuclioFunctionUnsupported: "NUCLIO_FUNCTION_UNSUPPORTED",
  /** A tenant already has NUCLIO_MAX_FUNCTIONS_PER_TENANT functions registered by hand. */
  NuclioFunctionLimit: "NUCLIO_FUNCTION_LIMIT",
} as const;
export type ModelRegistryErrorCode = (typeof ModelRegistryErrorCode)[keyof typeof ModelRegistryErrorCode];
