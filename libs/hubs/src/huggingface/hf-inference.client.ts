import { InferenceClient } from "@huggingface/inference";
import { z } from "zod";
import { HubError, HubErrorCode } from "../hub.errors.js";
import type { HubEndpoints } from "../hub-endpoints.config.js";
import { badShape, errorFromStatus, parseJsonBody, readErrorBody, type StatusFailure } from "../hub-status.mapper.js";
import type { CallContext, HubPrediction } from "../hub.types.js";
import { clampBox } from "../image/box.geometry.js";
import type { ProbedImage } from "../image/image.probe.js";
import { createHubFetch } from "../net/hub-fetch.adapter.js";
import type { HubHttpTransport, HubResponse } from "../net/hub-http.transport.js";
import type { HubCallExecutor } from "../retry/hub-call.executor.js";
import { decodeHfMask } from "./hf-mask.decoder.js";
import { encodeRepo } from "./hf-hub.client.js";

/** Where a model runs: the hf-inference provider by repo id, or a dedicated endpoint URL. */
export type HfInferenceTarget = { readonly kind: "provider"; readonly model: string } | { readonly kind: "endpoint"; readonly url: string };

export interface HfInferOptions {
  readonly token?: string;
  /** Predictions below it are dropped here: the client does not send `threshold` for raw-byte tasks. */
  readonly threshold?: number;
}

// The public hosts @huggingface/inference hard-codes, and what they become here.
const PUBLIC_HUB = "https://huggingface.co";
const PUBLIC_ROUTER = "https://router.huggingface.co";

const detectionSchema = z.array(
  z.object({
    label: z.string(),
    score: z.number(),
    box: z.object({ xmin: z.number(), ymin: z.number(), xmax: z.number(), ymax: z.number() }),
  }),
);

type ClientCall<T> = (
  client: InferenceClient,
  routing: { endpointUrl: string } | { provider: "hf-inference"; model: string },
  options: { retry_on_error: false; signal: AbortSignal; fetch: typeof fetch },
) => Promise<T>;

/**
 * Remote inference on Hugging Face through @huggingface/inference, with its traps handled: its own 503 loop
 * is off (`retry_on_error: false`), every request goes through our guarded transport (via its `fetch`
 * option, which also maps its hard-coded hosts to the configured ones), our executor owns timeouts and
 * retries, and results come back normalised to the original image's pixels.
 */
export class HfInferenceClient {
  constructor(
    private readonly endpoints: HubEndpoints,
    private readonly transport: HubHttpTransport,
    private readonly executor: HubCallExecutor,
  ) {}

  async detectObjects(ctx: CallContext, target: HfInferenceTarget, image: ProbedImage, options: HfInferOptions = {}): Promise<HubPrediction[]> {
    const blob = new Blob([image.bytes], { type: image.mime });
    const output = await this.callClient(ctx, "hf.objectDetection", target, options.token, (client, routing, opts) =>
      client.objectDetection({ ...routing, inputs: blob }, opts),
    );
    return toRectangles(output, image, options.threshold, subjectOf(target));
  }

  async segment(
    ctx: CallContext,
    target: HfInferenceTarget,
    image: ProbedImage,
    options: HfInferOptions & { readonly maskThreshold?: number; readonly subtask?: "instance" | "panoptic" | "semantic" } = {},
  ): Promise<HubPrediction[]> {
    // The client base64-encodes a Blob or ArrayBuffer itself; a Node Buffer would throw.
    const blob = new Blob([image.bytes], { type: image.mime });
    const parameters: Record<string, unknown> = {};
    if (options.threshold !== undefined) parameters.threshold = options.threshold;
    if (options.maskThreshold !== undefined) parameters.mask_threshold = options.maskThreshold;
    if (options.subtask !== undefined) parameters.subtask = options.subtask;
    const output = await this.callClient(ctx, "hf.imageSegmentation", target, options.token, (client, routing, opts) =>
      client.imageSegmentation({ ...routing, inputs: blob, ...(Object.keys(parameters).length > 0 ? { parameters } : {}) }, opts),
    );
    const predictions: HubPrediction[] = [];
    for (const segment of output) {
      if (options.threshold !== undefined && segment.score !== undefined && segment.score < options.threshold) continue;
      const decoded = await decodeHfMask(segment.mask, image.width, image.height);
      if (!decoded) continue;
      predictions.push({ type: "mask", label: segment.label, ...(segment.score === undefined ? {} : { score: segment.score }), ...decoded });
    }
    return predictions;
  }

  async classify(
    ctx: CallContext,
    target: HfInferenceTarget,
    image: ProbedImage,
    options: HfInferOptions & { readonly topK?: number } = {},
  ): Promise<HubPrediction[]> {
    const blob = new Blob([image.bytes], { type: image.mime });
    const output = await this.callClient(ctx, "hf.imageClassification", target, options.token, (client, routing, opts) =>
      client.imageClassification({ ...routing, inputs: blob }, opts),
    );
    return [...output]
      .sort((a, b) => b.score - a.score)
      .filter((c) => options.threshold === undefined || c.score >= options.threshold)
      .slice(0, options.topK ?? 1)
      .map((c) => ({ type: "tag" as const, label: c.label, score: c.score }));
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
    const url = target.kind === "endpoint" ? target.url : `${this.endpoints.hfInferenceUrl}/hf-inference/models/${encodeRepo(target.model)}`;
    const subject = subjectOf(target);
    const body = JSON.stringify({ inputs: image.bytes.toString("base64"), parameters: { candidate_labels: labels } });
    const output = await this.executor.run(ctx, "hf.zeroShotObjectDetection", async ({ signal }) => {
      const res = await this.transport.send({
        method: "POST",
        url: this.transport.guard.checkUrl(url),
        headers: { "Content-Type": "application/json", Accept: "application/json", ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) },
        body,
        signal,
      });
      if (res.status < 200 || res.status >= 300) throw inferenceError(failureOf(res, subject), target);
      return parseJsonBody("huggingface", res.body, subject);
    });
    const parsed = detectionSchema.safeParse(output);
    if (!parsed.success) throw badShape("huggingface", subject, "expected [{label, score, box}]");
    return toRectangles(parsed.data, image, options.threshold, subject);
  }

  private callClient<T>(ctx: CallContext, operation: string, target: HfInferenceTarget, token: string | undefined, call: ClientCall<T>): Promise<T> {
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
        throw clientError(err, last, target);
      }
    });
  }

  private rewrite(url: string): string {
    if (url.startsWith(`${PUBLIC_ROUTER}/`)) return this.endpoints.hfInferenceUrl + url.slice(PUBLIC_ROUTER.length);
    if (url.startsWith(`${PUBLIC_HUB}/`)) return this.endpoints.hfHubUrl + url.slice(PUBLIC_HUB.length);
    return url;
  }
}

function subjectOf(target: HfInferenceTarget): string {
  return target.kind === "provider" ? `model ${target.model}` : "the inference endpoint";
}

function failureOf(res: HubResponse, subject: string): StatusFailure {
  return { hub: "huggingface", status: res.status, headers: res.headers, body: readErrorBody(res.body, res.headers["content-type"]), subject };
}

function inferenceError(failure: StatusFailure, target: HfInferenceTarget): HubError {
  const subject = subjectOf(target);
  switch (failure.status) {
    case 401:
      return errorFromStatus(failure, HubErrorCode.Unauthorized, "Hugging Face rejected the token");
    case 403:
      return errorFromStatus(failure, HubErrorCode.Forbidden, `The token has no access to ${subject} (private or gated)`);
    case 404:
      return errorFromStatus(failure, HubErrorCode.NotFound, `Hugging Face does not serve ${subject} (unknown, or not deployed on hf-inference)`);
    default:
      return errorFromStatus(failure);
  }
}

interface ClientHttpError {
  name: string;
  message: string;
  httpResponse?: { status?: unknown; body?: unknown };
}

/** @huggingface/inference's errors as HubErrors; the headers it drops (Retry-After) come from the observed answer. */
function clientError(err: unknown, last: HubResponse | undefined, target: HfInferenceTarget): unknown {
  if (err instanceof HubError) return err;
  const e = err as ClientHttpError;
  const subject = subjectOf(target);
  if ((e?.name === "ProviderApiError" || e?.name === "HubApiError") && typeof e.httpResponse?.status === "number") {
    const status = e.httpResponse.status;
    if (status >= 200 && status < 300) {
      // The Hub answered, but without an hf-inference mapping for the model.
      return new HubError(HubErrorCode.NotDeployable, `${subject} is not deployed on the hf-inference provider`, { hub: "huggingface" });
    }
    const headers = last && last.status === status ? last.headers : {};
    const body = readErrorBody(e.httpResponse.body, headers["content-type"]);
    return inferenceError({ hub: "huggingface", status, headers, body, subject }, target);
  }
  if (e?.name === "InputError" || e?.name === "RoutingError") {
    return new HubError(HubErrorCode.NotDeployable, `Hugging Face cannot run ${subject} this way: ${e.message}`, { hub: "huggingface" });
  }
  if (e?.name === "ProviderOutputError" || err instanceof SyntaxError || err instanceof TypeError) {
    // TypeError: the client reads `box.xmin` before checking the item has a box.
    return badShape("huggingface", subject, err instanceof SyntaxError ? "malformed JSON" : "not the shape this task returns");
  }
  return err;
}

function toRectangles(
  output: ReadonlyArray<{ label: string; score: number; box: { xmin: number; ymin: number; xmax: number; ymax: number } }>,
  image: ProbedImage,
  threshold: number | undefined,
  subject: string,
): HubPrediction[] {
  const out: HubPrediction[] = [];
  for (const d of output) {
    const { xmin, ymin, xmax, ymax } = d.box;
    if (![xmin, ymin, xmax, ymax, d.score].every(Number.isFinite)) throw badShape("huggingface", subject, "non-numeric box or score");
    if (threshold !== undefined && d.score < threshold) continue;
    const box = clampBox([Math.min(xmin, xmax), Math.min(ymin, ymax), Math.max(xmin, xmax), Math.max(ymin, ymax)], image.width, image.height);
    if (box[2] <= box[0] || box[3] <= box[1]) continue;
    out.push({ type: "rectangle", label: d.label, score: d.score, box });
  }
  return out;
}
