import { randomUUID } from "node:crypto";
import { FakeHttpServer, bearerToken, type FakeReply, type FakeRequest } from "./fake-http.server.js";
import type { Fault } from "./fault.types.js";
import type { RoboflowProjectFixture } from "./roboflow.fixtures.js";
import { imageSize } from "./test-image.factory.js";

// Roboflow as the two hosts it answers on: the metadata API (RoboflowApiFake, ROBOFLOW_API_URL) and hosted
// inference (RoboflowInferenceFake, ROBOFLOW_INFER_URL). Both know the same projects and API keys.

/** Metadata API error answers (hubs.md §2c: `{"error": {"message"}}` or `{"error": "<code>", "message"}`). */
export const roboflowApiFaults = {
  rateLimited: (retryAfter?: string | number): Fault => ({
    kind: "status",
    status: 429,
    json: { error: { message: "Rate limit exceeded", type: "RateLimitException" } },
    headers: retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) },
  }),
  unavailable: (status: 503 | 504 = 503): Fault => ({
    kind: "status",
    status,
    json: { error: "unavailable", message: "Service temporarily unavailable" },
  }),
};

/** Hosted-inference error answers (hubs.md §2a: body `{"message": …}`). */
export const roboflowInferFaults = {
  badKey: (): Fault => ({ kind: "status", status: 403, json: { message: "Unauthorized api_key" } }),
  unauthorized: (): Fault => ({ kind: "status", status: 401, json: { message: "Unauthorized api_key" } }),
  noCredits: (): Fault => ({ kind: "status", status: 402, json: { message: "Not enough credits to perform this request." } }),
  notFound: (): Fault => ({ kind: "status", status: 404, json: { message: "Model not found." } }),
  payloadTooLarge: (): Fault => ({ kind: "status", status: 413, json: { message: "Payload too large. Maximum upload size is 20MB." } }),
  paused: (): Fault => ({ kind: "status", status: 423, json: { message: "API usage paused for this workspace." } }),
  rateLimited: (retryAfter?: string | number): Fault => ({
    kind: "status",
    status: 429,
    json: { message: "Too many requests. Rate limit exceeded." },
    headers: retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) },
  }),
  /** The inference server's 503 always says Retry-After: 1. */
  notReady: (): Fault => ({
    kind: "status",
    status: 503,
    json: { message: "Model is temporarily not ready - retry request." },
    headers: { "Retry-After": "1" },
  }),
  gatewayTimeout: (): Fault => ({ kind: "status", status: 504, json: { message: "Timeout when attempting to connect to Roboflow API." } }),
  modelLoadFailed: (): Fault => ({ kind: "status", status: 500, json: { message: "Could not load model package." } }),
  badGateway: (): Fault => ({ kind: "status", status: 502, json: { message: "Roboflow API returned an error." } }),
};

/** The API keys a fake knows, each with its workspace; a key comes as `api_key` (or a bearer token). */
class RoboflowKeys {
  private readonly workspaces = new Map<string, string>();

  seed(key: string, workspace: string): void {
    this.workspaces.set(key, workspace);
  }

  keyOf(request: FakeRequest): string | undefined {
    return request.query.get("api_key") ?? bearerToken(request.headers);
  }

  /** The workspace of the request's key; undefined without a key or for one the fake does not know. */
  workspaceOf(request: FakeRequest): string | undefined {
    const key = this.keyOf(request);
    return key ? this.workspaces.get(key) : undefined;
  }
}

/**
 * The Roboflow metadata API: `POST /?api_key=` (key check → workspace), `GET /{ws}/{project}` and
 * `GET /{ws}/{project}/{version}` (type, classes, trained model), all keyed by the `api_key` query parameter.
 * A key sees its own workspace and public (universe) projects.
 */
export class RoboflowApiFake extends FakeHttpServer {
  private readonly projects: RoboflowProjectFixture[] = [];
  private readonly keys = new RoboflowKeys();

  constructor() {
    super("roboflow-api", [
      { name: "validate-key", methods: ["POST"], pattern: /^\/$/, handle: (r) => this.validateKey(r) },
      {
        name: "version",
        methods: ["GET"],
        pattern: /^\/([^/]+)\/([^/]+)\/(\d+)$/,
        handle: (r) => this.version(r, r.params[0], r.params[1], Number(r.params[2])),
      },
      { name: "project", methods: ["GET"], pattern: /^\/([^/]+)\/([^/]+)$/, handle: (r) => this.project(r, r.params[0], r.params[1]) },
    ]);
  }

  static async start(
    options: { fixtures?: readonly RoboflowProjectFixture[]; keys?: Readonly<Record<string, string>> } = {},
  ): Promise<RoboflowApiFake> {
    const fake = new RoboflowApiFake();
    for (const f of options.fixtures ?? []) fake.seedProject(f);
    for (const [key, workspace] of Object.entries(options.keys ?? {})) fake.seedKey(key, workspace);
    return fake.listen();
  }

  seedProject(fixture: RoboflowProjectFixture): this {
    this.projects.push(fixture);
    return this;
  }

  /** An API key and the workspace it belongs to. */
  seedKey(key: string, workspace: string): this {
    this.keys.seed(key, workspace);
    return this;
  }

  private validateKey(request: FakeRequest): FakeReply {
    const workspace = this.keys.workspaceOf(request);
    if (!workspace) return badKey(request);
    return {
      status: 200,
      body: {
        welcome: "Welcome to the Roboflow API.",
        instructions: "You are successfully authenticated.",
        docs: "https://docs.roboflow.com",
        workspace,
      },
    };
  }

  private visible(request: FakeRequest, ws: string, project: string): { fixtures: RoboflowProjectFixture[] } | FakeReply {
    const workspace = this.keys.workspaceOf(request);
    if (!workspace) return badKey(request);
    const fixtures = this.projects.filter((p) => p.workspace === ws && p.project === project);
    if (fixtures.length === 0)
      return {
        status: 404,
        body: { error: { message: `Project ${ws}/${project} does not exist`, type: "GraphMethodException", hint: "Check the project id" } },
      };
    if (workspace !== ws && !fixtures.some((p) => p.public))
      return { status: 403, body: { error: "forbidden", message: "You do not have access to this workspace." } };
    return { fixtures };
  }

  private project(request: FakeRequest, ws: string, project: string): FakeReply {
    const found = this.visible(request, ws, project);
    if ("status" in found) return found;
    const first = found.fixtures[0];
    return { status: 200, body: { workspace: workspaceJson(ws), project: projectJson(first), versions: found.fixtures.map(versionJson) } };
  }

  private version(request: FakeRequest, ws: string, project: string, version: number): FakeReply {
    const found = this.visible(request, ws, project);
    if ("status" in found) return found;
    const fixture = found.fixtures.find((p) => p.version === version);
    if (!fixture)
      return {
        status: 404,
        body: { error: { message: `Version ${version} of ${ws}/${project} does not exist`, type: "GraphMethodException" } },
      };
    return { status: 200, body: { workspace: workspaceJson(ws), project: projectJson(fixture), version: versionJson(fixture) } };
  }
}

export interface RoboflowInferenceFakeOptions {
  readonly fixtures?: readonly RoboflowProjectFixture[];
  /** API key → workspace. */
  readonly keys?: Readonly<Record<string, string>>;
  /** Request bodies over this are 413 (default 20 MB). */
  readonly maxUploadBytes?: number;
}

/**
 * Roboflow hosted inference: `POST /{project}/{version}?api_key=…&confidence=…` with the base64 image as the
 * body (any non-multipart Content-Type). Answers in the project type's JSON shape, in pixels of the image
 * received; `x`, `y` are box centres. Confidence ≥ 1 is read as a percentage, like the server.
 */
export class RoboflowInferenceFake extends FakeHttpServer {
  private readonly models: RoboflowProjectFixture[] = [];
  private readonly keys = new RoboflowKeys();
  private maxUploadBytes = 20 * 1024 * 1024;

  constructor() {
    super("roboflow-infer", [
      { name: "infer", methods: ["POST"], pattern: /^\/([^/]+)\/(\d+)$/, handle: (r) => this.infer(r, r.params[0], Number(r.params[1])) },
    ]);
  }

  static async start(options: RoboflowInferenceFakeOptions = {}): Promise<RoboflowInferenceFake> {
    const fake = new RoboflowInferenceFake();
    for (const f of options.fixtures ?? []) fake.seedModel(f);
    for (const [key, ws] of Object.entries(options.keys ?? {})) fake.seedKey(key, ws);
    if (options.maxUploadBytes !== undefined) fake.maxUploadBytes = options.maxUploadBytes;
    return fake.listen();
  }

  seedModel(fixture: RoboflowProjectFixture): this {
    this.models.push(fixture);
    return this;
  }

  seedKey(key: string, workspace: string): this {
    this.keys.seed(key, workspace);
    return this;
  }

  private async infer(request: FakeRequest, project: string, version: number): Promise<FakeReply> {
    const started = process.hrtime.bigint();
    if (!this.keys.keyOf(request)) return { status: 400, body: { message: "API key not provided." } };
    const workspace = this.keys.workspaceOf(request);
    if (!workspace) return { status: 403, body: { message: "Unauthorized api_key" } };
    const model = this.models.find((m) => m.project === project && m.version === version && (m.trained ?? true));
    if (!model) return { status: 404, body: { message: "Model not found." } };
    if (model.workspace !== workspace && !model.public) return { status: 403, body: { message: "Unauthorized api_key" } };

    const contentType = request.headers["content-type"];
    if (!contentType && !request.query.get("image"))
      return { status: 400, body: { message: "Content-Type header not provided with request." } };
    if (request.body.length > this.maxUploadBytes)
      return { status: 413, body: { message: "Payload too large. Maximum upload size is 20MB." } };
    if (contentType?.startsWith("multipart/")) return { status: 400, body: { message: "This fake accepts base64 bodies only." } };
    const size = await imageSize(Buffer.from(request.body.toString("latin1").trim(), "base64"));
    if (!size) return { status: 400, body: { message: "Could not load input image." } };

    let confidence = Number(request.query.get("confidence") ?? "0.4");
    if (!Number.isFinite(confidence)) confidence = 0.4;
    if (confidence >= 1) confidence /= 100;
    const time = Number(process.hrtime.bigint() - started) / 1e9;
    const base = { inference_id: randomUUID(), time, image: { width: size.width, height: size.height } };

    if (model.type === "classification") {
      const scores = Object.entries(model.scores ?? {}).sort((a, b) => b[1] - a[1]);
      if (model.multilabel) {
        return {
          status: 200,
          body: {
            ...base,
            predictions: Object.fromEntries(
              scores.map(([c, s]) => [c, { confidence: s, class_id: Object.keys(model.classes).indexOf(c) }]),
            ),
            predicted_classes: scores.filter(([, s]) => s >= confidence).map(([c]) => c),
            prediction_type: "ClassificationModel",
          },
        };
      }
      const predictions = scores.map(([c, s]) => ({ class: c, class_id: Object.keys(model.classes).indexOf(c), confidence: s }));
      return {
        status: 200,
        body: {
          ...base,
          predictions,
          top: predictions[0]?.class,
          confidence: predictions[0]?.confidence,
          prediction_type: "ClassificationModel",
        },
      };
    }

    const predictions = (model.predictions ?? [])
      .filter((p) => p.confidence >= confidence)
      .map((p) => {
        const out: Record<string, unknown> = {
          x: p.cx * size.width,
          y: p.cy * size.height,
          width: p.w * size.width,
          height: p.h * size.height,
          confidence: p.confidence,
          class: p.cls,
          class_id: p.classId,
          detection_id: randomUUID(),
        };
        if (model.type === "instance-segmentation")
          out.points = (p.points ?? []).map(([x, y]) => ({ x: x * size.width, y: y * size.height }));
        if (model.type === "keypoint-detection") {
          const field = model.keypointClassField ?? "class_name";
          out.keypoints = (p.keypoints ?? []).map((k) => ({
            x: k.rx * size.width,
            y: k.ry * size.height,
            confidence: k.confidence,
            class_id: k.id,
            [field]: k.name,
          }));
        }
        return out;
      });
    return { status: 200, body: { ...base, predictions } };
  }
}

function badKey(request: FakeRequest): FakeReply {
  // The real API echoes what it was given; clients must not pass that on.
  const given = request.query.get("api_key") ?? "";
  return {
    status: 401,
    body: {
      error: {
        message: `This API key (${given}) does not exist (or has been revoked).`,
        status: 401,
        type: "OAuthException",
        hint: "You may retrieve your API key via the Roboflow Dashboard.",
      },
    },
  };
}

function workspaceJson(ws: string) {
  return { name: ws, url: ws, members: 3 };
}

function projectJson(p: RoboflowProjectFixture) {
  return {
    id: `${p.workspace}/${p.project}`,
    type: p.type,
    name: p.name,
    created: 1700000000,
    updated: 1710000000,
    images: 420,
    unannotated: 0,
    annotation: p.project,
    public: p.public ?? false,
    splits: { train: 300, valid: 80, test: 40 },
    classes: p.classes,
    colors: Object.fromEntries(Object.keys(p.classes).map((c, i) => [c, ["#C7FC00", "#8622FF", "#FE0056"][i % 3]])),
    ...(p.multilabel ? { multilabel: true } : {}),
  };
}

function versionJson(p: RoboflowProjectFixture) {
  const trained = p.trained ?? true;
  return {
    id: `${p.workspace}/${p.project}/${p.version}`,
    name: `${p.name} ${p.version}`,
    created: 1705000000,
    images: 420,
    preprocessing: { resize: { width: 640, height: 640, format: "Stretch to" }, "auto-orient": true },
    ...(trained
      ? {
          model: {
            id: `${p.project}/${p.version}`,
            endpoint: `https://detect.roboflow.com/${p.project}/${p.version}`,
            map: "82.1",
            precision: "80.4",
            recall: "77.3",
            start: 1705000100,
            end: 1705003700,
          },
        }
      : {}),
  };
}
