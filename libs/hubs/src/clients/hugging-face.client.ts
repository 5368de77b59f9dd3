import { InferenceClient } from "@huggingface/inference";
import { HubError, HubErrorCode } from "../hub.errors.js";
import type { HubEndpoints } from "../hub-endpoints.config.js";
import { parseJsonBody } from "../hub-status.mapper.js";
import type { CallContext, HubPrediction } from "../hub.types.js";
import { hfClientError, hfFailure, hfHubApiError, hfInferenceError } from "../huggingface/hf-error.mapper.js";
import {
  hfModelInfoFields,
  toHfModelInfo,
  toHfRepoConfig,
  type HfModelInfo,
  type HfRepoConfig,
} from "../huggingface/hf-metadata.mapper.js";
import { masksFromHf, parseHfDetections, rectanglesFromHf, tagsFromHf } from "../huggingface/hf-prediction.mapper.js";
import type { ProbedImage } from "../image/image.probe.js";
import { createHubFetch } from "../net/hub-fetch.adapter.js";
import type { HubHttpTransport, HubResponse } from "../net/hub-http.transport.js";
import type { HubCallExecutor } from "../retry/hub-call.executor.js";

export interface HfRepoOptions {
  readonly token?: string;
  readonly revision?: string;
}

/** Where a model runs: the hf-inference provider by repo id, or a dedicated endpoint URL. */
export type HfInferenceTarget = { readonly kind: "provider"; readonly model: string } | { readonly kind: "endpoint"; readonly url: string };

export interface HfInferOptions {
  readonly token?: string;
  /** Predictions below it are dropped here: the client does not send `threshold` for raw-byte tasks. */
  readonly threshold?: number;
}

export interface HfSegmentOptions extends HfInferOptions {
  readonly maskThreshold?: number;
  readonly subtask?: "instance" | "panoptic" | "semantic";
}

// The public hosts @huggingface/inference hard-codes, and what they become here.
const PUBLIC_HUB = "https://huggingface.co";
const PUBLIC_ROUTER = "https://router.huggingface.co";

type ClientCall<T> = (
  client: InferenceClient,
  routing: { endpointUrl: string } | { provider: "hf-inference"; model: string },
  options: { retry_on_error: false; signal: AbortSignal; fetch: typeof fetch },
) => Promise<T>;

/**
 * Every call to Hugging Face, each under the hub's executor (timeouts, retries, per-tenant limits) and
 * through the guarded transport:
 * - Hub API (`HF_HUB_URL`): model info, a repo's config.json, a repository file's bytes.
 * - Inference API (`HF_INFERENCE_URL`, or a dedicated endpoint): detection, segmentation, classification
 *   through @huggingface/inference, with its traps handled (its own 503 loop is off, its `fetch` is ours and
 *   maps its hard-coded hosts to the configured ones); zero-shot detection as a plain JSON post.
 * Answers and failures are read by the pure mappers in `huggingface/` (hf-metadata, hf-prediction, hf-error).
 */
export class HuggingFaceClient {
  constructor(
    private readonly endpoints: HubEndpoints,
    private readonly transport: HubHttpTransport,
    private readonly executor: HubCallExecutor,
  ) {}

  // --- Hub API ---

  async modelInfo(ctx: CallContext, repoId: string, options: HfRepoOptions = {}): Promise<HfModelInfo> {
    const revision = options.revision ? `/revision/${encodeURIComponent(options.revision)}` : "";
    const query = hfModelInfoFields.map((f) => `expand[]=${f}`).join("&");
    const url = `${this.endpoints.hfHubUrl}/api/models/${encodeRepo(repoId)}${revision}?${query}`;
    const subject = `model ${repoId}`;
    const res = await this.executor.run(ctx, "hf.modelInfo", async ({ signal }) => {
      const r = await this.get(url, options.token, signal);
      if (r.status >= 200 && r.status < 300) return r;
      throw hfHubApiError(r, repoId, subject);
    });
    return toHfModelInfo(parseJsonBody("huggingface", res.body, subject), subject);
  }

  /** The repo's config.json (labels from `id2label`), or undefined when the repo has none. */
  async readConfig(ctx: CallContext, repoId: string, options: HfRepoOptions = {}): Promise<HfRepoConfig | undefined> {
    const url = this.resolveUrl(repoId, options.revision, "config.json");
    const subject = `config.json of ${repoId}`;
    const res = await this.executor.run(ctx, "hf.config", async ({ signal }) => {
      const r = await this.get(url, options.token, signal);
      if (r.status >= 200 && r.status < 300) return r;
      if (r.status === 404 && (r.headers["x-error-code"] ?? "EntryNotFound") === "EntryNotFound") return undefined;
      throw hfHubApiError(r, repoId, subject);
    });
    return res ? toHfRepoConfig(parseJsonBody("huggingface", res.body, subject), subject) : undefined;
  }

  /**
   * A repository file's bytes (e.g. `onnx/model.onnx` to run locally). Large files redirect to a CDN host on
   * the real Hub: that host must be in `redirectHosts`, and the token is not sent there. A file over
   * `maxBytes` is HUB_PAYLOAD_TOO_LARGE (reading stops at the limit).
   */
  async downloadFile(
    ctx: CallContext,
    repoId: string,
    path: string,
    options: HfRepoOptions & { readonly maxBytes: number },
  ): Promise<Buffer> {
    const url = this.resolveUrl(repoId, options.revision, path.split("/").map(encodeURIComponent).join("/"));
    const subject = `${path} of ${repoId}`;
    try {
      return await this.executor.run(ctx, "hf.downloadFile", async ({ signal }) => {
        const r = await this.get(url, options.token, signal, options.maxBytes, "*/*");
        if (r.status >= 200 && r.status < 300) return r.body;
        throw hfHubApiError(r, repoId, subject);
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

  // --- Inference API ---

  async detectObjects(
    ctx: CallContext,
    target: HfInferenceTarget,
    image: ProbedImage,
    options: HfInferOptions = {},
  ): Promise<HubPrediction[]> {
    const output = await this.callClient(ctx, "hf.objectDetection", target, options.token, (client, routing, opts) =>
      client.objectDetection({ ...routing, inputs: blobOf(image) }, opts),
    );
    return rectanglesFromHf(output, image, options.threshold, subjectOf(target));
  }

  async segment(ctx: CallContext, target: HfInferenceTarget, image: ProbedImage, options: HfSegmentOptions = {}): Promise<HubPrediction[]> {
    const parameters: Record<string, unknown> = {};
    if (options.threshold !== undefined) parameters.threshold = options.threshold;
    if (options.maskThreshold !== undefined) parameters.mask_threshold = options.maskThreshold;
    if (options.subtask !== undefined) parameters.subtask = options.subtask;
    const output = await this.callClient(ctx, "hf.imageSegmentation", target, options.token, (client, routing, opts) =>
      client.imageSegmentation({ ...routing, inputs: blobOf(image), ...(Object.keys(parameters).length > 0 ? { parameters } : {}) }, opts),
    );
    return masksFromHf(output, image, options.threshold);
  }

  async classify(
    ctx: CallContext,
    target: HfInferenceTarget,
    image: ProbedImage,
    options: HfInferOptions & { readonly topK?: number } = {},
  ): Promise<HubPrediction[]> {
    const output = await this.callClient(ctx, "hf.imageClassification", target, options.token, (client, routing, opts) =>
      client.imageClassification({ ...routing, inputs: blobOf(image) }, opts),
    );
    return tagsFromHf(output, options.threshold, options.topK);
  }

  /** 4.x has no zero-shot detection method, so this posts the documented JSON body through our transport. */
  async detectZeroShot(
    ctx: CallContext,
    target: HfInferenceTarget,
    image: ProbedImage,
    candidateLabels: readonly string[],
    options: HfInferOptions = {},
  ): Promise<HubPrediction[]> {
    const labels = [...new Set(candidateLabels.map((l) => l.trim()).filter(Boolean))];
    if (labels.length === 0) throw new HubError(HubErrorCode.BadRequest, "Zero-shot detection needs at least one candidate label");
    const url =
      target.kind === "endpoint" ? target.url : `${this.endpoints.hfInferenceUrl}/hf-inference/models/${encodeRepo(target.model)}`;
    const subject = subjectOf(target);
    const body = JSON.stringify({ inputs: image.bytes.toString("base64"), parameters: { candidate_labels: labels } });
    const output = await this.executor.run(ctx, "hf.zeroShotObjectDetection", async ({ signal }) => {
      const res = await this.transport.send({
        method: "POST",
        url: this.transport.guard.checkUrl(url),
        headers: { "Content-Type": "application/json", Accept: "application/json", ...bearer(options.token) },
        body,
        signal,
      });
      if (res.status < 200 || res.status >= 300) throw hfInferenceError(hfFailure(res, subject));
      return parseJsonBody("huggingface", res.body, subject);
    });
    return rectanglesFromHf(parseHfDetections(output, subject), image, options.threshold, subject);
  }

  // --- Plumbing ---

  private resolveUrl(repoId: string, revision: string | undefined, encodedPath: string): string {
    return `${this.endpoints.hfHubUrl}/${encodeRepo(repoId)}/resolve/${encodeURIComponent(revision ?? "main")}/${encodedPath}`;
  }

  private get(
    url: string,
    token: string | undefined,
    signal: AbortSignal,
    maxBytes = 8 * 1024 * 1024,
    accept = "application/json",
  ): Promise<HubResponse> {
    return this.transport.send({ method: "GET", url, headers: { Accept: accept, ...bearer(token) }, signal, maxResponseBytes: maxBytes });
  }

  private callClient<T>(
    ctx: CallContext,
    operation: string,
    target: HfInferenceTarget,
    token: string | undefined,
    call: ClientCall<T>,
  ): Promise<T> {
    // Refuse a tenant's endpoint before anything is sent (the transport would refuse it too).
    const routing =
      target.kind === "endpoint"
        ? { endpointUrl: this.transport.guard.checkUrl(target.url).href }
        : { provider: "hf-inference" as const, model: target.model };
    return this.executor.run(ctx, operation, async ({ signal }) => {
      let last: HubResponse | undefined;
      const fetch = createHubFetch(this.transport, {
        rewrite: target.kind === "provider" ? (url) => this.rewrite(url) : undefined,
        observe: (res) => {
          last = res;
        },
      });
      const client = new InferenceClient(token ?? "", { retry_on_error: false });
      try {
        return await call(client, routing, { retry_on_error: false, signal, fetch });
      } catch (err) {
        throw hfClientError(err, last, subjectOf(target));
      }
    });
  }

  private rewrite(url: string): string {
    if (url.startsWith(`${PUBLIC_ROUTER}/`)) return this.endpoints.hfInferenceUrl + url.slice(PUBLIC_ROUTER.length);
    if (url.startsWith(`${PUBLIC_HUB}/`)) return this.endpoints.hfHubUrl + url.slice(PUBLIC_HUB.length);
    return url;
  }
}

/** `org/name` with each segment escaped but the slash kept, as the Hub's routes expect. */
function encodeRepo(repoId: string): string {
  return repoId.split("/").map(encodeURIComponent).join("/");
}

function bearer(token: string | undefined): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

// The client base64-encodes a Blob or ArrayBuffer itself; a Node Buffer would throw (in segmentation).
function blobOf(image: ProbedImage): Blob {
  return new Blob([image.bytes], { type: image.mime });
}

function subjectOf(target: HfInferenceTarget): string {
  return target.kind === "provider" ? `model ${target.model}` : "the inference endpoint";
}
