// Public surface of the inference core; the worker's messaging layer imports from here only.
export { decodeFrame } from "./image-decoder.js";
export type { FrameDecodeLimits } from "./image-decoder.js";
export type { DecodedImage } from "./decoded-image.js";
export { FrameDecodeError, FrameDecodeErrorCode, isFrameDecodeErrorCode, ModelError, ModelErrorCode } from "./inference.errors.js";

export type { Box, Detection, DetectionModel, DetectOptions, Keypoint, MaskRle } from "./detection-model.js";
export { TextDetectionModel, TEXT_LABEL } from "./text-detection.model.js";
export type { TextDetectionModelOptions } from "./text-detection.model.js";
export { FaceDetectionModel, FACE_LABEL } from "./face/face-detection.model.js";
export type { FaceDetectionModelOptions, FaceTilingOptions } from "./face/face-detection.model.js";
export { CocoDetectionModel } from "./coco/coco-detection.model.js";
export { COCO_LABELS } from "./coco/coco-labels.js";
export { PersonPoseModel } from "./pose/person-pose.model.js";
export type { PersonPoseModelOptions } from "./pose/person-pose.model.js";
export { COCO_KEYPOINTS, PERSON_LABEL } from "./pose/coco-keypoints.js";
export { HandDetectionModel, HAND_LABEL } from "./hand/hand-detection.model.js";

export { ModelCatalog, createModelCatalog, builtInModelEntries } from "./model-catalog.js";
export type { ModelCatalogOptions } from "./model-catalog.js";
export type { LoadedModel, ModelCatalogEntry, ModelDescriptor, ModelLabel, ModelLoadContext } from "./model-catalog-entry.js";

export { createOrtSession } from "./model-runtime.js";
export { SessionRunClock } from "./frame-stages.js";
export { hostCpus, ortThreadSettings } from "./ort-threads.settings.js";
export type { OrtThreadSettings } from "./ort-threads.settings.js";
export type { FrameStages } from "./frame-stages.js";
export type { ModelSession, ModelSessionFactory, ModelSessionOptions, Tensor } from "./model-session.js";

export { decodeMaskRle, encodeMaskRle } from "./mask-rle.js";

// Small objects: the whole frame and overlapping tiles, merged class-wise.
export { detectTiled } from "./tiling/tiled-detection.js";
export type { FrameDetector } from "./tiling/tiled-detection.js";
export { cropTile, tileDetectionToFrame, tileGrid } from "./tiling/tile-grid.js";
export type { TilingSpec } from "./tiling/tile-grid.js";
export { mergeTilePasses } from "./tiling/tile-merge.js";
export type { TileMergeOptions, TilePass } from "./tiling/tile-merge.js";

// Models resolved through the registry's descriptor: built-in entries and uploaded ONNX detectors.
export { ModelResolver } from "./model-resolver.js";
export { BUILT_MODELS_DIR } from "./model-catalog.js";
export type { ModelDirectory, ModelRef, ModelResolverDeps } from "./model-resolver.js";
export { CATALOG_RUNTIME_PREFIX, ONNX_DETECTOR_RUNTIME, UPLOADED_MODEL_ARTIFACT } from "./model-artifact.js";
export type { ModelArtifact, RegistryModel } from "./model-artifact.js";
export { OnnxDetectorModel } from "./onnx-detector/onnx-detector.model.js";
export type { OnnxDetectorSpec, OnnxOutputLayout } from "./onnx-detector/onnx-detector.types.js";

// Hosted hub models (cloud mode): Hugging Face and Roboflow through @prelabel/hubs.
export { FrameFailure } from "./inference.errors.js";
export type { PublicFrameFailureCode } from "./inference.errors.js";
export { HubDetectionModel, DEFAULT_RATE_LIMIT_REQUEUE_MS } from "./hub/hub-detection.model.js";
export type { HubDetectionModelDeps, HubInferencePort } from "./hub/hub-detection.model.js";
export { HUB_RUNTIME, credentialContext } from "./hub/hub-model.types.js";
export type { HubModelSpec, HubProviderName } from "./hub/hub-model.types.js";
export { hubPredictionsToDetections } from "./hub/hub-prediction.mapper.js";
export { createHubRuntime } from "./hub/hub-runtime.factory.js";
export type { HubRuntimeSettings, WorkerHubLimits } from "./hub/hub-runtime.factory.js";
export type { HubRuntime } from "./model-resolver.js";

// Runner processes: catalog and uploaded ONNX models run there, each frame within its model's time budget.
export { InferenceRunnerPool, InferenceAbortedError } from "./runner/runner-pool.js";
export type { RunnerJob, RunnerPoolOptions, RunnerReplacement, RunnerResult } from "./runner/runner-pool.js";
export { TimeoutBreaker } from "./runner/timeout-breaker.js";
export type { TimeoutBreakerOptions } from "./runner/timeout-breaker.js";
export { IsolatedModel } from "./runner/isolated-model.js";
export type { IsolatedRuntime } from "./runner/isolated-model.js";
export type { RunnerModelPlan, RunnerSettings } from "./runner/runner.protocol.js";
export { DEFAULT_FRAME_BUDGET_MS } from "./model-catalog-entry.js";

// Nuclio functions (CVAT's serverless detectors), self-hosted and cloud mode.
export { NuclioDetectionModel } from "./nuclio/nuclio-detection.model.js";
export type { NuclioDetectionModelDeps } from "./nuclio/nuclio-detection.model.js";
export { nuclioDetectionsToDetections } from "./nuclio/nuclio-detection.mapper.js";
export type { NuclioMappingOptions } from "./nuclio/nuclio-detection.mapper.js";
export { NUCLIO_RUNTIME } from "./nuclio/nuclio-model.types.js";
export type { NuclioCallLimits, NuclioModelSpec } from "./nuclio/nuclio-model.types.js";
export type { NuclioRuntime } from "./model-resolver.js";
export { createNuclioRuntime } from "./nuclio/nuclio-runtime.factory.js";
export type { NuclioRuntimeHooks, NuclioRuntimeSettings } from "./nuclio/nuclio-runtime.factory.js";
export { nuclioPrivateHosts } from "./nuclio/nuclio-address.settings.js";
export type { NuclioAddressSettings } from "./nuclio/nuclio-address.settings.js";

// The recall test's and bench:tiling's high-resolution crowd (built from the catalog's photos and their hand-made boxes).
export { crowdMosaic } from "./tiling/crowd-mosaic.testing.js";
export type { CrowdMosaic, MosaicPerson } from "./tiling/crowd-mosaic.testing.js";
