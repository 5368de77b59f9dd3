export { HubError, HubErrorCode, isHubError } from "./hub.errors.js";
export type { HubName, HubErrorDetails, TransientFailure } from "./hub.errors.js";
export { HubPublicCode, hubPublicCodes } from "./hub-public-codes.js";
export { redactSecrets, redactUrl } from "./secret.redactor.js";
export { publicHubEndpoints, normalizeHubEndpoints, HubConfigError } from "./hub-endpoints.config.js";
export type { HubEndpoints } from "./hub-endpoints.config.js";
export { hubEndpointsEnv, hubEndpointsFromEnv } from "./hub-endpoints.env.js";
export type { HubEndpointsEnvInput } from "./hub-endpoints.env.js";
export type {
  HubTask,
  HubShapeType,
  HubLabel,
  HubModelDescriptor,
  HubOnnxExport,
  HubBox,
  HubPlacedMask,
  HubKeypoint,
  HubPrediction,
  HubInferenceResult,
  HubInferenceRequest,
  CallContext,
  ModelHub,
  HubLogger,
} from "./hub.types.js";
export { createModelHubs } from "./model-hubs.factory.js";
export type { ModelHubs, ModelHubsOptions } from "./model-hubs.factory.js";

export { SsrfGuard, pinnedLookup } from "./net/ssrf.guard.js";
export type { SsrfGuardOptions, HostResolver, ResolvedAddress, GuardedTarget } from "./net/ssrf.guard.js";
export { classifyAddress, isPublicAddress } from "./net/ip-address.classifier.js";
export type { AddressClass } from "./net/ip-address.classifier.js";
export { HubHttpTransport } from "./net/hub-http.transport.js";
export type { HubRequest, HubResponse, HubHttpTransportOptions } from "./net/hub-http.transport.js";

export { systemClock } from "./retry/clock.js";
export type { Clock } from "./retry/clock.js";
export { ManualClock } from "./retry/manual.clock.js";
export {
  defaultRetryPolicy,
  retryableStatuses,
  decideRetry,
  parseRetryAfter,
  parseRateLimitReset,
  backoffDelay,
} from "./retry/retry.policy.js";
export type { RetryPolicyOptions, RetryDecision, DelaySource } from "./retry/retry.policy.js";
export { runWithRetry } from "./retry/retry.runner.js";
export type { RetryRunOptions, RetryEvent, Attempt } from "./retry/retry.runner.js";
export { KeyedConcurrencyLimiter } from "./retry/concurrency.limiter.js";
export { KeyedRateLimiter } from "./retry/rate.limiter.js";
export type { RateLimiterOptions } from "./retry/rate.limiter.js";
export { HubCallExecutor } from "./retry/hub-call.executor.js";
export type { HubCallLimits, HubCallExecutorOptions } from "./retry/hub-call.executor.js";

export { HuggingFaceHub, huggingFaceTasks } from "./huggingface/huggingface.hub.js";
export type { HuggingFaceModelInput } from "./huggingface/huggingface.hub.js";
export { HuggingFaceClient } from "./clients/hugging-face.client.js";
export type { HfRepoOptions, HfInferenceTarget, HfInferOptions, HfSegmentOptions } from "./clients/hugging-face.client.js";
export type { HfModelInfo, HfRepoConfig, HfProviderMapping } from "./huggingface/hf-metadata.mapper.js";
export { parseHfRepoRef } from "./huggingface/hf-repo.parser.js";
export type { HfRepoRef } from "./huggingface/hf-repo.parser.js";
export { detectOnnxExport } from "./huggingface/hf-onnx.detector.js";

export { RoboflowHub, roboflowTypes } from "./roboflow/roboflow.hub.js";
export type { RoboflowModelInput } from "./roboflow/roboflow.hub.js";
export { RoboflowClient, ROBOFLOW_MAX_UPLOAD_BYTES } from "./clients/roboflow.client.js";
export type { RoboflowInferOptions, RoboflowClientOptions } from "./clients/roboflow.client.js";
export type { RoboflowVersionInfo } from "./roboflow/roboflow-metadata.mapper.js";
export { parseRoboflowUrl, formatRoboflowRef, parseRoboflowRef } from "./roboflow/roboflow-url.parser.js";
export type { RoboflowModelRef } from "./roboflow/roboflow-url.parser.js";
