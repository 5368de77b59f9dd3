import { randomUUID } from "node:crypto";
import { FakeHttpServer, bearerToken, type FakeReply, type FakeRequest } from "./fake-http.server.js";
import type { Fault } from "./fault.types.js";
import type { RoboflowProjectFixture } from "./roboflow-project.fixtures.js";
import { imageSize } from "./test-image.factory.js";

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
  notReady: (): Fault => ({ kind: "status", status: 503, json: { message: "Model is temporarily not ready - retry request." }, headers: { "Retry-After": "1" } }),
  gatewayTimeout: (): Fault => ({ kind: "status", status: 504, json: { message: "Timeout when attempting to connect to Roboflow API." } }),
  modelLoadFailed: (): Fault => ({ kind: "status", status: 500, json: { message: "Could not load model package." } }),
  badGateway: (): Fault => ({ kind: "status", status: 502, json: { message: "Roboflow API returned an error." } }),
};

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
  private readonly keys = new Map<string, string>();
  private maxUploadBytes = 20 * 1024 * 1024;

  constructor() {
    super("roboflow-infer", [{ name: "infer", methods: ["POST"], pattern: /^\/([^/]+)\/(\d+)$/, handle: (r) => this.infer(r, r.params[0]!, Number(r.params[1])) }]);
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
    this.keys.set(key, workspace);
    return this;
  }

  private async infer(request: FakeRequest, project: string, version: number): Promise<FakeReply> {
    const started = process.hrtime.bigint();
    const key = request.query.get("api_key") ?? bearerToken(request.headers);
    if (!key) return { status: 400, body: { message: "API key not provided." } };
    const workspace = this.keys.get(key);
    if (!workspace) return { status: 403, body: { message: "Unauthorized api_key" } };
    const model = this.models.find((m) => m.project === project && m.version === version && (m.trained ?? true));
    if (!model) return { status: 404, body: { message: "Model not found." } };
    if (model.workspace !== workspace && !model.public) return { status: 403, body: { message: "Unauthorized api_key" } };

    const contentType = request.headers["content-type"];
    if (!contentType && !request.query.get("image")) return { status: 400, body: { message: "Content-Type header not provided with request." } };
    if (request.body.length > this.maxUploadBytes) return { status: 413, body: { message: "Payload too large. Maximum upload size is 20MB." } };
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
            predictions: Object.fromEntries(scores.map(([c, s]) => [c, { confidence: s, class_id: Object.keys(model.classes).indexOf(c) }])),
            predicted_classes: scores.filter(([, s]) => s >= confidence).map(([c]) => c),
            prediction_type: "ClassificationModel",
          },
        };
      }
      const predictions = scores.map(([c, s]) => ({ class: c, class_id: Object.keys(model.classes).indexOf(c), confidence: s }));
      return { status: 200, body: { ...base, predictions, top: predictions[0]?.class, confidence: predictions[0]?.confidence, prediction_type: "ClassificationModel" } };
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
        if (model.type === "instance-segmentation") out.points = (p.points ?? []).map(([x, y]) => ({ x: x * size.width, y: y * size.height }));
        if (model.type === "keypoint-detection") {
          const field = model.keypointClassField ?? "class_name";
          out.keypoints = (p.keypoints ?? []).map((k) => ({ x: k.rx * size.width, y: k.ry * size.height, confidence: k.confidence, class_id: k.id, [field]: k.name }));
        }
        return out;
      });
    return { status: 200, body: { ...base, predictions } };
  }
}
