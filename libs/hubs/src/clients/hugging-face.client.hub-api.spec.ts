import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { fakeCredentials, faults, hfFixtureIds, hfHubFaults } from "@prelabel/hub-fakes";
import { HubError, HubErrorCode } from "../hub.errors.js";
import { resetEnv, startHubTestEnv, type HubTestEnv } from "../hub-test-env.testing.js";

const hasCode = (code: string) => (e: unknown) => e instanceof HubError && e.code === code;

describe("HuggingFaceClient: Hub API calls against the Hub fake", () => {
  let env: HubTestEnv;
  before(async () => {
    env = await startHubTestEnv({ retry: { maxAttempts: 3 } });
  });
  after(() => env.close());
  beforeEach(() => resetEnv(env));
  const hub = () => env.hubs.huggingface.client;

  it("reads model info with the fields it asked for, sending the token", async () => {
    const info = await hub().modelInfo(env.ctx, hfFixtureIds.detector, { token: fakeCredentials.hfToken });
    assert.equal(info.id, hfFixtureIds.detector);
    assert.equal(info.pipelineTag, "object-detection");
    assert.equal(info.modelType, "detr");
    assert.ok(info.files.includes("config.json"));
    assert.deepEqual(info.providerMappings, [
      { provider: "hf-inference", providerId: hfFixtureIds.detector, status: "live", task: "object-detection" },
    ]);
    const [req] = env.fakes.hfHub.requests;
    assert.equal(req?.headers.authorization, `Bearer ${fakeCredentials.hfToken}`);
    assert.ok(req?.query.getAll("expand[]").includes("inferenceProviderMapping"));
    assert.ok(req?.query.getAll("expand[]").includes("pipeline_tag"));
  });

  it("sends no Authorization header without a token", async () => {
    await hub().modelInfo(env.ctx, hfFixtureIds.detector);
    assert.equal(env.fakes.hfHub.requests[0]?.headers.authorization, undefined);
  });

  it("reads labels from config.json id2label, sorted by id, without DETR's N/A padding", async () => {
    const config = await hub().readConfig(env.ctx, hfFixtureIds.detector);
    assert.deepEqual(config?.labels, [
      { id: 1, name: "person" },
      { id: 2, name: "bicycle" },
      { id: 3, name: "car" },
    ]);
    assert.equal(config?.modelType, "detr");
  });

  it("answers undefined for a repo without config.json", async () => {
    assert.equal(await hub().readConfig(env.ctx, hfFixtureIds.noLabels), undefined);
  });

  it("an unknown repo, or a private one without access, is HUB_NOT_FOUND", async () => {
    await assert.rejects(hub().modelInfo(env.ctx, "nobody/nothing"), hasCode(HubErrorCode.NotFound));
    await assert.rejects(hub().modelInfo(env.ctx, hfFixtureIds.private), hasCode(HubErrorCode.NotFound));
    await assert.rejects(
      hub().modelInfo(env.ctx, hfFixtureIds.private, { token: fakeCredentials.hfToken }),
      hasCode(HubErrorCode.NotFound),
    );
    const info = await hub().modelInfo(env.ctx, hfFixtureIds.private, { token: fakeCredentials.hfTokenGranted });
    assert.equal(info.private, true);
  });

  it("a token the Hub does not know is HUB_UNAUTHORIZED, and the token is not in the message", async () => {
    await assert.rejects(hub().modelInfo(env.ctx, hfFixtureIds.detector, { token: fakeCredentials.hfTokenUnknown }), (e: HubError) => {
      return (
        e.code === HubErrorCode.Unauthorized && !JSON.stringify({ m: e.message, d: e.details }).includes(fakeCredentials.hfTokenUnknown)
      );
    });
  });

  it("a gated repo shows its info but refuses its files without granted access", async () => {
    const info = await hub().modelInfo(env.ctx, hfFixtureIds.gated);
    assert.equal(info.gated, "manual");
    await assert.rejects(
      hub().readConfig(env.ctx, hfFixtureIds.gated),
      (e: HubError) => e.code === HubErrorCode.Forbidden && e.details.status === 401 && /gated/.test(e.message),
    );
    await assert.rejects(
      hub().readConfig(env.ctx, hfFixtureIds.gated, { token: fakeCredentials.hfToken }),
      (e: HubError) => e.code === HubErrorCode.Forbidden && e.details.status === 403,
    );
    const config = await hub().readConfig(env.ctx, hfFixtureIds.gated, { token: fakeCredentials.hfTokenGranted });
    assert.deepEqual(
      config?.labels.map((l) => l.name),
      ["helmet", "vest"],
    );
  });

  it("an unknown revision is HUB_NOT_FOUND", async () => {
    await assert.rejects(
      hub().modelInfo(env.ctx, hfFixtureIds.detector, { revision: "v9" }),
      (e: HubError) => e.code === HubErrorCode.NotFound && e.details.hubErrorCode === "RevisionNotFound",
    );
  });

  it("waits out the Hub's rate-limit window (RateLimit t=) once, then succeeds", async () => {
    env.fakes.hfHub.inject("model-info", hfHubFaults.rateLimited(12));
    const info = await hub().modelInfo(env.ctx, hfFixtureIds.detector);
    assert.equal(info.id, hfFixtureIds.detector);
    assert.deepEqual(env.clock.sleeps, [12_000]);
    assert.equal(env.retries[0]?.source, "rate-limit-reset");
    assert.equal(env.fakes.hfHub.requestsTo("model-info").length, 2);
  });

  it("gives HUB_RATE_LIMITED after the attempts run out", async () => {
    env.fakes.hfHub.inject(
      "model-info",
      hfHubFaults.rateLimited(1),
      hfHubFaults.rateLimited(1),
      hfHubFaults.rateLimited(1),
      hfHubFaults.rateLimited(1),
    );
    await assert.rejects(
      hub().modelInfo(env.ctx, hfFixtureIds.detector),
      (e: HubError) => e.code === HubErrorCode.RateLimited && e.details.attempts === 3,
    );
    assert.equal(env.fakes.hfHub.requestsTo("model-info").length, 3);
    assert.equal(env.fakes.hfHub.pendingFaults("model-info"), 1);
  });

  it("malformed JSON and wrong shapes are HUB_BAD_RESPONSE, not retried", async () => {
    env.fakes.hfHub.inject("model-info", faults.malformedJson());
    await assert.rejects(hub().modelInfo(env.ctx, hfFixtureIds.detector), hasCode(HubErrorCode.BadResponse));
    env.fakes.hfHub.inject("model-info", faults.wrongShape({ id: 42, pipeline_tag: ["object-detection"] }));
    await assert.rejects(hub().modelInfo(env.ctx, hfFixtureIds.detector), hasCode(HubErrorCode.BadResponse));
    env.fakes.hfHub.inject("resolve", faults.wrongShape({ id2label: { zero: "person" } }));
    await assert.rejects(hub().readConfig(env.ctx, hfFixtureIds.detector), hasCode(HubErrorCode.BadResponse));
    env.fakes.hfHub.inject("resolve", faults.wrongShape({ id2label: ["person"] }));
    await assert.rejects(hub().readConfig(env.ctx, hfFixtureIds.detector), hasCode(HubErrorCode.BadResponse));
    assert.equal(env.fakes.hfHub.requests.length, 4);
  });

  it("downloads an ONNX export through the Hub's same-host LFS redirect", async () => {
    const bytes = await hub().downloadFile(env.ctx, hfFixtureIds.onnxDetr, "onnx/model.onnx", { maxBytes: 1024 });
    assert.equal(bytes.toString(), "ONNX-DETR-BYTES");
    assert.deepEqual(
      env.fakes.hfHub.requests.map((r) => r.route),
      ["resolve", "lfs"],
    );
  });

  it("refuses a download larger than allowed", async () => {
    await assert.rejects(
      hub().downloadFile(env.ctx, hfFixtureIds.onnxDetr, "onnx/model.onnx", { maxBytes: 4 }),
      hasCode(HubErrorCode.PayloadTooLarge),
    );
  });
});
