import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HubError, HubErrorCode, HubPublicCode, type HubInferenceRequest, type HubInferenceResult } from "@prelabel/hubs";
import sharp from "sharp";
import { FrameFailure, ModelError } from "../inference.errors.js";
import { HubDetectionModel, DEFAULT_RATE_LIMIT_REQUEUE_MS } from "./hub-detection.model.js";
import type { HubModelSpec } from "./hub-model.types.js";

const W = 32;
const H = 24;
const image = { width: W, height: H, data: new Uint8Array(W * H * 3).fill(128) };
const detector: HubModelSpec = {
  provider: "huggingface",
  modelRef: "facebook/detr-resnet-50",
  task: "object-detection",
  tenantId: "t1",
  labels: ["cat"],
};

function model(
  spec: HubModelSpec,
  answer: (request: HubInferenceRequest) => HubInferenceResult | Promise<HubInferenceResult>,
  credential?: string,
) {
  const calls: { tenant: string; request: HubInferenceRequest }[] = [];
  let rejected = 0;
  const m = new HubDetectionModel({
    modelId: "m1",
    spec,
    credential,
    hub: { infer: async (ctx, request) => (calls.push({ tenant: ctx.tenant, request }), answer(request)) },
    onCredentialRejected: () => void rejected++,
  });
  return { m, calls, rejected: () => rejected };
}

const ok = (): HubInferenceResult => ({
  width: W,
  height: H,
  predictions: [{ type: "rectangle", label: "cat", score: 0.9, box: [1, 2, 10, 12] }],
});
const fails = (error: HubError) => () => Promise.reject(error);
const frameFailure = (code: string, requeueAfterMs?: number) => (err: unknown) => {
  assert.ok(err instanceof FrameFailure, String(err));
  assert.equal(err.code, code);
  assert.equal(err.requeueAfterMs, requeueAfterMs);
  return true;
};

describe("HubDetectionModel", () => {
  it("sends the stored bytes when they show the decoded pixels, with the tenant, credential and threshold", async () => {
    const png = new Uint8Array(
      await sharp({ create: { width: W, height: H, channels: 3, background: "#808080" } })
        .png()
        .toBuffer(),
    );
    const t = model(detector, ok, "hf_secret");
    const detections = await t.m.detect(image, { threshold: 0.4, returnMasks: false, encoded: png, candidateLabels: ["cat"] });
    assert.deepEqual(detections, [{ label: "cat", score: 0.9, box: [1, 2, 10, 12] }]);
    const [{ tenant, request }] = t.calls as [(typeof t.calls)[0]];
    assert.equal(tenant, "t1");
    assert.equal(request.image, png, "the stored bytes, not a re-encoding");
    assert.equal(request.credential, "hf_secret");
    assert.equal(request.threshold, 0.4);
    assert.deepEqual(request.model, { ref: "facebook/detr-resnet-50", task: "object-detection" });
    assert.equal(request.candidateLabels, undefined, "only zero-shot models get candidate labels");
  });

  it("encodes the decoded frame as JPEG when the stored bytes are rotated, missing or of another size", async () => {
    const rotated = new Uint8Array(
      await sharp({ create: { width: W, height: H, channels: 3, background: "#808080" } })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .toBuffer(),
    );
    for (const encoded of [rotated, undefined]) {
      const t = model(detector, ok);
      await t.m.detect(image, { threshold: 0.5, returnMasks: false, ...(encoded ? { encoded } : {}) });
      const sent = await sharp(Buffer.from(t.calls[0].request.image)).metadata();
      assert.equal(sent.format, "jpeg");
      assert.deepEqual([sent.width, sent.height, sent.orientation ?? 1], [W, H, 1]);
      assert.notEqual(t.calls[0].request.image, encoded);
    }
  });

  it("asks a zero-shot detector for the mapped labels, once each", async () => {
    const t = model({ ...detector, task: "zero-shot-object-detection", labels: [] }, ok);
    await t.m.detect(image, { threshold: 0.5, returnMasks: false, candidateLabels: ["cat", "dog", "cat"] });
    assert.deepEqual(t.calls[0].request.candidateLabels, ["cat", "dog"]);
  });

  it("passes the endpoint URL of a dedicated endpoint and uses the default tenant when none is set", async () => {
    const t = model({ ...detector, endpointUrl: "https://x.endpoints.huggingface.cloud", tenantId: "" }, ok);
    await t.m.detect(image, { threshold: 0.5, returnMasks: false });
    assert.equal(t.calls[0].request.model.endpointUrl, "https://x.endpoints.huggingface.cloud");
    assert.equal(t.calls[0].tenant, "default");
  });

  it("turns a HubError into a FrameFailure with its code and no secret", async () => {
    const t = model(
      detector,
      fails(new HubError(HubErrorCode.PaymentRequired, "credits used up; key hf_abcdefghijklmnop", { status: 402 })),
      "hf_abcdefghijklmnop",
    );
    await assert.rejects(t.m.detect(image, { threshold: 0.5, returnMasks: false }), (err: unknown) => {
      frameFailure(HubPublicCode.PaymentRequired)(err);
      assert.doesNotMatch((err as Error).message, /hf_abcdefghijklmnop/);
      assert.match((err as Error).message, /facebook\/detr-resnet-50/);
      assert.equal((err as Error).cause, undefined, "the raw cause is not chained");
      return true;
    });
    assert.equal(t.rejected(), 0);
  });

  it("asks for a requeue on a rate limit: the hub's wait, or a default", async () => {
    const long = new HubError(HubErrorCode.RateLimited, "slow down", { status: 429 }).exhausted(1, 90_000);
    await assert.rejects(
      model(detector, fails(long)).m.detect(image, { threshold: 0.5, returnMasks: false }),
      frameFailure(HubPublicCode.RateLimited, 90_000),
    );
    const plain = new HubError(HubErrorCode.RateLimited, "slow down", { status: 429 }).exhausted(4);
    await assert.rejects(
      model(detector, fails(plain)).m.detect(image, { threshold: 0.5, returnMasks: false }),
      frameFailure(HubPublicCode.RateLimited, DEFAULT_RATE_LIMIT_REQUEUE_MS),
    );
  });

  it("fails frames with the same public codes the API uses (a missing repo is HUB_MODEL_NOT_FOUND)", async () => {
    const t = model(detector, fails(new HubError(HubErrorCode.NotFound, "no such repo", { status: 404 })));
    await assert.rejects(t.m.detect(image, { threshold: 0.5, returnMasks: false }), frameFailure(HubPublicCode.ModelNotFound));
  });

  it("reports a rejected credential so the model is described again", async () => {
    const t = model(detector, fails(new HubError(HubErrorCode.Unauthorized, "bad token", { status: 401 })), "hf_x");
    await assert.rejects(t.m.detect(image, { threshold: 0.5, returnMasks: false }), frameFailure(HubPublicCode.Unauthorized));
    assert.equal(t.rejected(), 1);
  });

  it("lets other errors through and refuses an answer for another image size", async () => {
    await assert.rejects(
      model(detector, fails(new TypeError("boom") as never)).m.detect(image, { threshold: 0.5, returnMasks: false }),
      TypeError,
    );
    const t = model(detector, () => ({ ...ok(), width: W * 2 }));
    await assert.rejects(
      t.m.detect(image, { threshold: 0.5, returnMasks: false }),
      (err: unknown) => err instanceof ModelError && err.code === "MODEL_OUTPUT_INVALID",
    );
  });

  it("keeps the credential out of its own enumerable state", () => {
    const t = model(detector, ok, "hf_topsecret_value");
    assert.doesNotMatch(JSON.stringify(t.m), /hf_topsecret_value/);
  });
});
