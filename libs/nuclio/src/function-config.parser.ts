import { NuclioError, NuclioErrorCode, type NuclioFunction, type NuclioLabelSpec } from "./nuclio.types.js";

// CONTRACT STUB (replaced by the libs/nuclio implementation branch): signatures only.

/** The body of a dashboard's `GET /api/functions` (a map name → function config) as functions, bad ones included with their problems. */
export function parseDashboardFunctions(body: unknown): NuclioFunction[] {
  void body;
  throw new NuclioError(NuclioErrorCode.InvalidFunctionConfig, "not implemented");
}

/** One function config object (a dashboard entry, or a parsed function.yaml document). */
export function parseFunctionConfig(config: unknown): NuclioFunction {
  void config;
  throw new NuclioError(NuclioErrorCode.InvalidFunctionConfig, "not implemented");
}

/** A function.yaml's text; INVALID_FUNCTION_CONFIG when it is too large, not YAML, or has no metadata.name. */
export function parseFunctionYaml(text: string): NuclioFunction {
  void text;
  throw new NuclioError(NuclioErrorCode.InvalidFunctionConfig, "not implemented");
}

/** A `metadata.annotations.spec` JSON text: its labels, and every problem found (duplicates, bad types). */
export function parseLabelSpec(json: string): { labels: NuclioLabelSpec[]; problems: string[] } {
  void json;
  throw new NuclioError(NuclioErrorCode.InvalidFunctionConfig, "not implemented");
}
