import { createHash } from "node:crypto";
import type { NuclioAttributeInputType, NuclioAttributeSpec, NuclioFunction, NuclioLabelSpec, NuclioLabelType } from "@prelabel/nuclio";
import {
  AttributeInputType,
  DEFAULT_TENANT,
  ModelKind,
  ModelSource,
  NUCLIO_RUNTIME,
  NuclioInvokeMethod,
  ShapeType,
  type AttributeSpec,
  type Model,
  type ModelLabel,
  type NuclioFunctionSpec,
} from "./model.js";
import { slug } from "./model-lifecycle.js";
import { findModelSpecProblems } from "./model-spec.js";

/** CVAT's UI default when a function declares none (detector-runner's threshold). */
export const DEFAULT_NUCLIO_THRESHOLD = 0.5;

/** The id prefix of functions discovered on the dashboard (`nuclio-<function name>`). */
export const DISCOVERED_ID_PREFIX = "nuclio-";

/**
 * CVAT label types → ours. Ellipse and cuboid have no Prelabel shape: such a label becomes ANY (it still maps by
 * name onto any task label, as CVAT's `any`), and the worker converts what the function returns (an ellipse to its
 * bounding polygon); cuboids are 3D and CVAT detectors never return them.
 */
const shapeTypes: Record<NuclioLabelType, ShapeType> = {
  any: ShapeType.ANY,
  rectangle: ShapeType.RECTANGLE,
  polygon: ShapeType.POLYGON,
  polyline: ShapeType.POLYLINE,
  points: ShapeType.POINTS,
  ellipse: ShapeType.ANY,
  cuboid: ShapeType.ANY,
  mask: ShapeType.MASK,
  skeleton: ShapeType.SKELETON,
  tag: ShapeType.TAG,
};

const inputTypes: Record<NuclioAttributeInputType, AttributeInputType> = {
  select: AttributeInputType.SELECT,
  radio: AttributeInputType.RADIO,
  checkbox: AttributeInputType.CHECKBOX,
  number: AttributeInputType.NUMBER,
  text: AttributeInputType.TEXT,
};

const kinds: Record<NuclioFunction["kind"], ModelKind> = {
  detector: ModelKind.DETECTOR,
  interactor: ModelKind.INTERACTOR,
  tracker: ModelKind.TRACKER,
  reid: ModelKind.REID,
  // Listed (with its reason) rather than hidden; DETECTOR is the closest word, `supported: false` says the rest.
  unknown: ModelKind.DETECTOR,
};

/** A label of a function's spec as a model label; skeleton elements are points whatever the spec says. */
export function toModelLabel(spec: NuclioLabelSpec, element = false): ModelLabel {
  return {
    name: spec.name,
    type: element ? ShapeType.POINTS : shapeTypes[spec.type],
    attributes: spec.attributes.map(toAttributeSpec),
    sublabels: spec.type === "skeleton" ? spec.sublabels.map((s) => toModelLabel(s, true)) : [],
  };
}

/**
 * CVAT's attribute `values` as ours: number as [min, max, step] (CVAT writes either three values or one
 * "min;max;step" string), checkbox as its default ("false" unless "true"), select/radio as the choices (the first
 * is CVAT's default).
 */
export function toAttributeSpec(a: NuclioAttributeSpec): AttributeSpec {
  const inputType = inputTypes[a.inputType];
  const values = a.values.map((v) => v.trim());
  switch (inputType) {
    case AttributeInputType.NUMBER: {
      const parts = values.length === 1 && values[0].includes(";") ? values[0].split(";").map((v) => v.trim()) : values;
      return { name: a.name, inputType, values: parts, defaultValue: null };
    }
    case AttributeInputType.CHECKBOX:
      return { name: a.name, inputType, values: ["false", "true"], defaultValue: values[0] === "true" ? "true" : "false" };
    case AttributeInputType.TEXT:
      return { name: a.name, inputType, values: [], defaultValue: values[0] ?? null };
    default:
      return { name: a.name, inputType, values, defaultValue: null };
  }
}

/**
 * The stable id of a discovered function: `nuclio-<name>` when the name is already an id (Nuclio names are
 * DNS labels), else its slug plus a digest of the name, so two names that slug alike never share an id.
 */
export function discoveredModelId(functionName: string): string {
  const plain = `${DISCOVERED_ID_PREFIX}${functionName}`;
  if (/^[a-z0-9][a-z0-9-]{0,62}$/.test(plain) && !plain.endsWith("-")) return plain;
  const digest = createHash("sha256").update(functionName).digest("hex").slice(0, 8);
  return `${DISCOVERED_ID_PREFIX}${slug(functionName, 63 - DISCOVERED_ID_PREFIX.length - 9) || "function"}-${digest}`;
}

/** Why no job can run the function, as sentences joined by "; "; null when a job can. */
export function unsupportedReasonOf(fn: NuclioFunction, labelProblems: readonly string[] = []): string | null {
  const reasons = unsupportedReasons(fn, labelProblems);
  return reasons.length ? reasons.join("; ") : null;
}

/**
 * Every reason no job can run the function (its kind, its metadata's problems, its labels'); empty when a job can.
 * libs/nuclio already names an unsupported kind and a missing or broken spec; the model's own label rules are added
 * for detectors only (an interactor's labels do not matter: it never runs).
 */
export function unsupportedReasons(fn: NuclioFunction, labelProblems: readonly string[] = []): string[] {
  const reasons = [...fn.problems];
  if (reasons.length === 0 && fn.kind !== "detector") {
    reasons.push(
      fn.kind === "unknown"
        ? "metadata.annotations.type is not one of detector, interactor, tracker, reid"
        : `${fn.kind} functions are not supported: Prelabel runs detector functions`,
    );
  }
  if (fn.kind === "detector") {
    // "no labels" is already said by libs/nuclio when the spec is missing or broken.
    const extra =
      fn.labels.length === 0 && fn.problems.length > 0 ? labelProblems.filter((p) => !/at least one label/.test(p)) : labelProblems;
    reasons.push(...extra);
  }
  return [...new Set(reasons)];
}

export interface NuclioModelOptions {
  id: string;
  tenantId: string;
  invokeMethod: NuclioFunctionSpec["invokeMethod"];
  /** The dashboard's base URL (dashboard) or the function's HTTP trigger (direct); null when it has none (direct, no port). */
  url: string | null;
  project: string | null;
  namespace: string | null;
  discovered: boolean;
  /** Display name chosen at registration; else the function's. */
  name?: string | null;
  defaultThreshold?: number | null;
}

/**
 * A function as the model we store. Label-level problems (duplicates, a skeleton without elements, no labels) and
 * the function's own make it unsupported, not absent: it is listed with the reason (CVAT hid such functions,
 * cvat-ai/cvat#9816).
 */
export function nuclioModel(fn: NuclioFunction, o: NuclioModelOptions): Model {
  return buildNuclioModel(fn, o).model;
}

/** As nuclioModel, with the reasons its `unsupportedReason` joins. */
export function buildNuclioModel(fn: NuclioFunction, o: NuclioModelOptions): { model: Model; reasons: string[] } {
  const labels = fn.labels.map((l) => toModelLabel(l));
  const spec: NuclioFunctionSpec = {
    functionName: fn.name,
    displayName: fn.displayName,
    framework: fn.framework,
    version: fn.version,
    invokeMethod: o.invokeMethod,
    url: o.url ?? "",
    project: o.project,
    namespace: o.namespace,
    eventTimeoutMs: fn.eventTimeoutMs,
    maxWorkers: fn.maxWorkers,
    discovered: o.discovered,
    state: fn.state,
  };
  const draft: Model = {
    id: o.id,
    name: (o.name?.trim() || fn.displayName || fn.name).slice(0, 200),
    description: fn.description || `Nuclio function ${fn.name}${fn.framework ? ` (${fn.framework})` : ""}`,
    source: ModelSource.NUCLIO,
    kind: kinds[fn.kind],
    labels,
    defaultThreshold: o.defaultThreshold ?? DEFAULT_NUCLIO_THRESHOLD,
    returnsMasks: labels.some((l) => l.type === ShapeType.MASK),
    inputSize: null,
    preprocessing: null,
    runtime: NUCLIO_RUNTIME,
    artifacts: [],
    onnxDetector: null,
    nuclio: spec,
    tenantId: o.tenantId,
    unsupportedReason: null,
  };
  const problems = findModelSpecProblems(draft);
  if (o.url === null) problems.push("the dashboard reports no status.httpPort for direct invocation (is the function deployed?)");
  const reasons = unsupportedReasons(fn, problems);
  return { model: { ...draft, unsupportedReason: reasons.length ? reasons.join("; ") : null }, reasons };
}

/** How the sync reaches discovered functions (NUCLIO_* settings). */
export interface NuclioDiscoverySettings {
  /** NUCLIO_DASHBOARD_URL, without a trailing slash. */
  dashboardUrl: string;
  project: string;
  namespace: string;
  invokeMethod: NuclioFunctionSpec["invokeMethod"];
  /** direct: the host functions' HTTP ports are published on (NUCLIO_FUNCTION_HOST, default the dashboard's host). */
  functionHost: string;
}

/** A function the dashboard lists, as the shared (default tenant) model the sync keeps. */
export function discoveredModel(fn: NuclioFunction, s: NuclioDiscoverySettings): Model {
  const direct = s.invokeMethod === NuclioInvokeMethod.DIRECT;
  const url = direct ? (fn.httpPort !== null ? `http://${hostForUrl(s.functionHost)}:${fn.httpPort}` : null) : s.dashboardUrl;
  return nuclioModel(fn, {
    id: discoveredModelId(fn.name),
    tenantId: DEFAULT_TENANT,
    invokeMethod: s.invokeMethod,
    url,
    project: fn.project ?? s.project,
    namespace: fn.namespace ?? s.namespace,
    discovered: true,
  });
}

/** IPv6 literals need brackets in a URL. */
const hostForUrl = (host: string): string => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host);
