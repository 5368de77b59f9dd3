import type { HubEndpoints } from "../hub-endpoints.config.js";
import { parseJsonBody } from "../hub-status.mapper.js";
import type { CallContext, HubPrediction, HubTask } from "../hub.types.js";
import { fitUnderBytes } from "../image/image.downscaler.js";
import type { ProbedImage } from "../image/image.probe.js";
import type { HubHttpTransport } from "../net/hub-http.transport.js";
import type { HubCallExecutor } from "../retry/hub-call.executor.js";
import { roboflowApiError, roboflowInferenceError } from "../roboflow/roboflow-error.mapper.js";
import { toRoboflowVersionInfo, toRoboflowWorkspace, type RoboflowVersionInfo } from "../roboflow/roboflow-metadata.mapper.js";
import { mapRoboflowPredictions } from "../roboflow/roboflow-prediction.mapper.js";
import { formatRoboflowRef, type RoboflowModelRef } from "../roboflow/roboflow-url.parser.js";

/** Roboflow's hosted-inference upload limit (the base64 body). */
export const ROBOFLOW_MAX_UPLOAD_BYTES = 20 * 1000 * 1000;

export interface RoboflowInferOptions {
  readonly apiKey: string;
  readonly threshold?: number;
  readonly topK?: number;
}

export interface RoboflowClientOptions {
  /** Defaults to ROBOFLOW_MAX_UPLOAD_BYTES; tests lower it. */
  readonly maxUploadBytes?: number;
}

/**
 * Every call to Roboflow, each under the hub's executor (timeouts, retries, per-tenant limits) and through
 * the guarded transport; the key travels as the `api_key` query parameter, as Roboflow wants:
 * - metadata API (`ROBOFLOW_API_URL`): key check, a project version's type and classes;
 * - hosted inference (`ROBOFLOW_INFER_URL`): `POST /{project}/{version}` with the base64 image as an
 *   x-www-form-urlencoded body. Images over the upload limit are downscaled first and predictions scaled back.
 * Answers and failures are read by the pure mappers in `roboflow/` (metadata, prediction, error).
 */
export class RoboflowClient {
  private readonly maxUploadBytes: number;

  constructor(
    private readonly endpoints: HubEndpoints,
    private readonly transport: HubHttpTransport,
    private readonly executor: HubCallExecutor,
    options: RoboflowClientOptions = {},
  ) {
    this.maxUploadBytes = options.maxUploadBytes ?? ROBOFLOW_MAX_UPLOAD_BYTES;
  }

  // --- Metadata API ---

  /** `POST /?api_key=` → the key's workspace; 401 for a bad key. */
  async checkKey(ctx: CallContext, apiKey: string): Promise<{ workspace: string }> {
    const subject = "the API key";
    return toRoboflowWorkspace(await this.callApi(ctx, "roboflow.checkKey", "POST", "/", apiKey, subject), subject);
  }

  async versionInfo(ctx: CallContext, ref: RoboflowModelRef, apiKey: string): Promise<RoboflowVersionInfo> {
    const path = `/${encodeURIComponent(ref.workspace)}/${encodeURIComponent(ref.project)}/${ref.version}`;
    const subject = `project version ${formatRoboflowRef(ref)}`;
    return toRoboflowVersionInfo(await this.callApi(ctx, "roboflow.versionInfo", "GET", path, apiKey, subject), ref, subject);
  }

  // --- Hosted inference ---

  async infer(
    ctx: CallContext,
    ref: RoboflowModelRef,
    task: HubTask,
    image: ProbedImage,
    options: RoboflowInferOptions,
  ): Promise<HubPrediction[]> {
    const sent = await fitUnderBytes(image, this.maxUploadBytes, base64Length);
    const body = sent.bytes.toString("base64");
    const query = new URLSearchParams({ api_key: options.apiKey, format: "json" });
    // The server reads confidence ≥ 1 as a percentage, so a fraction below 1 is unambiguous; 1 itself is sent as 100.
    if (options.threshold !== undefined) query.set("confidence", options.threshold >= 1 ? "100" : String(options.threshold));
    const url = `${this.endpoints.roboflowInferUrl}/${encodeURIComponent(ref.project)}/${ref.version}?${query.toString()}`;
    const subject = `model ${ref.project}/${ref.version}`;
    const json = await this.executor.run(ctx, "roboflow.infer", async ({ signal }) => {
      const res = await this.transport.send({
        method: "POST",
        url,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body,
        signal,
      });
      if (res.status < 200 || res.status >= 300) throw roboflowInferenceError(res, subject, options.apiKey);
      return parseJsonBody("roboflow", res.body, subject);
    });
    const frame = { width: image.width, height: image.height, scaleX: sent.scaleX, scaleY: sent.scaleY };
    return mapRoboflowPredictions(task, json, { ...frame, threshold: options.threshold, topK: options.topK }, subject);
  }

  // --- Plumbing ---

  private async callApi(
    ctx: CallContext,
    operation: string,
    method: "GET" | "POST",
    path: string,
    apiKey: string,
    subject: string,
  ): Promise<unknown> {
    const url = `${this.endpoints.roboflowApiUrl}${path}?api_key=${encodeURIComponent(apiKey)}`;
    const res = await this.executor.run(ctx, operation, async ({ signal }) => {
      const headers = { Accept: "application/json" };
      const r = await this.transport.send({ method, url, headers, signal, maxResponseBytes: 8 * 1024 * 1024 });
      if (r.status >= 200 && r.status < 300) return r;
      throw roboflowApiError(r, subject, apiKey);
    });
    return parseJsonBody("roboflow", res.body, subject);
  }
}

function base64Length(bytes: Buffer): number {
  return Math.ceil(bytes.length / 3) * 4;
}
