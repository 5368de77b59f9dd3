import type { NuclioFunction, NuclioLabelSpec } from "@prelabel/nuclio";

/** addNuclioFunction's limits: a function.yaml or spec text, and the strings beside it. */
export const NUCLIO_REGISTRATION_LIMITS = {
  /** function.yaml upload and spec text, in bytes (CVAT's largest published function.yaml is ~10 KiB). */
  maxConfigBytes: 256 * 1024,
  maxUrlLength: 2048,
  maxNameLength: 200,
  /** Hand-registered functions per tenant (NUCLIO_MAX_FUNCTIONS_PER_TENANT's default). */
  defaultMaxFunctionsPerTenant: 100,
} as const;

/** What addNuclioFunction received (the function.yaml upload is read only once the rest checks out). */
export interface AddNuclioFunctionRequest {
  /** The function's HTTP trigger, e.g. http://gpu-box:32768. */
  url: string;
  /** Whether a function.yaml was uploaded. */
  hasFunctionYaml: boolean;
  /** CVAT's JSON label list (`metadata.annotations.spec`), when no function.yaml was given. */
  spec?: string | null;
  name?: string | null;
  defaultThreshold?: number | null;
}

/** Every rule the input breaks before anything is parsed or resolved (empty when fine). */
export function addNuclioInputProblems(r: AddNuclioFunctionRequest): string[] {
  const problems: string[] = [];
  const url = r.url.trim();
  if (!url) problems.push("url must not be empty");
  else if (url.length > NUCLIO_REGISTRATION_LIMITS.maxUrlLength)
    problems.push(`url must be at most ${NUCLIO_REGISTRATION_LIMITS.maxUrlLength} characters`);
  else if (!isHttpUrl(url)) problems.push("url must be an http(s) URL");
  const hasSpec = r.spec !== undefined && r.spec !== null;
  if (r.hasFunctionYaml === hasSpec) problems.push("give exactly one of functionYaml and spec");
  if (hasSpec && Buffer.byteLength(r.spec!, "utf8") > NUCLIO_REGISTRATION_LIMITS.maxConfigBytes)
    problems.push(`spec must be at most ${NUCLIO_REGISTRATION_LIMITS.maxConfigBytes} bytes`);
  if (hasSpec && !r.name?.trim()) problems.push("name is required with spec (a function.yaml names itself)");
  if (r.name !== undefined && r.name !== null) {
    if (!r.name.trim()) problems.push("name must not be empty when given");
    if (r.name.trim().length > NUCLIO_REGISTRATION_LIMITS.maxNameLength)
      problems.push(`name must be at most ${NUCLIO_REGISTRATION_LIMITS.maxNameLength} characters`);
  }
  const t = r.defaultThreshold;
  if (t !== undefined && t !== null && !(t > 0 && t <= 1)) problems.push(`defaultThreshold ${t} must be in (0, 1]`);
  return problems;
}

/**
 * A detector known only by its label spec (no function.yaml): what CVAT would read from the annotations, with
 * nothing said about timeouts or workers (the worker's defaults apply).
 */
export function functionFromLabelSpec(name: string, labels: readonly NuclioLabelSpec[], problems: readonly string[]): NuclioFunction {
  return {
    name: name.trim(),
    displayName: name.trim(),
    kind: "detector",
    framework: null,
    version: 1,
    description: "",
    labels,
    namespace: null,
    project: null,
    state: null,
    httpPort: null,
    eventTimeoutMs: null,
    maxWorkers: null,
    problems,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}
