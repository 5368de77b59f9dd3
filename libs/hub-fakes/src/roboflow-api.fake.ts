import { FakeHttpServer, bearerToken, type FakeReply, type FakeRequest } from "./fake-http.server.js";
import type { Fault } from "./fault.types.js";
import type { RoboflowProjectFixture } from "./roboflow-project.fixtures.js";

/** Metadata API error answers (hubs.md §2c: `{"error": {"message"}}` or `{"error": "<code>", "message"}`). */
export const roboflowApiFaults = {
  rateLimited: (retryAfter?: string | number): Fault => ({
    kind: "status",
    status: 429,
    json: { error: { message: "Rate limit exceeded", type: "RateLimitException" } },
    headers: retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) },
  }),
  unavailable: (status: 503 | 504 = 503): Fault => ({ kind: "status", status, json: { error: "unavailable", message: "Service temporarily unavailable" } }),
};

/**
 * The Roboflow metadata API: `POST /?api_key=` (key check → workspace), `GET /{ws}/{project}` and
 * `GET /{ws}/{project}/{version}` (type, classes, trained model), all keyed by the `api_key` query parameter.
 * A key sees its own workspace and public (universe) projects.
 */
export class RoboflowApiFake extends FakeHttpServer {
  private readonly projects: RoboflowProjectFixture[] = [];
  private readonly keys = new Map<string, string>();

  constructor() {
    super("roboflow-api", [
      { name: "validate-key", methods: ["POST"], pattern: /^\/$/, handle: (r) => this.validateKey(r) },
      { name: "version", methods: ["GET"], pattern: /^\/([^/]+)\/([^/]+)\/(\d+)$/, handle: (r) => this.version(r, r.params[0]!, r.params[1]!, Number(r.params[2])) },
      { name: "project", methods: ["GET"], pattern: /^\/([^/]+)\/([^/]+)$/, handle: (r) => this.project(r, r.params[0]!, r.params[1]!) },
    ]);
  }

  static async start(options: { fixtures?: readonly RoboflowProjectFixture[]; keys?: Readonly<Record<string, string>> } = {}): Promise<RoboflowApiFake> {
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
    this.keys.set(key, workspace);
    return this;
  }

  private workspaceOf(request: FakeRequest): string | undefined {
    const key = request.query.get("api_key") ?? bearerToken(request.headers);
    return key ? this.keys.get(key) : undefined;
  }

  private validateKey(request: FakeRequest): FakeReply {
    const workspace = this.workspaceOf(request);
    if (!workspace) return badKey(request);
    return {
      status: 200,
      body: { welcome: "Welcome to the Roboflow API.", instructions: "You are successfully authenticated.", docs: "https://docs.roboflow.com", workspace },
    };
  }

  private visible(request: FakeRequest, ws: string, project: string): { fixtures: RoboflowProjectFixture[] } | FakeReply {
    const workspace = this.workspaceOf(request);
    if (!workspace) return badKey(request);
    const fixtures = this.projects.filter((p) => p.workspace === ws && p.project === project);
    if (fixtures.length === 0) return { status: 404, body: { error: { message: `Project ${ws}/${project} does not exist`, type: "GraphMethodException", hint: "Check the project id" } } };
    if (workspace !== ws && !fixtures.some((p) => p.public)) return { status: 403, body: { error: "forbidden", message: "You do not have access to this workspace." } };
    return { fixtures };
  }

  private project(request: FakeRequest, ws: string, project: string): FakeReply {
    const found = this.visible(request, ws, project);
    if ("status" in found) return found;
    const first = found.fixtures[0]!;
    return { status: 200, body: { workspace: workspaceJson(ws), project: projectJson(first), versions: found.fixtures.map(versionJson) } };
  }

  private version(request: FakeRequest, ws: string, project: string, version: number): FakeReply {
    const found = this.visible(request, ws, project);
    if ("status" in found) return found;
    const fixture = found.fixtures.find((p) => p.version === version);
    if (!fixture) return { status: 404, body: { error: { message: `Version ${version} of ${ws}/${project} does not exist`, type: "GraphMethodException" } } };
    return { status: 200, body: { workspace: workspaceJson(ws), project: projectJson(fixture), version: versionJson(fixture) } };
  }
}

function badKey(request: FakeRequest): FakeReply {
  // The real API echoes what it was given; clients must not pass that on.
  const given = request.query.get("api_key") ?? "";
  return {
    status: 401,
    body: { error: { message: `This API key (${given}) does not exist (or has been revoked).`, status: 401, type: "OAuthException", hint: "You may retrieve your API key via the Roboflow Dashboard." } },
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
