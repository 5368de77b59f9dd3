/**
 * Nuclio functions as CVAT deploys them (cvat-ai/cvat `serverless/`, the lambda manager): the shapes this library
 * reads from a dashboard or a function.yaml, and the detector protocol it speaks. Protocol words (`detector`,
 * `rectangle`, `input_type`) stay as CVAT spells them; callers map them to their own enums.
 */

/** `metadata.annotations.type` of a CVAT function; anything else (or none) is "unknown". */
export type NuclioFunctionKind = "detector" | "interactor" | "tracker" | "reid" | "unknown";

/** A label's `type` in the spec; CVAT defaults a missing one to "any". */
export type NuclioLabelType = "any" | "rectangle" | "polygon" | "polyline" | "points" | "ellipse" | "cuboid" | "mask" | "skeleton" | "tag";

export type NuclioAttributeInputType = "select" | "radio" | "checkbox" | "number" | "text";

export interface NuclioAttributeSpec {
  readonly name: string;
  readonly inputType: NuclioAttributeInputType;
  /** CVAT's `values`: the choices; number: [min, max, step] as strings; checkbox: its default ("false"/"true"). */
  readonly values: readonly string[];
}

export interface NuclioLabelSpec {
  /** CVAT's numeric `id` when the spec has one. */
  readonly id: number | null;
  readonly name: string;
  readonly type: NuclioLabelType;
  readonly attributes: readonly NuclioAttributeSpec[];
  /** Skeleton elements (type points); empty for other types. */
  readonly sublabels: readonly NuclioLabelSpec[];
  /** Skeleton drawing CVAT keeps with the spec; null for other types. */
  readonly svg: string | null;
}

/**
 * One function as a dashboard lists it (`GET /api/functions`) or a function.yaml declares it. A function whose
 * metadata does not parse is still returned, with `problems` saying why (CVAT hides such functions silently;
 * users asked to see them, cvat-ai/cvat#9816).
 */
export interface NuclioFunction {
  /** `metadata.name`: the function's id on its dashboard (e.g. "onnx-wongkinyiu-yolov7"). */
  readonly name: string;
  /** `metadata.annotations.name`, else the name. */
  readonly displayName: string;
  readonly kind: NuclioFunctionKind;
  /** `metadata.annotations.framework` (e.g. "onnx", "openvino", "pytorch"), or null. */
  readonly framework: string | null;
  /** `metadata.annotations.version` (CVAT: int, default 1). */
  readonly version: number;
  /** `spec.description`, or "". */
  readonly description: string;
  /** Parsed `metadata.annotations.spec`; empty when it does not parse (see `problems`). */
  readonly labels: readonly NuclioLabelSpec[];
  /** `metadata.namespace`, or null. */
  readonly namespace: string | null;
  /** `metadata.labels["nuclio.io/project-name"]`, or null. */
  readonly project: string | null;
  /** `status.state` on a dashboard ("ready", "building", "error", …); null in a function.yaml. */
  readonly state: string | null;
  /** `status.httpPort` (dashboard) or `spec.triggers.*.attributes.port` (function.yaml), or null. */
  readonly httpPort: number | null;
  /** The shortest of `spec.eventTimeout` and the HTTP trigger's timeout, in ms, or null. */
  readonly eventTimeoutMs: number | null;
  /** `spec.triggers.*.maxWorkers` of the HTTP trigger, or null. */
  readonly maxWorkers: number | null;
  /** Every reason no job can run it (bad spec JSON, duplicate labels or attributes, unknown type, not a detector); empty when it can. */
  readonly problems: readonly string[];
}

/** How the worker reaches a function. */
export type NuclioInvokeTarget =
  | {
      readonly method: "dashboard";
      /** The dashboard's base URL (scheme://host:port). */
      readonly dashboardUrl: string;
      readonly functionName: string;
      readonly project: string;
      readonly namespace: string;
    }
  | {
      readonly method: "direct";
      /** The function's own HTTP trigger (e.g. http://host:32768). */
      readonly url: string;
      readonly functionName: string;
    };

/** CVAT's detector request body. */
export interface NuclioDetectRequest {
  /** The frame's encoded bytes (JPEG/PNG), sent base64 as `image`. */
  readonly image: Uint8Array;
  /** Sent as `threshold`. */
  readonly threshold: number;
}

/** A mask as a function returns it, normalised: a bitmap over the box (CVAT's inclusive [xtl, ytl, xbr, ybr]). */
export interface NuclioMask {
  readonly left: number;
  readonly top: number;
  /** Inclusive. */
  readonly right: number;
  /** Inclusive. */
  readonly bottom: number;
  /** (right − left + 1) × (bottom − top + 1) values, row-major, 1 = set. */
  readonly bitmap: Uint8Array;
}

export type NuclioShapeType = "rectangle" | "polygon" | "polyline" | "points" | "mask" | "skeleton" | "tag" | "ellipse";

/**
 * One item of a detector's answer, read as leniently as CVAT reads it: `confidence` may come as a string, `type`
 * may be missing (taken from the label's spec type, else from the points), unknown keys are ignored.
 */
export interface NuclioDetection {
  readonly label: string;
  /** In [0, 1]; null when the function sent none. */
  readonly confidence: number | null;
  readonly type: NuclioShapeType;
  /** Flat x,y pairs in frame pixels (rectangle: xtl, ytl, xbr, ybr). Finite numbers only. */
  readonly points: readonly number[];
  readonly mask: NuclioMask | null;
  readonly attributes: readonly { readonly name: string; readonly value: string }[];
  /** Skeleton elements (points), each with its sublabel. */
  readonly elements: readonly NuclioDetection[];
  readonly outside: boolean;
  readonly occluded: boolean;
}

export const NuclioErrorCode = {
  /** The function (or the dashboard relaying it) answered with an HTTP error. */
  FunctionError: "FUNCTION_ERROR",
  /** No answer within the timeout, after retries. */
  FunctionTimeout: "FUNCTION_TIMEOUT",
  /** Not CVAT's detector response: not JSON, not a list, an item without label or points, NaN coordinates. */
  FunctionBadResponse: "FUNCTION_BAD_RESPONSE",
  /** Connection refused or reset after retries, or the function's circuit breaker is open. */
  FunctionUnavailable: "FUNCTION_UNAVAILABLE",
  /** The dashboard no longer knows the function (404 on invocation). */
  FunctionRemoved: "FUNCTION_REMOVED",
  /** A URL refused by the address policy (private address not allowed, bad scheme, credentials in it). */
  UrlRefused: "NUCLIO_URL_REFUSED",
  /** The dashboard could not be listed (unreachable, HTTP error, not a function map). */
  DashboardUnavailable: "NUCLIO_DASHBOARD_UNAVAILABLE",
  /** A function.yaml or label spec given by hand does not parse (too large, not YAML, no metadata.name). */
  InvalidFunctionConfig: "INVALID_FUNCTION_CONFIG",
} as const;
export type NuclioErrorCode = (typeof NuclioErrorCode)[keyof typeof NuclioErrorCode];

/** Every failure of this library; `message` is safe to show (no secrets, no bodies beyond a short excerpt). */
export class NuclioError extends Error {
  override readonly name = "NuclioError";
  constructor(
    readonly code: NuclioErrorCode,
    message: string,
    readonly details: { readonly status?: number; readonly retryAfterMs?: number } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export const isNuclioError = (err: unknown): err is NuclioError => err instanceof NuclioError;

/** Lists a dashboard's functions of one project (CVAT's lambda manager: `GET /api/functions` with the project header). */
export interface NuclioDashboard {
  listFunctions(signal?: AbortSignal): Promise<NuclioFunction[]>;
}

/** One detector call's settings. */
export interface NuclioDetectOptions {
  /** Whose call it is: limits and breakers key on (tenant, function). */
  readonly tenantId: string;
  readonly timeoutMs?: number;
  readonly maxConcurrency?: number;
  /** The function's declared labels: an item without `type` takes its label's type. */
  readonly labelTypes?: ReadonlyMap<string, NuclioLabelType>;
  readonly signal?: AbortSignal;
}

/** Calls a detector function; retries, timeouts, per-function concurrency and the circuit breaker live behind it. */
export interface NuclioInvoker {
  detect(target: NuclioInvokeTarget, request: NuclioDetectRequest, options: NuclioDetectOptions): Promise<NuclioDetection[]>;
}
