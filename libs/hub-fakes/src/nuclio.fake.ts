import { parse as parseYaml } from "yaml";
import { FakeHttpServer, type FakeReply, type FakeRequest } from "./fake-http.server.js";
import type { Fault } from "./fault.types.js";
import type { NuclioFunctionFixture, NuclioRelDetection } from "./nuclio.fixtures.js";
import { standardNuclioFixtures } from "./nuclio.fixtures.js";
import { imageSize } from "./test-image.factory.js";

// Nuclio as CVAT uses it: the dashboard (`GET /api/functions`, `POST /api/function_invocations`) and one HTTP port per
// function (`status.httpPort`), each answering CVAT's detector protocol.

/** What a Python handler's uncaught exception looks like through Nuclio's processor (500, text/plain). */
const pythonTraceback = `Traceback (most recent call last):
  File "/opt/nuclio/_nuclio_wrapper.py", line 118, in serve_requests
    self._handle_event(event)
  File "/opt/nuclio/main.py", line 31, in handler
    image = Image.open(buf).convert("RGB")
PIL.UnidentifiedImageError: cannot identify image file <_io.BytesIO object at 0x7f3a2c1d5e50>
`;

/** Misbehaviours of a real function (queue them with `fn.inject("invoke", …)`). */
export const nuclioFaults = {
  /** Answer normally after `ms`. */
  slow: (ms: number): Fault => ({ kind: "delay", ms }),
  /** 503, as Nuclio answers when every worker is busy past `workerAvailabilityTimeoutMilliseconds`. */
  unavailable: (retryAfterSeconds?: number): Fault => ({
    kind: "status",
    status: 503,
    text: "Couldn't allocate worker",
    contentType: "text/plain; charset=utf-8",
    headers: retryAfterSeconds === undefined ? {} : { "Retry-After": String(retryAfterSeconds) },
  }),
  /** 500 with the Python traceback Nuclio's processor sends for a handler exception. */
  traceback: (): Fault => ({ kind: "status", status: 500, text: pythonTraceback, contentType: "text/plain; charset=utf-8" }),
  /** 200 "application/json" whose body is an HTML error page. */
  garbage: (): Fault => ({ kind: "content-type", contentType: "application/json", body: "<html><body>Bad Gateway</body></html>" }),
  /** The connection closes without an answer. */
  reset: (): Fault => ({ kind: "reset" }),
  /** Never answers. */
  hang: (): Fault => ({ kind: "hang" }),
  /** A body Python's json.dumps writes for a NaN coordinate (not valid JSON). */
  nanCoordinates: (): Fault => ({
    kind: "content-type",
    contentType: "application/json",
    body: '[{"confidence": "0.9", "label": "car", "points": [NaN, 10.0, 20.0, 30.0], "type": "rectangle"}]',
  }),
  /** Valid JSON that is not a list of detections. */
  notAList: (): Fault => ({ kind: "wrong-shape", json: { results: [{ label: "car", points: [0, 0, 1, 1] }] } }),
  /** A list whose items have the wrong number of points for their type. */
  wrongPointCount: (): Fault => ({
    kind: "wrong-shape",
    json: [{ confidence: "0.9", label: "car", points: [1, 2, 3], type: "rectangle" }],
  }),
};

export interface NuclioFunctionFakeOptions {
  /** Every answer waits this long first (the benchmark's fixed-latency function). */
  readonly latencyMs?: number;
}

/**
 * One function's own HTTP port: `POST /` with `{"image": <base64>, "threshold": t}` answers the fixture's outputs scaled
 * to the image, those under the threshold (default 0.5, as CVAT's handlers) left out, in CVAT's item form.
 */
export class NuclioFunctionFake extends FakeHttpServer {
  /** Set while the function is not deployed any more; the dashboard then answers 404. */
  removed = false;

  constructor(
    readonly fixture: NuclioFunctionFixture,
    readonly options: NuclioFunctionFakeOptions = {},
  ) {
    super(`nuclio-${fixture.name}`, [{ name: "invoke", methods: ["POST"], pattern: /^\/$/, handle: (r) => this.invoke(r) }]);
  }

  static async start(fixture: NuclioFunctionFixture, options: NuclioFunctionFakeOptions = {}): Promise<NuclioFunctionFake> {
    return new NuclioFunctionFake(fixture, options).listen();
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** Invocations received (faulted ones included). */
  get calls(): number {
    return this.requestsTo("invoke").length;
  }

  private async invoke(request: FakeRequest): Promise<FakeReply> {
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    let payload: { image?: unknown; threshold?: unknown };
    try {
      payload = JSON.parse(request.body.toString("utf8")) as typeof payload;
    } catch {
      return traceback("json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)");
    }
    if (typeof payload?.image !== "string") return traceback("KeyError: 'image'");
    const size = await imageSize(Buffer.from(payload.image, "base64"));
    if (!size) return traceback("PIL.UnidentifiedImageError: cannot identify image file");
    const threshold = payload.threshold === undefined ? 0.5 : Number(payload.threshold);
    const items = this.fixture.outputs.filter((o) => o.confidence >= threshold).map((o) => this.item(o, size.width, size.height));
    return { status: 200, body: items };
  }

  private item(o: NuclioRelDetection, width: number, height: number): Record<string, unknown> {
    const q = this.fixture.quirks ?? {};
    const confidence = (c: number) => (q.numericConfidence ? c : String(c));
    const [x1, y1, x2, y2] = [round2(o.box[0] * width), round2(o.box[1] * height), round2(o.box[2] * width), round2(o.box[3] * height)];
    const item: Record<string, unknown> = { confidence: confidence(o.confidence), label: o.label };
    if (this.fixture.answers === "mask") {
      const mask = ellipseMask(o, width, height);
      item.points = mask.polygon;
      item.mask = q.rleMask ? [...rle(mask.bitmap), ...mask.box] : [...mask.bitmap, ...mask.box];
      item.type = "mask";
    } else if (this.fixture.answers === "skeleton") {
      item.elements = (o.elements ?? []).map((e) => ({
        label: e.label,
        type: "points",
        points: [round2(e.point[0] * width), round2(e.point[1] * height)],
        ...(e.outside ? { outside: true } : {}),
        ...(e.confidence !== undefined ? { confidence: confidence(e.confidence) } : {}),
      }));
      item.type = "skeleton";
    } else {
      item.points = [x1, y1, x2, y2];
      item.type = "rectangle";
    }
    if (o.attributes) item.attributes = o.attributes.map((a) => ({ name: a.name, value: a.value }));
    if (q.omitType) delete item.type;
    if (q.extraKeys) Object.assign(item, { model_version: "2024.1", track_id: null, bbox_area: (x2 - x1) * (y2 - y1) });
    return item;
  }
}

export interface NuclioDashboardFakeOptions {
  /** The namespace functions are deployed in (CVAT's `NUCLIO_FUNCTION_NAMESPACE`, default "nuclio"). */
  readonly namespace?: string;
  /** The project a fixture without one is deployed to (default "cvat"). */
  readonly project?: string;
}

/**
 * The Nuclio dashboard: `GET /api/functions` (filtered by `x-nuclio-project-name`; `x-nuclio-function-namespace` is
 * required and selects the namespace), `GET /api/functions/{name}`, and `POST /api/function_invocations` relaying
 * to the function named by `x-nuclio-function-name` at `x-nuclio-path`, within `x-nuclio-invoke-timeout`. An unknown or
 * removed function is 404 with a Nuclio-style error body; a function that cannot be reached is 502, one that does not
 * answer in time 504 (this fake's choices: the real dashboard's relay errors are less regular).
 */
export class NuclioDashboardFake extends FakeHttpServer {
  private readonly deployed = new Map<string, NuclioFunctionFake>();
  readonly namespace: string;
  readonly project: string;

  constructor(options: NuclioDashboardFakeOptions = {}) {
    super("nuclio-dashboard", [
      { name: "functions", methods: ["GET"], pattern: /^\/api\/functions\/?$/, handle: (r) => this.list(r) },
      { name: "function", methods: ["GET"], pattern: /^\/api\/functions\/([^/]+)$/, handle: (r) => this.get(r, r.params[0]) },
      { name: "invocations", methods: ["POST"], pattern: /^\/api\/function_invocations\/?$/, handle: (r) => this.relay(r) },
    ]);
    this.namespace = options.namespace ?? "nuclio";
    this.project = options.project ?? "cvat";
  }

  static async start(options: NuclioDashboardFakeOptions = {}): Promise<NuclioDashboardFake> {
    return new NuclioDashboardFake(options).listen();
  }

  /** Deployed functions by name (removed ones are gone). */
  get functions(): ReadonlyMap<string, NuclioFunctionFake> {
    return this.deployed;
  }

  /** One deployed function; throws for an unknown name. */
  fn(name: string): NuclioFunctionFake {
    const found = this.deployed.get(name);
    if (!found) throw new Error(`no deployed Nuclio function "${name}"`);
    return found;
  }

  /** Starts the fixture's function server and lists it (a redeploy replaces the old server). */
  async deploy(fixture: NuclioFunctionFixture, options: NuclioFunctionFakeOptions = {}): Promise<NuclioFunctionFake> {
    await this.remove(fixture.name);
    const fn = await NuclioFunctionFake.start(fixture, options);
    this.deployed.set(fixture.name, fn);
    return fn;
  }

  /** Deletes the function: the dashboard forgets it and its port closes (direct calls are refused). */
  async remove(name: string): Promise<void> {
    const fn = this.deployed.get(name);
    if (!fn) return;
    this.deployed.delete(name);
    fn.removed = true;
    await fn.close();
  }

  /** The dashboard's config of a deployed function: the function.yaml plus labels and status. */
  configOf(fn: NuclioFunctionFake): Record<string, unknown> {
    const config = parseYaml(fn.fixture.yaml) as Record<string, Record<string, unknown>>;
    const metadata = { ...config.metadata };
    metadata.namespace = this.namespace;
    metadata.labels = { "nuclio.io/project-name": fn.fixture.project ?? this.project };
    return {
      ...config,
      metadata,
      status: {
        state: fn.fixture.state ?? "ready",
        httpPort: fn.port,
        internalInvocationUrls: [`nuclio-${fn.fixture.name}.${this.namespace}.svc.cluster.local:8080`],
        externalInvocationUrls: [`127.0.0.1:${fn.port}`],
      },
    };
  }

  /** Closes the dashboard and every function server. */
  override async close(): Promise<void> {
    await Promise.all([...this.deployed.values()].map((f) => f.close()));
    await super.close();
  }

  override reset(): void {
    super.reset();
    for (const f of this.deployed.values()) f.reset();
  }

  private namespaceOf(request: FakeRequest): string | FakeReply {
    const ns = header(request, "x-nuclio-function-namespace");
    if (!ns) return nuclioError(400, "Namespace must be specified (x-nuclio-function-namespace)");
    return ns;
  }

  private list(request: FakeRequest): FakeReply {
    const ns = this.namespaceOf(request);
    if (typeof ns !== "string") return ns;
    const project = header(request, "x-nuclio-project-name");
    const body: Record<string, unknown> = {};
    if (ns !== this.namespace) return { status: 200, body };
    for (const [name, fn] of this.deployed) {
      if (project && (fn.fixture.project ?? this.project) !== project) continue;
      body[name] = this.configOf(fn);
    }
    return { status: 200, body };
  }

  private get(request: FakeRequest, name: string): FakeReply {
    const ns = this.namespaceOf(request);
    if (typeof ns !== "string") return ns;
    const fn = this.deployed.get(name);
    if (!fn || ns !== this.namespace) return nuclioError(404, "Function not found");
    return { status: 200, body: this.configOf(fn) };
  }

  private async relay(request: FakeRequest): Promise<FakeReply> {
    const ns = this.namespaceOf(request);
    if (typeof ns !== "string") return ns;
    const name = header(request, "x-nuclio-function-name");
    if (!name) return nuclioError(400, "Function name must be provided in header (x-nuclio-function-name)");
    const fn = this.deployed.get(name);
    if (!fn || ns !== this.namespace) return nuclioError(404, `Function not found: ${name}`);
    const path = header(request, "x-nuclio-path") ?? "/";
    const timeout = header(request, "x-nuclio-invoke-timeout");
    const timeoutMs = timeout && /^\d+(\.\d+)?s$/.test(timeout) ? Number(timeout.slice(0, -1)) * 1000 : 60_000;
    let response: Response;
    try {
      response = await fetch(`${fn.url}${path.startsWith("/") ? path : `/${path}`}`, {
        method: "POST",
        headers: { "Content-Type": header(request, "content-type") ?? "application/json" },
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const timedOut = (err as Error).name === "TimeoutError";
      return timedOut ? nuclioError(504, "Function invocation timed out") : nuclioError(502, "Failed to invoke function");
    }
    const body = Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string> = {};
    // The function's own headers pass through (Retry-After on a 503 among them); framing is the dashboard's.
    response.headers.forEach((value, key) => {
      if (!["content-length", "content-type", "connection", "keep-alive", "transfer-encoding", "date"].includes(key)) headers[key] = value;
    });
    return { status: response.status, headers, body, contentType: response.headers.get("content-type") ?? "application/octet-stream" };
  }
}

export interface NuclioFakesOptions {
  /** Functions to deploy (default: every standard fixture). */
  readonly fixtures?: readonly NuclioFunctionFixture[];
  /** The project fixtures without one are deployed to (default "cvat"). */
  readonly project?: string;
  readonly namespace?: string;
  /** Latency of every function. */
  readonly latencyMs?: number;
}

export interface NuclioFakes {
  readonly dashboard: NuclioDashboardFake;
  /** The dashboard's base URL. */
  readonly url: string;
  /** Deployed functions by name (as deployed at start; see `dashboard.functions` for the live set). */
  readonly functions: ReadonlyMap<string, NuclioFunctionFake>;
  /** Forgets recorded requests and queued faults on the dashboard and every function. */
  reset(): void;
  close(): Promise<void>;
}

/** A dashboard on loopback with the fixtures deployed, each function on its own port. */
export async function startNuclioFakes(options: NuclioFakesOptions = {}): Promise<NuclioFakes> {
  const dashboard = await NuclioDashboardFake.start({ project: options.project, namespace: options.namespace });
  for (const fixture of options.fixtures ?? standardNuclioFixtures()) {
    await dashboard.deploy(fixture, { latencyMs: options.latencyMs });
  }
  return {
    dashboard,
    url: dashboard.url,
    functions: new Map(dashboard.functions),
    reset: () => dashboard.reset(),
    close: () => dashboard.close(),
  };
}

function header(request: FakeRequest, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text === "" ? undefined : text;
}

function nuclioError(status: number, message: string): FakeReply {
  return { status, body: { error: message, errorStackTrace: `${message}\n    /nuclio/pkg/dashboard/resource/function.go:312` } };
}

function traceback(last: string): FakeReply {
  return {
    status: 500,
    contentType: "text/plain; charset=utf-8",
    body: `Traceback (most recent call last):\n  File "/opt/nuclio/main.py", line 27, in handler\n    data = event.body\n${last}\n`,
  };
}

/** An ellipse filling the box: CVAT's inclusive pixel box, the bitmap over it, and an 8-point outline polygon. */
function ellipseMask(o: NuclioRelDetection, width: number, height: number) {
  const clampX = (v: number) => Math.min(width - 1, Math.max(0, v));
  const clampY = (v: number) => Math.min(height - 1, Math.max(0, v));
  const left = clampX(Math.floor(o.box[0] * width));
  const top = clampY(Math.floor(o.box[1] * height));
  const right = Math.max(left, clampX(Math.ceil(o.box[2] * width) - 1));
  const bottom = Math.max(top, clampY(Math.ceil(o.box[3] * height) - 1));
  const w = right - left + 1;
  const h = bottom - top + 1;
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  const bitmap = new Array<number>(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const dx = (x - cx) / Math.max(0.5, w / 2);
      const dy = (y - cy) / Math.max(0.5, h / 2);
      bitmap[y * w + x] = dx * dx + dy * dy <= 1 ? 1 : 0;
    }
  }
  const polygon: number[] = [];
  for (let k = 0; k < 8; k++) {
    const a = (k / 8) * 2 * Math.PI;
    polygon.push(Math.round(left + cx + (Math.cos(a) * w) / 2), Math.round(top + cy + (Math.sin(a) * h) / 2));
  }
  return { box: [left, top, right, bottom], bitmap, polygon };
}

/** Pixel coordinates to 2 decimals, as the handlers' numpy floats print (no 55.00000000000001). */
function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** CVAT's RLE: alternating run lengths, background first. */
function rle(bitmap: readonly number[]): number[] {
  const runs: number[] = [];
  let current = 0;
  let run = 0;
  for (const v of bitmap) {
    const bit = v ? 1 : 0;
    if (bit === current) run++;
    else {
      runs.push(run);
      current = bit;
      run = 1;
    }
  }
  runs.push(run);
  return runs;
}
