import { FakeHttpServer, bearerToken, type FakeReply, type FakeRequest } from "./fake-http.server.js";
import type { Fault } from "./fault.types.js";
import type { HfRepoFixture, RelBox } from "./hugging-face.fixtures.js";
import { imageSize, rectangleMaskPng } from "./test-image.factory.js";

// Hugging Face as the two hosts it answers on: the Hub API (HfHubFake, HF_HUB_URL) and inference
// (HfInferenceFake, HF_INFERENCE_URL or a dedicated endpoint). Both know the same repos and tokens.

export interface HfTokenGrant {
  readonly token: string;
  /** Private repos this token can see and gated repos it has been granted. */
  readonly repos?: readonly string[];
}

/** Hub error answers exactly as hubs.md §1b and §3 describe them. */
export const hfHubFaults = {
  /** 429 with the IETF RateLimit headers (`t` = seconds to the window reset). */
  rateLimited: (resetSeconds = 55, bucket = "api"): Fault => ({
    kind: "status",
    status: 429,
    json: { error: "You have exceeded our hourly quotas for action: api. We invite you to retry later." },
    headers: { RateLimit: `"${bucket}";r=0;t=${resetSeconds}`, "RateLimit-Policy": `"fixed window";"${bucket}";q=500;w=300` },
  }),
  repoNotFound: (): Fault => repoNotFoundFault,
  unavailable: (status: 503 | 504 = 503): Fault => ({ kind: "status", status, json: { error: "Service Unavailable" } }),
};

const repoNotFoundFault: Fault = {
  kind: "status",
  status: 401,
  json: { error: "Invalid username or password." },
  headers: { "X-Error-Code": "RepoNotFound", "X-Error-Message": "Invalid username or password." },
};

/** Inference error answers as hubs.md §1a and §3 describe them (JSON `{"error": …}`). */
export const hfInferenceFaults = {
  badToken: (): Fault => ({ kind: "status", status: 401, json: { error: "Invalid credentials in Authorization header" } }),
  creditsExhausted: (): Fault => ({
    kind: "status",
    status: 402,
    json: {
      error:
        "You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits.",
    },
  }),
  forbidden: (): Fault => ({
    kind: "status",
    status: 403,
    json: { error: "This authentication method does not have sufficient permissions to call Inference Providers on behalf of user" },
  }),
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

/** The tokens a fake knows, each with the private and gated repos it has been granted. */
class HfTokenGrants {
  private readonly grants = new Map<string, Set<string>>();

  grant(token: string, repos: readonly string[]): void {
    this.grants.set(token, new Set(repos));
  }

  /** The caller's grants: undefined when anonymous, null when the Hub does not know the token. */
  of(request: FakeRequest): ReadonlySet<string> | undefined | null {
    const token = bearerToken(request.headers);
    if (token === undefined) return undefined;
    return this.grants.get(token) ?? null;
  }
}

const curatedConfigKeys = ["architectures", "model_type", "auto_map", "tokenizer_config", "quantization_config"];

/**
 * The Hugging Face Hub API: `GET /api/models/{repo}[/revision/{rev}]` (with `expand[]` field selection,
 * including `inferenceProviderMapping` for @huggingface/inference) and `GET /{repo}/resolve/{rev}/{path}`.
 * Private repos answer 401 RepoNotFound without a granted token; gated repos show their info but refuse
 * their files (401/403 GatedRepo); a token the Hub does not know is 401 everywhere.
 */
export class HfHubFake extends FakeHttpServer {
  private readonly repos = new Map<string, HfRepoFixture>();
  private readonly tokens = new HfTokenGrants();

  constructor() {
    super("hf-hub", [
      {
        name: "model-info",
        methods: ["GET"],
        pattern: /^\/api\/models\/([^/]+(?:\/[^/]+)?)\/revision\/([^/]+)$/,
        handle: (r) => this.modelInfo(r, r.params[0], r.params[1]),
      },
      {
        name: "model-info",
        methods: ["GET"],
        pattern: /^\/api\/models\/([^/]+(?:\/[^/]+)?)$/,
        handle: (r) => this.modelInfo(r, r.params[0], undefined),
      },
      {
        name: "lfs",
        methods: ["GET"],
        pattern: /^\/lfs-cdn\/([^/]+(?:\/[^/]+)?)\/([0-9a-f]{40})\/(.+)$/,
        handle: (r) => this.lfs(r.params[0], r.params[2]),
      },
      {
        name: "resolve",
        methods: ["GET", "HEAD"],
        pattern: /^\/([^/]+(?:\/[^/]+)?)\/resolve\/([^/]+)\/(.+)$/,
        handle: (r) => this.resolve(r, r.params[0], r.params[1], r.params[2]),
      },
    ]);
  }

  static async start(options: { fixtures?: readonly HfRepoFixture[]; tokens?: readonly HfTokenGrant[] } = {}): Promise<HfHubFake> {
    const fake = new HfHubFake();
    for (const f of options.fixtures ?? []) fake.seedRepo(f);
    for (const t of options.tokens ?? []) fake.grantToken(t.token, t.repos ?? []);
    return fake.listen();
  }

  seedRepo(fixture: HfRepoFixture): this {
    this.repos.set(fixture.id, fixture);
    return this;
  }

  grantToken(token: string, repos: readonly string[] = []): this {
    this.tokens.grant(token, repos);
    return this;
  }

  private modelInfo(request: FakeRequest, repoId: string, revision: string | undefined): FakeReply {
    const grants = this.tokens.of(request);
    if (grants === null) return invalidCredentials();
    const repo = this.repos.get(repoId);
    if (!repo || (repo.private && !grants?.has(repo.id))) return repoNotFound();
    if (repo.disabled) return { status: 403, body: { error: "Access to this resource is disabled." } };
    if (revision !== undefined && revision !== "main" && revision !== repo.sha) return revisionNotFound(revision);
    const full: Record<string, unknown> = {
      _id: `65${repo.sha.slice(0, 22)}`,
      id: repo.id,
      modelId: repo.id,
      author: repo.id.includes("/") ? repo.id.split("/")[0] : undefined,
      sha: repo.sha,
      lastModified: "2024-04-10T12:00:00.000Z",
      private: repo.private ?? false,
      gated: repo.gated ?? false,
      disabled: false,
      downloads: 1234,
      likes: 56,
      pipeline_tag: repo.pipelineTag,
      library_name: repo.libraryName,
      tags: repo.tags ?? [],
      config: repo.config ? Object.fromEntries(Object.entries(repo.config).filter(([k]) => curatedConfigKeys.includes(k))) : undefined,
      siblings: this.files(repo).map((rfilename) => ({ rfilename })),
      createdAt: "2023-01-01T00:00:00.000Z",
    };
    const mapping =
      repo.hfInference && (repo.hfInferenceTask ?? repo.pipelineTag)
        ? { "hf-inference": { providerId: repo.id, status: repo.hfInference, task: repo.hfInferenceTask ?? repo.pipelineTag } }
        : {};
    const expand = [...request.query.getAll("expand[]"), ...request.query.getAll("expand")];
    if (expand.length === 0) return { status: 200, body: stripUndefined(full) };
    const selected: Record<string, unknown> = { _id: full._id, id: full.id };
    for (const field of expand) {
      if (field === "inferenceProviderMapping") selected.inferenceProviderMapping = mapping;
      else if (field in full) selected[field] = full[field];
    }
    return { status: 200, body: stripUndefined(selected) };
  }

  private resolve(request: FakeRequest, repoId: string, revision: string, path: string): FakeReply {
    const grants = this.tokens.of(request);
    if (grants === null) return invalidCredentials();
    const repo = this.repos.get(repoId);
    if (!repo || (repo.private && !grants?.has(repo.id))) return repoNotFound();
    if (repo.disabled) return { status: 403, body: { error: "Access to this resource is disabled." } };
    if (repo.gated && !grants?.has(repo.id)) return gated(repo.id, grants !== undefined);
    if (revision !== "main" && revision !== repo.sha) return revisionNotFound(revision);
    const headers = { "X-Repo-Commit": repo.sha, ETag: `"${repo.sha.slice(0, 16)}-${path.length}"` };
    if (repo.lfsFiles?.includes(path) && repo.files?.[path] !== undefined) {
      // The real Hub sends LFS files to a CDN with a signed URL; here the "CDN" is a path on the same host.
      return { status: 302, headers: { ...headers, Location: `/lfs-cdn/${repo.id}/${repo.sha}/${path}?X-Amz-Signature=fake` }, body: "" };
    }
    if (path === "config.json" && repo.config)
      return { status: 200, headers, body: JSON.stringify(repo.config), contentType: "application/json" };
    const file = repo.files?.[path];
    if (file === undefined) return entryNotFound();
    return { status: 200, headers, body: Buffer.isBuffer(file) ? file : Buffer.from(file), contentType: "application/octet-stream" };
  }

  private lfs(repoId: string, path: string): FakeReply {
    const file = this.repos.get(repoId)?.files?.[path];
    if (file === undefined) return { status: 404, body: "NoSuchKey", contentType: "application/xml" };
    return { status: 200, body: Buffer.isBuffer(file) ? file : Buffer.from(file), contentType: "application/octet-stream" };
  }

  private files(repo: HfRepoFixture): string[] {
    const files = [".gitattributes", "README.md", ...Object.keys(repo.files ?? {})];
    if (repo.config) files.push("config.json");
    return files.sort();
  }
}

export interface HfInferenceFakeOptions {
  readonly fixtures?: readonly HfRepoFixture[];
  /** Tokens the router accepts, with the private/gated repos each may use. */
  readonly tokens?: readonly HfTokenGrant[];
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
  private readonly tokens = new HfTokenGrants();
  private readonly endpoints = new Map<string, string>();
  private allowAnonymous = false;

  constructor() {
    super("hf-inference", [
      {
        name: "infer",
        methods: ["POST"],
        pattern: /^\/hf-inference\/models\/([^/]+(?:\/[^/]+)?)$/,
        handle: (r) => this.infer(r, r.params[0]),
      },
      {
        name: "infer",
        methods: ["POST"],
        pattern: /^\/(?!hf-inference\/)(.+)$/,
        handle: (r) => this.infer(r, this.endpoints.get(r.params[0])),
      },
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
    this.tokens.grant(token, repos);
    return this;
  }

  seedEndpoint(path: string, repoId: string): this {
    this.endpoints.set(path.replace(/^\/+/, ""), repoId);
    return this;
  }

  private async infer(request: FakeRequest, repoId: string | undefined): Promise<FakeReply> {
    const grants = this.tokens.of(request);
    if (grants === null || (grants === undefined && !this.allowAnonymous)) {
      return json(401, { error: "Invalid credentials in Authorization header" });
    }
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
        return json(
          200,
          (outputs.detections ?? [])
            .filter((d) => d.score >= threshold)
            .map((d) => ({ score: d.score, label: d.label, box: pixels(d.box, size) })),
        );
      case "image-segmentation": {
        const out = [];
        for (const s of outputs.segments ?? []) {
          if (s.score !== undefined && s.score < threshold) continue;
          out.push({
            ...(s.score === undefined ? {} : { score: s.score }),
            label: s.label,
            mask: await rectangleMaskPng(size.width, size.height, s.box),
          });
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
          (outputs.zeroShotObjects ?? [])
            .filter((o) => wanted.has(o.label) && o.score >= threshold)
            .map((o) => ({ score: o.score, label: o.label, box: pixels(o.box, size) })),
        );
      }
      default:
        return notFound();
    }
  }
}

// --- Hub API replies ---

function invalidCredentials(): FakeReply {
  return { status: 401, body: { error: "Invalid credentials in Authorization header" } };
}

function repoNotFound(): FakeReply {
  return {
    status: 401,
    headers: { "X-Error-Code": "RepoNotFound", "X-Error-Message": "Invalid username or password." },
    body: { error: "Invalid username or password." },
  };
}

function revisionNotFound(revision: string): FakeReply {
  return {
    status: 404,
    headers: { "X-Error-Code": "RevisionNotFound", "X-Error-Message": `Invalid rev id: ${revision}` },
    body: { error: `Invalid rev id: ${revision}` },
  };
}

function entryNotFound(): FakeReply {
  return {
    status: 404,
    headers: { "X-Error-Code": "EntryNotFound", "X-Error-Message": "Entry not found" },
    body: { error: "Entry not found" },
  };
}

function gated(repoId: string, authenticated: boolean): FakeReply {
  const message = authenticated
    ? `Access to model ${repoId} is restricted and you are not in the authorized list. Visit https://huggingface.co/${repoId} to ask for access.`
    : `Access to model ${repoId} is restricted. You must have access to it and be authenticated to access it. Please log in.`;
  return {
    status: authenticated ? 403 : 401,
    headers: { "X-Error-Code": "GatedRepo", "X-Error-Message": message },
    body: { error: message },
  };
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

// --- Inference replies ---

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
