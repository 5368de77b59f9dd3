import { parseDocument } from "yaml";
import { parseGoDuration } from "./go-duration.parser.js";
import {
  NuclioError,
  NuclioErrorCode,
  type NuclioAttributeInputType,
  type NuclioAttributeSpec,
  type NuclioFunction,
  type NuclioFunctionKind,
  type NuclioLabelSpec,
  type NuclioLabelType,
} from "./nuclio.types.js";

/** Bounds on what a dashboard or a function.yaml may declare; past them the input is refused or the function gets a problem. */
export const nuclioConfigLimits = {
  /** A function.yaml's text, UTF-8 bytes. */
  maxYamlBytes: 256 * 1024,
  /** `metadata.annotations.spec`, UTF-8 bytes. */
  maxSpecBytes: 256 * 1024,
  maxLabels: 2_000,
  maxAttributesPerLabel: 64,
  maxValuesPerAttribute: 1_000,
  maxSublabels: 100,
  /** Label, attribute, sublabel, value and function names. */
  maxNameLength: 200,
  /** YAML aliases (`*x`) resolved per document: bounds the "billion laughs" expansion. */
  maxYamlAliases: 100,
  /** Functions in one dashboard answer. */
  maxDashboardFunctions: 5_000,
  /** An svg kept with a skeleton label. */
  maxSvgBytes: 64 * 1024,
} as const;

/** A function entry of a dashboard answer that could not be read at all (no usable name), with why. */
export interface SkippedFunctionEntry {
  /** The entry's key in the dashboard's map, cut to 200 characters. */
  readonly key: string;
  readonly reason: string;
}

/** A dashboard answer read in full: the functions, and the entries that could not even be named. */
export interface DashboardListing {
  readonly functions: NuclioFunction[];
  readonly skipped: SkippedFunctionEntry[];
}

/** CVAT's function id pattern (cvat/apps/lambda_manager/urls.py): the name also travels in a request header. */
const FUNCTION_NAME = /^[A-Za-z0-9_.-]+$/;

const kinds: ReadonlySet<string> = new Set(["detector", "interactor", "tracker", "reid"]);
const labelTypes: ReadonlySet<string> = new Set([
  "any",
  "rectangle",
  "polygon",
  "polyline",
  "points",
  "ellipse",
  "cuboid",
  "mask",
  "skeleton",
  "tag",
]);
const inputTypes: ReadonlySet<string> = new Set(["select", "radio", "checkbox", "number", "text"]);

/**
 * The body of a dashboard's `GET /api/functions` (a map name → function config) as functions, bad ones included with
 * their problems. An entry without `metadata.name` is named by its map key (the dashboard keys the map by function
 * name) and gets a problem; an entry that is not an object, or whose name is unusable either way, is left out: see
 * `parseDashboardListing` for those. A body that is not a map is NUCLIO_DASHBOARD_UNAVAILABLE.
 */
export function parseDashboardFunctions(body: unknown): NuclioFunction[] {
  return parseDashboardListing(body).functions;
}

/** As `parseDashboardFunctions`, and also the entries left out, each with its reason. */
export function parseDashboardListing(body: unknown): DashboardListing {
  if (!isRecord(body)) {
    throw new NuclioError(NuclioErrorCode.DashboardUnavailable, "The dashboard's function list is not a JSON object (name → function)");
  }
  const entries = Object.entries(body);
  if (entries.length > nuclioConfigLimits.maxDashboardFunctions) {
    throw new NuclioError(
      NuclioErrorCode.DashboardUnavailable,
      `The dashboard lists ${entries.length} functions, more than ${nuclioConfigLimits.maxDashboardFunctions}`,
    );
  }
  const functions: NuclioFunction[] = [];
  const skipped: SkippedFunctionEntry[] = [];
  for (const [key, config] of entries) {
    const shownKey = key.slice(0, nuclioConfigLimits.maxNameLength);
    if (!isRecord(config)) {
      skipped.push({ key: shownKey, reason: "not a function config object" });
      continue;
    }
    const metadata = isRecord(config.metadata) ? config.metadata : {};
    const declared = metadata.name;
    if (typeof declared === "string" && declared !== "") {
      const why = nameProblem(declared);
      if (why) skipped.push({ key: shownKey, reason: why });
      else functions.push(readFunction(config, declared, []));
      continue;
    }
    const why = nameProblem(key);
    if (why) skipped.push({ key: shownKey, reason: `metadata.name is missing and the key is unusable: ${why}` });
    else functions.push(readFunction(config, key, ["metadata.name is missing (named by its dashboard key)"]));
  }
  functions.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { functions, skipped };
}

/** One function config object (a dashboard entry, or a parsed function.yaml document). */
export function parseFunctionConfig(config: unknown): NuclioFunction {
  if (!isRecord(config)) throw invalid("The function config is not an object");
  const metadata = config.metadata;
  if (!isRecord(metadata)) throw invalid("The function config has no metadata");
  const name = metadata.name;
  if (typeof name !== "string" || name === "") throw invalid("The function config has no metadata.name");
  const why = nameProblem(name);
  if (why) throw invalid(`metadata.name is unusable: ${why}`);
  return readFunction(config, name, []);
}

/** A function.yaml's text; INVALID_FUNCTION_CONFIG when it is too large, not YAML, or has no metadata.name. */
export function parseFunctionYaml(text: string): NuclioFunction {
  if (typeof text !== "string") throw invalid("The function.yaml is not text");
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > nuclioConfigLimits.maxYamlBytes) {
    throw invalid(`The function.yaml is ${bytes} bytes, more than ${nuclioConfigLimits.maxYamlBytes}`);
  }
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw invalid(`The function.yaml is not valid YAML: ${firstLine(doc.errors[0].message)}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: nuclioConfigLimits.maxYamlAliases });
  } catch (err) {
    throw invalid(`The function.yaml could not be read: ${firstLine((err as Error).message)}`);
  }
  return parseFunctionConfig(value);
}

/**
 * A `metadata.annotations.spec` JSON text: its labels, and every problem found (not JSON, duplicates, bad types,
 * limits). Never throws: a bad spec is a function's problem, not the caller's failure.
 */
export function parseLabelSpec(json: string): { labels: NuclioLabelSpec[]; problems: string[] } {
  const problems: string[] = [];
  if (typeof json !== "string") return { labels: [], problems: ["the label spec is not a JSON string"] };
  const bytes = Buffer.byteLength(json, "utf8");
  if (bytes > nuclioConfigLimits.maxSpecBytes) {
    return { labels: [], problems: [`the label spec is ${bytes} bytes, more than ${nuclioConfigLimits.maxSpecBytes}`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { labels: [], problems: ["the label spec (metadata.annotations.spec) is not valid JSON"] };
  }
  if (!Array.isArray(raw)) return { labels: [], problems: ["the label spec is not a JSON list of labels"] };
  if (raw.length > nuclioConfigLimits.maxLabels) {
    problems.push(`the label spec has ${raw.length} labels, more than ${nuclioConfigLimits.maxLabels}`);
  }
  const labels = readLabels(raw.slice(0, nuclioConfigLimits.maxLabels), "label", problems, false);
  return { labels, problems };
}

function readFunction(config: Record<string, unknown>, name: string, initialProblems: readonly string[]): NuclioFunction {
  const problems = [...initialProblems];
  const metadata = isRecord(config.metadata) ? config.metadata : {};
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  const spec = isRecord(config.spec) ? config.spec : {};
  const status = isRecord(config.status) ? config.status : {};

  const declaredKind = annotations.type;
  let kind: NuclioFunctionKind = "unknown";
  if (typeof declaredKind === "string" && kinds.has(declaredKind)) kind = declaredKind as NuclioFunctionKind;
  else if (declaredKind === undefined || declaredKind === null || declaredKind === "") {
    problems.push("the function declares no type (metadata.annotations.type)");
  } else problems.push(`unknown function type ${quote(declaredKind)} (metadata.annotations.type)`);
  if (kind !== "detector" && kind !== "unknown") {
    problems.push(`${kind} functions are not supported: Prelabel runs detector functions`);
  }

  let labels: NuclioLabelSpec[] = [];
  const specText = annotations.spec;
  if (specText === undefined || specText === null || specText === "") {
    if (kind === "detector") problems.push("the function declares no labels (metadata.annotations.spec)");
  } else if (typeof specText !== "string") {
    problems.push("metadata.annotations.spec is not a JSON string");
  } else {
    const parsed = parseLabelSpec(specText);
    labels = parsed.labels;
    problems.push(...parsed.problems);
    if (kind === "detector" && parsed.problems.length === 0 && labels.length === 0) {
      problems.push("the function declares no labels (metadata.annotations.spec)");
    }
  }

  let version = 1;
  const declaredVersion = annotations.version;
  if (declaredVersion !== undefined && declaredVersion !== null && declaredVersion !== "") {
    const v =
      typeof declaredVersion === "number" ? declaredVersion : typeof declaredVersion === "string" ? Number(declaredVersion.trim()) : NaN;
    if (Number.isSafeInteger(v)) version = v;
    else problems.push(`metadata.annotations.version ${quote(declaredVersion)} is not an integer`);
  }

  const trigger = httpTrigger(spec.triggers);
  const triggerAttributes = isRecord(trigger?.attributes) ? trigger.attributes : {};
  const timeouts = [durationMs(spec.eventTimeout), durationMs(trigger?.timeout)].filter((t): t is number => t !== null && t > 0);

  return {
    name,
    displayName: shortString(annotations.name) ?? name,
    kind,
    framework: shortString(annotations.framework),
    version,
    description: typeof spec.description === "string" ? spec.description.slice(0, 10_000) : "",
    labels,
    namespace: shortString(metadata.namespace),
    project: isRecord(metadata.labels) ? shortString(metadata.labels["nuclio.io/project-name"]) : null,
    state: shortString(status.state),
    httpPort: port(status.httpPort) ?? port(triggerAttributes.port),
    eventTimeoutMs: timeouts.length > 0 ? Math.min(...timeouts) : null,
    maxWorkers: positiveInt(trigger?.maxWorkers) ?? positiveInt(trigger?.numWorkers),
    problems,
  };
}

/** The first trigger of kind http, in key order (CVAT's functions have one, `myHttpTrigger`). */
function httpTrigger(triggers: unknown): Record<string, unknown> | undefined {
  if (!isRecord(triggers)) return undefined;
  for (const key of Object.keys(triggers).sort()) {
    const t = triggers[key];
    if (isRecord(t) && t.kind === "http") return t;
  }
  return undefined;
}

function readLabels(raw: readonly unknown[], what: "label" | "sublabel", problems: string[], inSkeleton: boolean): NuclioLabelSpec[] {
  const labels: NuclioLabelSpec[] = [];
  const seen = new Set<string>();
  raw.forEach((item, index) => {
    if (!isRecord(item)) {
      problems.push(`${what} #${index + 1} is not an object`);
      return;
    }
    const name = item.name;
    if (typeof name !== "string" || name.trim() === "") {
      problems.push(`${what} #${index + 1} has no name`);
      return;
    }
    if (name.length > nuclioConfigLimits.maxNameLength) {
      problems.push(`${what} #${index + 1}: its name is longer than ${nuclioConfigLimits.maxNameLength} characters`);
      return;
    }
    const where = inSkeleton ? `sublabel ${quote(name)}` : `label ${quote(name)}`;
    if (seen.has(name)) problems.push(`duplicate ${what} name ${quote(name)}`);
    seen.add(name);

    let type: NuclioLabelType = inSkeleton ? "points" : "any";
    const declared = item.type;
    if (declared === "unknown")
      type = "any"; // CVAT's legacy spelling of "any"
    else if (typeof declared === "string" && labelTypes.has(declared)) type = declared as NuclioLabelType;
    else if (declared !== undefined && declared !== null) problems.push(`${where}: unknown type ${quote(declared)}`);
    if (inSkeleton && type !== "points") problems.push(`${where}: skeleton elements must be of type points, not ${type}`);

    const attributes = readAttributes(item.attributes, where, problems);
    let sublabels: NuclioLabelSpec[] = [];
    let svg: string | null = null;
    if (type === "skeleton") {
      if (!Array.isArray(item.sublabels) || item.sublabels.length === 0) {
        problems.push(`${where}: a skeleton needs sublabels`);
      } else {
        if (item.sublabels.length > nuclioConfigLimits.maxSublabels) {
          problems.push(`${where}: ${item.sublabels.length} sublabels, more than ${nuclioConfigLimits.maxSublabels}`);
        }
        sublabels = readLabels(item.sublabels.slice(0, nuclioConfigLimits.maxSublabels), "sublabel", problems, true);
      }
      if (typeof item.svg !== "string" || item.svg.trim() === "") problems.push(`${where}: a skeleton needs an svg`);
      else if (Buffer.byteLength(item.svg, "utf8") > nuclioConfigLimits.maxSvgBytes) {
        problems.push(`${where}: its svg is larger than ${nuclioConfigLimits.maxSvgBytes} bytes`);
      } else svg = item.svg;
    }
    labels.push({ id: labelId(item.id), name, type, attributes, sublabels, svg });
  });
  return labels;
}

function readAttributes(raw: unknown, where: string, problems: string[]): NuclioAttributeSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push(`${where}: attributes is not a list`);
    return [];
  }
  if (raw.length > nuclioConfigLimits.maxAttributesPerLabel) {
    problems.push(`${where}: ${raw.length} attributes, more than ${nuclioConfigLimits.maxAttributesPerLabel}`);
  }
  const out: NuclioAttributeSpec[] = [];
  const seen = new Set<string>();
  raw.slice(0, nuclioConfigLimits.maxAttributesPerLabel).forEach((a, index) => {
    if (!isRecord(a) || typeof a.name !== "string" || a.name.trim() === "") {
      problems.push(`${where}: attribute #${index + 1} has no name`);
      return;
    }
    const name = a.name;
    if (name.length > nuclioConfigLimits.maxNameLength) {
      problems.push(`${where}: attribute #${index + 1}'s name is longer than ${nuclioConfigLimits.maxNameLength} characters`);
      return;
    }
    const at = `${where}, attribute ${quote(name)}`;
    if (seen.has(name)) problems.push(`${where}: duplicate attribute name ${quote(name)}`);
    seen.add(name);
    const inputType = a.input_type;
    if (typeof inputType !== "string" || !inputTypes.has(inputType)) {
      problems.push(`${at}: unknown input_type ${quote(inputType)}`);
      return;
    }
    let values: string[] = [];
    if (Array.isArray(a.values)) {
      if (a.values.length > nuclioConfigLimits.maxValuesPerAttribute) {
        problems.push(`${at}: ${a.values.length} values, more than ${nuclioConfigLimits.maxValuesPerAttribute}`);
      }
      values = a.values.slice(0, nuclioConfigLimits.maxValuesPerAttribute).map((v) => (typeof v === "string" ? v : String(v)));
      if (values.some((v) => v.length > nuclioConfigLimits.maxNameLength)) {
        problems.push(`${at}: a value is longer than ${nuclioConfigLimits.maxNameLength} characters`);
        values = values.map((v) => v.slice(0, nuclioConfigLimits.maxNameLength));
      }
    } else if (a.values !== undefined && a.values !== null) problems.push(`${at}: values is not a list`);
    if (inputType === "number" && values.length > 0) {
      const n = values.map(Number);
      if (values.length !== 3 || n.some((x) => !Number.isFinite(x)) || n[0] > n[1] || n[2] <= 0) {
        problems.push(`${at}: a number attribute's values must be "min;max;step" numbers`);
      }
    }
    out.push({ name, inputType: inputType as NuclioAttributeInputType, values });
  });
  return out;
}

function labelId(raw: unknown): number | null {
  if (typeof raw === "number") return Number.isSafeInteger(raw) ? raw : null;
  if (typeof raw === "string" && /^-?\d{1,15}$/.test(raw.trim())) return Number(raw.trim());
  return null;
}

function nameProblem(name: string): string | undefined {
  if (name.length > nuclioConfigLimits.maxNameLength) return `longer than ${nuclioConfigLimits.maxNameLength} characters`;
  if (!FUNCTION_NAME.test(name)) return "only letters, digits, '_', '.' and '-' are allowed";
  return undefined;
}

function durationMs(raw: unknown): number | null {
  if (typeof raw === "string") return parseGoDuration(raw.trim());
  return null;
}

function port(raw: unknown): number | null {
  const n = typeof raw === "string" && /^\d{1,5}$/.test(raw) ? Number(raw) : raw;
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 65_535 ? n : null;
}

function positiveInt(raw: unknown): number | null {
  return typeof raw === "number" && Number.isSafeInteger(raw) && raw > 0 ? raw : null;
}

function shortString(raw: unknown): string | null {
  return typeof raw === "string" && raw !== "" ? raw.slice(0, 1_000) : null;
}

function quote(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

function firstLine(message: string): string {
  const line = message.split("\n")[0];
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function invalid(message: string): NuclioError {
  return new NuclioError(NuclioErrorCode.InvalidFunctionConfig, message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
