import { FakeHttpServer, bearerToken, type FakeReply, type FakeRequest } from "./fake-http.server.js";
import type { Fault } from "./fault.types.js";
import type { HfRepoFixture } from "./hf-model.fixtures.js";

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

const curatedConfigKeys = ["architectures", "model_type", "auto_map", "tokenizer_config", "quantization_config"];

/**
 * The Hugging Face Hub API: `GET /api/models/{repo}[/revision/{rev}]` (with `expand[]` field selection,
 * including `inferenceProviderMapping` for @huggingface/inference) and `GET /{repo}/resolve/{rev}/{path}`.
 * Private repos answer 401 RepoNotFound without a granted token; gated repos show their info but refuse
 * their files (401/403 GatedRepo); a token the Hub does not know is 401 everywhere.
 */
export class HfHubFake extends FakeHttpServer {
  private readonly repos = new Map<string, HfRepoFixture>();
  private readonly tokens = new Map<string, Set<string>>();

  constructor() {
    super("hf-hub", [
      { name: "model-info", methods: ["GET"], pattern: /^\/api\/models\/([^/]+(?:\/[^/]+)?)\/revision\/([^/]+)$/, handle: (r) => this.modelInfo(r, r.params[0]!, r.params[1]) },
      { name: "model-info", methods: ["GET"], pattern: /^\/api\/models\/([^/]+(?:\/[^/]+)?)$/, handle: (r) => this.modelInfo(r, r.params[0]!, undefined) },
      { name: "lfs", methods: ["GET"], pattern: /^\/lfs-cdn\/([^/]+(?:\/[^/]+)?)\/([0-9a-f]{40})\/(.+)$/, handle: (r) => this.lfs(r.params[0]!, r.params[2]!) },
      { name: "resolve", methods: ["GET", "HEAD"], pattern: /^\/([^/]+(?:\/[^/]+)?)\/resolve\/([^/]+)\/(.+)$/, handle: (r) => this.resolve(r, r.params[0]!, r.params[1]!, r.params[2]!) },
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
    this.tokens.set(token, new Set(repos));
    return this;
  }

  /** The token check every route shares: undefined when anonymous, null when the Hub does not know it. */
  private caller(request: FakeRequest): Set<string> | undefined | null {
    const token = bearerToken(request.headers);
    if (token === undefined) return undefined;
    return this.tokens.get(token) ?? null;
  }

  private modelInfo(request: FakeRequest, repoId: string, revision: string | undefined): FakeReply {
    const grants = this.caller(request);
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
    const grants = this.caller(request);
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
    if (path === "config.json" && repo.config) return { status: 200, headers, body: JSON.stringify(repo.config), contentType: "application/json" };
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
  return { status: 404, headers: { "X-Error-Code": "RevisionNotFound", "X-Error-Message": `Invalid rev id: ${revision}` }, body: { error: `Invalid rev id: ${revision}` } };
}

function entryNotFound(): FakeReply {
  return { status: 404, headers: { "X-Error-Code": "EntryNotFound", "X-Error-Message": "Entry not found" }, body: { error: "Entry not found" } };
}

function gated(repoId: string, authenticated: boolean): FakeReply {
  const message = authenticated
    ? `Access to model ${repoId} is restricted and you are not in the authorized list. Visit https://huggingface.co/${repoId} to ask for access.`
    : `Access to model ${repoId} is restricted. You must have access to it and be authenticated to access it. Please log in.`;
  return { status: authenticated ? 403 : 401, headers: { "X-Error-Code": "GatedRepo", "X-Error-Message": message }, body: { error: message } };
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
