export { NuclioError, NuclioErrorCode, isNuclioError } from "./nuclio.types.js";
export type {
  NuclioFunctionKind,
  NuclioLabelType,
  NuclioAttributeInputType,
  NuclioAttributeSpec,
  NuclioLabelSpec,
  NuclioFunction,
  NuclioInvokeTarget,
  NuclioDetectRequest,
  NuclioDetectOptions,
  NuclioMask,
  NuclioShapeType,
  NuclioDetection,
  NuclioDashboard,
  NuclioInvoker,
} from "./nuclio.types.js";
export {
  parseDashboardFunctions,
  parseDashboardListing,
  parseFunctionConfig,
  parseFunctionYaml,
  parseLabelSpec,
  nuclioConfigLimits,
} from "./function-config.parser.js";
export type { DashboardListing, SkippedFunctionEntry } from "./function-config.parser.js";
export { parseGoDuration } from "./go-duration.parser.js";
export { NuclioAddressPolicy } from "./nuclio-address.policy.js";
export type { NuclioAddressPolicyOptions } from "./nuclio-address.policy.js";
export { parseDetectorResponse, detectorResponseLimits } from "./detection-response.parser.js";
export { HttpNuclioDashboard } from "./clients/nuclio-dashboard.client.js";
export type { HttpNuclioDashboardOptions } from "./clients/nuclio-dashboard.client.js";
export { HttpNuclioInvoker } from "./clients/nuclio-function.client.js";
export type { HttpNuclioInvokerOptions, NuclioInvokerEvent } from "./clients/nuclio-function.client.js";
export { nuclioAddressEnv } from "./nuclio-address.env.js";
