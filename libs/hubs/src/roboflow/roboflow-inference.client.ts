import { HubError, HubErrorCode } from "../hub.errors.js";
import type { HubEndpoints } from "../hub-endpoints.config.js";
import { errorFromStatus, parseJsonBody, readErrorBody } from "../hub-status.mapper.js";
import type { CallContext, HubPrediction, HubTask } from "../hub.types.js";
import { fitUnderBytes } from "../image/image.downscaler.js";
import type { ProbedImage } from "../image/image.probe.js";
import type { HubHttpTransport, HubResponse } from "../net/hub-http.transport.js";
import type { HubCallExecutor } from "../retry/hub-call.executor.js";
import { scrub } from "./roboflow-api.client.js";
import { mapRoboflowPredictions } from "./roboflow-prediction.mapper.js";
import type { RoboflowModelRef } from "./roboflow-url.parser.js";

/** Roboflow's hosted-inference upload limit (the base64 body). */
export const ROBOFLOW_MAX_UPLOAD_BYTES = 20 * 1000 * 1000;

export interface RoboflowInferOptions {
  readonly apiKey: string;
  readonly threshold?: number;
  readonly topK?: number;
}

export interface RoboflowInferenceClientOptions {
  /** Defaults to ROBOFLOW_MAX_UPLOAD_BYTES; tests lower it. */
  readonly maxUploadBytes?: number;
}

/**
 * Roboflow hosted inference: `POST /{project}/{version}?api_key=…` with the base64 image as an
 * x-www-form-urlencoded body. Images over the upload limit are downscaled first and predictions scaled back.
 */
export class RoboflowInferenceClient {
  private readonly maxUploadBytes: number;

  constructor(
    private readonly endpoints: HubEndpoints,
    private readonly transport: HubHttpTransport,
    private readonly executor: HubCallExecutor,
    options: RoboflowInferenceClientOptions = {},
  ) {
    this.maxUploadBytes = options.maxUploadBytes ?? ROBOFLOW_MAX_UPLOAD_BYTES;
  }

  async infer(ctx: CallContext, ref: RoboflowModelRef, task: HubTask, image: ProbedImage, options: RoboflowInferOptions): Promise<HubPrediction[]> {
    const sent = await fitUnderBytes(image, this.maxUploadBytes, base64Length);
    const body = sent.bytes.toString("base64");
    const query = new URLSearchParams({ api_key: options.apiKey, format: "json" });
    // The server reads confidence ≥ 1 as a percentage, so a fraction below 1 is unambiguous; 1 itself is sent as 100.
    if (options.threshold !== undefined) query.set("confidence", options.threshold >= 1 ? "100" : String(options.threshold));
    const url = `${this.endpoints.roboflowInferUrl}/${encodeURIComponent(ref.project)}/${ref.version}?${query}`;
    const subject = `model ${ref.project}/${ref.version}`;
    const json = await this.executor.run(ctx, "roboflow.infer", async ({ signal }) => {
      const res = await this.transport.send({
        method: "POST",
        url,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
        body,
        signal,
      });
      if (res.status < 200 || res.status >= 300) throw inferenceError(res, subject, options.apiKey);
      return parseJsonBody("roboflow", res.body, subject);
    });
    return mapRoboflowPredictions(
      task,
      json,
      { width: image.width, height: image.height, scaleX: sent.scaleX, scaleY: sent.scaleY, threshold: options.threshold, topK: options.topK },
      subject,
    );
  }
}

function base64Length(bytes: Buffer): number {
  return Math.ceil(bytes.length / 3) * 4;
}

function inferenceError(res: HubResponse, subject: string, apiKey: string): HubError {
  const body = readErrorBody(res.body, res.headers["content-type"]);
  const failure = { hub: "roboflow" as const, status: res.status, headers: res.headers, body: { ...body, message: scrub(body.message, apiKey) }, subject };
  switch (res.status) {
    case 401:
    // Hosted inference answers 403 for a bad key (and for a key without access to the model).
    case 403:
      return errorFromStatus(failure, HubErrorCode.Unauthorized, `Roboflow rejected the API key for ${subject}`);
    case 404:
      return errorFromStatus(failure, HubErrorCode.NotFound, `Roboflow has no ${subject}`);
    default:
      return errorFromStatus(failure);
  }
}
