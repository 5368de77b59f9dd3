import { FakeHttpServer, bearerToken, type FakeReply, type FakeRequest } from "./fake-http.server.js";
import type { Fault } from "./fault.types.js";
import type { HfRepoFixture, RelBox } from "./hf-model.fixtures.js";
import { imageSize, rectangleMaskPng } from "./test-image.factory.js";

/** Inference error answers as hubs.md §1a and §3 describe them (JSON `{"error": …}`). */
export const hfInferenceFaults = {
  badToken: (): Fault => ({ kind: "status", status: 401, json: { error: "Invalid credentials in Authorization header" } }),
  creditsExhausted: (): Fault => ({
    kind: "status",
    status: 402,
    json: { error: "You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits." },
  }),
  forbidden: (): Fault => ({ kind: "status", status: 403, json: { error: "This authentication method does not have sufficient permissions to call Inference Providers on behalf of user" } }),
  /** The real router's 404 is text/plain "Not Found". */
  notFoundText: (): Fault => ({ kind: "status", status: 404, text: "Not Found", contentType: "text/plain; charset=utf-8" }),
  notFoundJson: (model = "model"): Fault => ({ kind: "status", status: 404, json: { error: `Model ${model} does not exist` } }),
  payloadTooLarge: (): Fault => ({ kind: "status", status: 413, json: { error: "Payload Too Large" } }),
  badInput: (status: 400 | 422 = 400): Fault => ({ kind: "status", status, json: { error: "Incorrect image format" } }),
  /** 429, optionally with Retry-After (seconds or an HTTP date). */
  rateLimited: (retryAfter?: string | number): Fault => ({
    kind: "status",
    status: 429,
    json: { error: "Rate limit reached. You reached free usage limit (reset hourly). Please subscribe to a plan." },
    headers: retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) },
  }),
  /** 503 while the model loads, with `estimated_time` in seconds. */
  loading: (estimatedTime = 20.0, model = "model"): Fault => ({
    kind: "status",
    status: 503,
    json: { error: `Model ${model} is currently loading`, estimated_time: estimatedTime },
  }),
  /** A scale-to-zero endpoint's proxy while a replica starts: plain 503. */
  unavailable: (status: 503 | 504 = 503): Fault => ({ kind: "status", status, json: { error: "Service Unavailable" } }),
  serverError: (): Fault => ({ kind: "status", status: 500, json: { error: "Internal Server Error" } }),
};

export interface HfInferenceFakeOptions {
  readonly fixtures?: readonly HfRepoFixture[];
  /** Tokens the router accepts, with the private/gated repos each may use. */
  readonly tokens?: ReadonlyArray<{ readonly token: string; readonly repos?: readonly string[] }>;
  /** Dedicated endpoints: path (without the leading slash) → repo id. */
  readonly endpoints?: Readonly<Record<string, string>>;
  /** Answer without a token (a public dedicated endpoint). Default false: 401 as the router does. */
  readonly allowAnonymous?: boolean;
}

/**
 * HF inference: `POST /hf-inference/models/{org}/{name}` (the router, provider hf-inference) and
 * `POST /{endpoint}` (a dedicated endpoint). Accepts raw image bytes or the JSON body
 * `{"inputs": "<b64>", "parameters": {…}}`; answers 200 `application/json` in the task's shape, scaled to
 * the image it received. Unknown or not-served models are 404 text/plain "Not Found", as the router.
 */
export class HfInferenceFake extends FakeHttpServer {
  private readonly models = new Map<string, HfRepoFixture>();
  private readonly tokens = new Map<string, Set<string>>();
  private readonly endpoints = new Map<string, string>();
  private allowAnonymous = false;

  constructor() {
    super("hf-inference", [
      { name: "infer", methods: ["POST"], pattern: /^\/hf-inference\/models\/([^/]+(?:\/[^/]+)?)$/, handle: (r) => this.infer(r, r.params[0]!) },
      { name: "infer", methods: ["POST"], pattern: /^\/(?!hf-inference\/)(.+)$/, handle: (r) => this.infer(r, this.endpoints.get(r.params[0]!)) },
    ]);
  }

  static async start(options: HfInferenceFakeOptions = {}): Promise<HfInferenceFake> {
    const fake = new HfInferenceFake();
    for (const f of options.fixtures ?? []) fake.seedModel(f);
    for (const t of options.tokens ?? []) fake.grantToken(t.token, t.repos ?? []);
    for (const [path, repoId] of Object.entries(options.endpoints ?? {})) fake.seedEndpoint(path, repoId);
    fake.allowAnonymous = options.allowAnonymous ?? false;
    return fake.listen();
  }

  seedModel(fixture: HfRepoFixture): this {
    this.models.set(fixture.id, fixture);
    return this;
  }

  grantToken(token: string, repos: readonly string[] = []): this {
    this.tokens.set(token, new Set(repos));
    return this;
  }

  seedEndpoint(path: string, repoId: string): this {
    this.endpoints.set(path.replace(/^\/+/, ""), repoId);
    return this;
  }

  private async infer(request: FakeRequest, repoId: string | undefined): Promise<FakeReply> {
    const token = bearerToken(request.headers);
    const grants = token === undefined ? undefined : this.tokens.get(token);
    if (token !== undefined && !grants) return json(401, { error: "Invalid credentials in Authorization header" });
    if (token === undefined && !this.allowAnonymous) return json(401, { error: "Invalid credentials in Authorization header" });
    const model = repoId ? this.models.get(repoId) : undefined;
    if (!model || !model.hfInference || ((model.private || model.gated) && !grants?.has(model.id))) return notFound();

    const isJson = (request.headers["content-type"] ?? "").startsWith("application/json");
    let imageBytes: Buffer;
    let parameters: Record<string, unknown> = {};
    if (isJson) {
      let body: { inputs?: unknown; parameters?: unknown };
      try {
        body = JSON.parse(request.body.toString("utf8")) as typeof body;
      } catch {
        return json(400, { error: "Malformed JSON body" });
      }
      const inputs = typeof body.inputs === "object" && body.inputs !== null ? (body.inputs as { image?: unknown }).image : body.inputs;
      if (typeof inputs !== "string") return json(422, { error: "inputs must be a base64 image" });
      imageBytes = Buffer.from(inputs, "base64");
      if (typeof body.parameters === "object" && body.parameters !== null) parameters = body.parameters as Record<string, unknown>;
    } else {
      imageBytes = request.body;
    }
    const size = await imageSize(imageBytes);
    if (!size) return json(400, { error: "Incorrect image format" });
    const threshold = typeof parameters.threshold === "number" ? parameters.threshold : 0;
    const outputs = model.outputs ?? {};
    const task = model.hfInferenceTask ?? model.pipelineTag;
    switch (task) {
      case "object-detection":
        return json(200, (outputs.detections ?? []).filter((d) => d.score >= threshold).map((d) => ({ score: d.score, label: d.label, box: pixels(d.box, size) })));
      case "image-segmentation": {
        const out = [];
        for (const s of outputs.segments ?? []) {
          if (s.score !== undefined && s.score < threshold) continue;
          out.push({ ...(s.score === undefined ? {} : { score: s.score }), label: s.label, mask: await rectangleMaskPng(size.width, size.height, s.box) });
        }
        return json(200, out);
      }
      case "image-classification": {
        const topK = typeof parameters.top_k === "number" ? parameters.top_k : 5;
        return json(200, [...(outputs.classes ?? [])].sort((a, b) => b.score - a.score).slice(0, topK));
      }
      case "zero-shot-object-detection": {
        const candidates = parameters.candidate_labels;
        if (!Array.isArray(candidates) || candidates.length === 0) return json(400, { error: "candidate_labels is required" });
        const wanted = new Set(candidates.map(String));
        return json(
          200,
          (outputs.zeroShotObjects ?? []).filter((o) => wanted.has(o.label) && o.score >= threshold).map((o) => ({ score: o.score, label: o.label, box: pixels(o.box, size) })),
        );
      }
      default:
        return notFound();
    }
  }
}

function json(status: number, body: unknown): FakeReply {
  return { status, body, contentType: "application/json", headers: { "x-request-id": `req-${Math.random().toString(36).slice(2, 10)}` } };
}

function notFound(): FakeReply {
  return { status: 404, body: "Not Found", contentType: "text/plain; charset=utf-8" };
}

/** HF boxes are integer pixels of the input. */
function pixels(box: RelBox, size: { width: number; height: number }) {
  return {
    xmin: Math.round(box[0] * size.width),
    ymin: Math.round(box[1] * size.height),
    xmax: Math.round(box[2] * size.width),
    ymax: Math.round(box[3] * size.height),
  };
}
