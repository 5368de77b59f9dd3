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
  NuclioMask,
  NuclioShapeType,
  NuclioDetection,
  NuclioDashboard,
  NuclioInvoker,
} from "./nuclio.types.js";
export { parseDashboardFunctions, parseFunctionConfig, parseFunctionYaml, parseLabelSpec } from "./function-config.parser.js";
export { NuclioAddressPolicy } from "./nuclio-address.policy.js";
export type { NuclioAddressPolicyOptions } from "./nuclio-address.policy.js";
