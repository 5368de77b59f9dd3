import { z } from "zod";
import { HubError, HubErrorCode } from "../hub.errors.js";
import type { HubEndpoints } from "../hub-endpoints.config.js";
import { badShape, errorFromStatus, parseJsonBody, readErrorBody } from "../hub-status.mapper.js";
import type { CallContext } from "../hub.types.js";
import type { HubHttpTransport, HubResponse } from "../net/hub-http.transport.js";
import type { HubCallExecutor } from "../retry/hub-call.executor.js";

export interface HfProviderMapping {
  readonly provider: string;
  readonly providerId: string;
  readonly status: string;
  readonly task: string;
}

export interface HfModelInfo {
  readonly id: string;
  readonly sha?: string;
  readonly pipelineTag?: string;
  readonly libraryName?: string;
  readonly private: boolean;
  readonly gated: false | "auto" | "manual";
  readonly disabled: boolean;
  readonly tags: readonly string[];
  /** Repository file paths (`siblings[].rfilename`). */
  readonly files: readonly string[];
  readonly modelType?: string;
  readonly architectures?: readonly string[];
  readonly providerMappings: readonly HfProviderMapping[];
}

export interface HfRepoConfig {
  /** `id2label` sorted by id. */
  readonly labels: ReadonlyArray<{ readonly id: number; readonly name: string }>;
  readonly modelType?: string;
  readonly architectures?: readonly string[];
}

export interface HfRepoOptions {
  readonly token?: string;
  readonly revision?: string;
}

// Only the fields we use, so the Hub sends less; `expand[]` is how the Hub API selects fields.
const expandFields = [
  "pipeline_tag", "library_name", "private", "gated", "disabled", "tags", "siblings", "sha", "config", "inferenceProviderMapping",
];

const mappingEntry = z.object({ providerId: z.string(), status: z.string(), task: z.string() });
const modelInfoSchema = z.object({
  id: z.string(),
  sha: z.string().optional(),
  pipeline_tag: z.string().nullish(),
  library_name: z.string().nullish(),
  private: z.boolean().optional(),
  gated: z.union([z.literal(false), z.literal("auto"), z.literal("manual")]).optional(),
  disabled: z.boolean().optional(),
  tags: z.array(z.string()).optional(),
  siblings: z.array(z.object({ rfilename: z.string() })).optional(),
  config: z.object({ model_type: z.string().optional(), architectures: z.array(z.string()).optional() }).loose().nullish(),
  inferenceProviderMapping: z
    .union([z.record(z.string(), mappingEntry), z.array(mappingEntry.extend({ provider: z.string() }))])
    .optional(),
});

const configSchema = z
  .object({
    id2label: z.record(z.string(), z.string()).optional(),
    model_type: z.string().optional(),
    architectures: z.array(z.string()).optional(),
  })
  .loose();

/** Hugging Face Hub metadata: model info and a repo's config.json, with the Hub's error types made plain. */
export class HfHubClient {
  constructor(
    private readonly endpoints: HubEndpoints,
    private readonly transport: HubHttpTransport,
    private readonly executor: HubCallExecutor,
  ) {}

  async modelInfo(ctx: CallContext, repoId: string, options: HfRepoOptions = {}): Promise<HfModelInfo> {
    const revision = options.revision ? `/revision/${encodeURIComponent(options.revision)}` : "";
    const query = expandFields.map((f) => `expand[]=${f}`).join("&");
    const url = `${this.endpoints.hfHubUrl}/api/models/${encodeRepo(repoId)}${revision}?${query}`;
    const subject = `model ${repoId}`;
    const res = await this.executor.run(ctx, "hf.modelInfo", async ({ signal }) => {
      const r = await this.get(url, options.token, signal);
      if (r.status >= 200 && r.status < 300) return r;
      throw hubError(r, repoId, subject);
    });
    const parsed = modelInfoSchema.safeParse(parseJsonBody("huggingface", res.body, subject));
    if (!parsed.success) throw badShape("huggingface", subject, "model info does not have the expected fields");
    const info = parsed.data;
    const mapping = info.inferenceProviderMapping;
    return {
      id: info.id,
      sha: info.sha,
      pipelineTag: info.pipeline_tag ?? undefined,
      libraryName: info.library_name ?? undefined,
      private: info.private ?? false,
      gated: info.gated ?? false,
      disabled: info.disabled ?? false,
      tags: info.tags ?? [],
      files: (info.siblings ?? []).map((s) => s.rfilename),
      modelType: info.config?.model_type,
      architectures: info.config?.architectures,
      providerMappings: Array.isArray(mapping)
        ? mapping.map(({ provider, providerId, status, task }) => ({ provider, providerId, status, task }))
        : Object.entries(mapping ?? {}).map(([provider, m]) => ({ provider, providerId: m.providerId, status: m.status, task: m.task })),
    };
  }

  /** The repo's config.json (labels from `id2label`), or undefined when the repo has none. */
  async readConfig(ctx: CallContext, repoId: string, options: HfRepoOptions = {}): Promise<HfRepoConfig | undefined> {
    const url = `${this.endpoints.hfHubUrl}/${encodeRepo(repoId)}/resolve/${encodeURIComponent(options.revision ?? "main")}/config.json`;
    const subject = `config.json of ${repoId}`;
    const res = await this.executor.run(ctx, "hf.config", async ({ signal }) => {
      const r = await this.get(url, options.token, signal);
      if (r.status >= 200 && r.status < 300) return r;
      if (r.status === 404 && (r.headers["x-error-code"] ?? "EntryNotFound") === "EntryNotFound") return undefined;
      throw hubError(r, repoId, subject);
    });
    if (!res) return undefined;
    const parsed = configSchema.safeParse(parseJsonBody("huggingface", res.body, subject));
    if (!parsed.success) throw badShape("huggingface", subject, "id2label is not a map of names");
    const labels: Array<{ id: number; name: string }> = [];
    const seen = new Set<string>();
    const entries = Object.entries(parsed.data.id2label ?? {})
      .map(([key, name]) => ({ id: Number(key), name: name.trim() }))
      .sort((a, b) => a.id - b.id);
    for (const { id, name } of entries) {
      if (!Number.isInteger(id)) throw badShape("huggingface", subject, `id2label key "${id}" is not an integer`);
      // DETR-family configs pad unused ids with "N/A"; they are not classes anyone can map.
      if (!name || name === "N/A" || seen.has(name)) continue;
      seen.add(name);
      labels.push({ id, name });
    }
    return { labels, modelType: parsed.data.model_type, architectures: parsed.data.architectures };
  }

  /**
   * A repository file's bytes (e.g. `onnx/model.onnx` to run locally). Large files redirect to a CDN host on
   * the real Hub: that host must be in `redirectHosts`, and the token is not sent there. A file over
   * `maxBytes` is HUB_PAYLOAD_TOO_LARGE (reading stops at the limit).
   */
  async downloadFile(ctx: CallContext, repoId: string, path: string, options: HfRepoOptions & { readonly maxBytes: number }): Promise<Buffer> {
    const filePath = path.split("/").map(encodeURIComponent).join("/");
    const url = `${this.endpoints.hfHubUrl}/${encodeRepo(repoId)}/resolve/${encodeURIComponent(options.revision ?? "main")}/${filePath}`;
    const subject = `${path} of ${repoId}`;
    try {
      return await this.executor.run(ctx, "hf.downloadFile", async ({ signal }) => {
        const r = await this.get(url, options.token, signal, options.maxBytes, "*/*");
        if (r.status >= 200 && r.status < 300) return r.body;
        throw hubError(r, repoId, subject);
      });
    } catch (err) {
      if (err instanceof HubError && err.details.responseLimitBytes !== undefined) {
        throw new HubError(HubErrorCode.PayloadTooLarge, `${subject} is larger than ${options.maxBytes} bytes`, {
          hub: "huggingface",
          responseLimitBytes: options.maxBytes,
        });
      }
      throw err;
    }
  }

  private get(url: string, token: string | undefined, signal: AbortSignal, maxBytes = 8 * 1024 * 1024, accept = "application/json"): Promise<HubResponse> {
    return this.transport.send({
      method: "GET",
      url,
      headers: { Accept: accept, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      signal,
      maxResponseBytes: maxBytes,
    });
  }
}

/** `org/name` with each segment escaped but the slash kept, as the Hub's routes expect. */
export function encodeRepo(repoId: string): string {
  return repoId.split("/").map(encodeURIComponent).join("/");
}

/** The Hub's error types (X-Error-Code) in plain words. */
function hubError(res: HubResponse, repoId: string, subject: string): HubError {
  const body = readErrorBody(res.body, res.headers["content-type"]);
  const failure = { hub: "huggingface" as const, status: res.status, headers: res.headers, body, subject };
  const type = res.headers["x-error-code"];
  if (type === "RepoNotFound") {
    return errorFromStatus(
      failure,
      HubErrorCode.NotFound,
      `Hugging Face has no model ${repoId}, or it is private and the token (if any) cannot see it`,
    );
  }
  if (type === "GatedRepo") {
    return errorFromStatus(
      failure,
      HubErrorCode.Forbidden,
      `${repoId} is gated: its files need a token of an account that has been granted access on its page`,
    );
  }
  if (type === "RevisionNotFound") return errorFromStatus(failure, HubErrorCode.NotFound, `${repoId} has no such revision`);
  if (type === "EntryNotFound") return errorFromStatus(failure, HubErrorCode.NotFound, `Hugging Face has no ${subject}`);
  if (/disabled/i.test(body.message ?? "") && (res.status === 403 || res.status === 451)) {
    return errorFromStatus(failure, HubErrorCode.Forbidden, `${repoId} has been disabled on Hugging Face`);
  }
  if (res.status === 401) return errorFromStatus(failure, HubErrorCode.Unauthorized, "Hugging Face rejected the token");
  return errorFromStatus(failure);
}
