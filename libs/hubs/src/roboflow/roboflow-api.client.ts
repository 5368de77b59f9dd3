import { z } from "zod";
import { HubError, HubErrorCode } from "../hub.errors.js";
import type { HubEndpoints } from "../hub-endpoints.config.js";
import { badShape, errorFromStatus, parseJsonBody, readErrorBody } from "../hub-status.mapper.js";
import type { CallContext } from "../hub.types.js";
import type { HubHttpTransport, HubResponse } from "../net/hub-http.transport.js";
import type { HubCallExecutor } from "../retry/hub-call.executor.js";
import { redactSecrets } from "../secret.redactor.js";
import { formatRoboflowRef, type RoboflowModelRef } from "./roboflow-url.parser.js";

export interface RoboflowVersionInfo {
  /** object-detection | instance-segmentation | classification | semantic-segmentation | keypoint-detection | … */
  readonly type: string;
  readonly projectName: string;
  readonly versionName?: string;
  /** Class names, sorted (the API gives a name → annotation-count map, not an ordered list). */
  readonly classes: readonly string[];
  readonly multilabel: boolean;
  /** A trained model exists for this version (the API sends `version.model` only then). */
  readonly trained: boolean;
}

const versionSchema = z.object({
  project: z
    .object({
      type: z.string(),
      name: z.string().optional(),
      classes: z.record(z.string(), z.unknown()).optional(),
      multilabel: z.boolean().optional(),
    })
    .loose(),
  version: z.object({ name: z.string().optional(), model: z.object({}).loose().nullish() }).loose(),
});

/** The Roboflow metadata API (`api.roboflow.com`): key check and a version's type and classes. */
export class RoboflowApiClient {
  constructor(
    private readonly endpoints: HubEndpoints,
    private readonly transport: HubHttpTransport,
    private readonly executor: HubCallExecutor,
  ) {}

  /** `POST /?api_key=` → the key's workspace; 401 for a bad key. */
  async checkKey(ctx: CallContext, apiKey: string): Promise<{ workspace: string }> {
    const body = await this.call(ctx, "roboflow.checkKey", "POST", "/", apiKey, "the API key");
    const workspace = (body as { workspace?: unknown })?.workspace;
    if (typeof workspace !== "string") throw badShape("roboflow", "the API key", "no workspace in the answer");
    return { workspace };
  }

  async versionInfo(ctx: CallContext, ref: RoboflowModelRef, apiKey: string): Promise<RoboflowVersionInfo> {
    const path = `/${encodeURIComponent(ref.workspace)}/${encodeURIComponent(ref.project)}/${ref.version}`;
    const subject = `project version ${formatRoboflowRef(ref)}`;
    const body = await this.call(ctx, "roboflow.versionInfo", "GET", path, apiKey, subject);
    const parsed = versionSchema.safeParse(body);
    if (!parsed.success) throw badShape("roboflow", subject, "expected {project: {type, classes}, version}");
    const { project, version } = parsed.data;
    return {
      type: project.type,
      projectName: project.name ?? ref.project,
      versionName: version.name,
      classes: Object.keys(project.classes ?? {}).sort((a, b) => a.localeCompare(b)),
      multilabel: project.multilabel ?? false,
      trained: version.model !== undefined && version.model !== null,
    };
  }

  private async call(ctx: CallContext, operation: string, method: "GET" | "POST", path: string, apiKey: string, subject: string): Promise<unknown> {
    const url = `${this.endpoints.roboflowApiUrl}${path}?api_key=${encodeURIComponent(apiKey)}`;
    const res = await this.executor.run(ctx, operation, async ({ signal }) => {
      const r = await this.transport.send({ method, url, headers: { Accept: "application/json" }, signal, maxResponseBytes: 8 * 1024 * 1024 });
      if (r.status >= 200 && r.status < 300) return r;
      throw apiError(r, subject, apiKey);
    });
    return parseJsonBody("roboflow", res.body, subject);
  }
}

function apiError(res: HubResponse, subject: string, apiKey: string): HubError {
  const body = readErrorBody(res.body, res.headers["content-type"]);
  const failure = { hub: "roboflow" as const, status: res.status, headers: res.headers, body: { ...body, message: scrub(body.message, apiKey) }, subject };
  switch (res.status) {
    case 401:
      return errorFromStatus(failure, HubErrorCode.Unauthorized, "Roboflow rejected the API key");
    case 403:
      return errorFromStatus(failure, HubErrorCode.Forbidden, `The API key has no access to ${subject}`);
    case 404:
      return errorFromStatus(failure, HubErrorCode.NotFound, `Roboflow has no ${subject}`);
    default:
      return errorFromStatus(failure);
  }
}

/** A hub may echo the key in its message; it never leaves here. */
export function scrub(message: string | undefined, apiKey: string): string | undefined {
  return message === undefined ? undefined : redactSecrets(message, [apiKey]);
}
