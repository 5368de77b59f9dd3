// Public surface of the inference core; the worker's messaging layer imports from here only.
export { decodeFrame } from "./image-decoder.js";
export type { FrameDecodeLimits } from "./image-decoder.js";
export type { DecodedImage } from "./decoded-image.js";
export { FrameDecodeError, FrameDecodeErrorCode, ModelError, ModelErrorCode } from "./inference.errors.js";

export type { Box, Detection, DetectionModel, DetectOptions, MaskRle } from "./detection-model.js";
export { TextDetectionModel, TEXT_LABEL } from "./text-detection.model.js";
export type { TextDetectionModelOptions } from "./text-detection.model.js";

export { ModelCatalog, createModelCatalog, builtInModelEntries } from "./model-catalog.js";
export type { ModelCatalogOptions } from "./model-catalog.js";
export type { LoadedModel, ModelCatalogEntry, ModelDescriptor, ModelLabel, ModelLoadContext } from "./model-catalog-entry.js";

export { createOrtSession } from "./model-runtime.js";
export type { ModelSession, ModelSessionFactory, ModelSessionOptions, Tensor } from "./model-session.js";

export { decodeMaskRle, encodeMaskRle } from "./mask-rle.js";
