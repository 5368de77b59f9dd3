import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { fakeCredentials, hfFixtureIds, solidImage } from "@prelabel/hub-fakes";
import { HubError, HubErrorCode } from "../hub.errors.js";
import { resetEnv, startHubTestEnv, type HubTestEnv } from "../hub-test-env.testing.js";

const hasCode = (code: string) => (e: unknown) => e instanceof HubError && e.code === code;

describe("HuggingFaceHub.validate (addHuggingFaceModel's checks)", () => {
  let env: HubTestEnv;
  before(async () => {
    env = await startHubTestEnv();
  });
  after(() => env.close());
  beforeEach(() => resetEnv(env));
  const hf = () => env.hubs.huggingface;

  it("accepts a detector by URL: task, labels as rectangles, pinned revision, served remotely", async () => {
    const d = await hf().validate(env.ctx, { url: "https://huggingface.co/facebook/detr-resnet-50", token: fakeCredentials.hfToken });
    assert.equal(d.hub, "huggingface");
    assert.equal(d.ref, hfFixtureIds.detector);
    assert.equal(d.task, "object-detection");
    assert.deepEqual(d.labels, [
      { id: 1, name: "person", type: "rectangle" },
      { id: 2, name: "bicycle", type: "rectangle" },
      { id: 3, name: "car", type: "rectangle" },
    ]);
    assert.equal(d.revision, "a1".repeat(20));
    assert.equal(d.remote, true);
    assert.equal(d.localOnnx, undefined);
    assert.ok(!JSON.stringify(d).includes(fakeCredentials.hfToken), "the descriptor holds no credential");
    // config.json is read at the commit the info came from.
    assert.match(env.fakes.hfHub.requestsTo("resolve")[0]?.path ?? "", /\/resolve\/a1a1/);
  });

  it("maps segmentation to masks and classification to tags", async () => {
    const seg = await hf().validate(env.ctx, { repoId: hfFixtureIds.segmenter });
    assert.deepEqual(
      seg.labels.map((l) => [l.name, l.type]),
      [
        ["person", "mask"],
        ["car", "mask"],
        ["sky", "mask"],
      ],
    );
    const cls = await hf().validate(env.ctx, { repoId: hfFixtureIds.classifier });
    assert.equal(cls.task, "image-classification");
    assert.ok(cls.labels.every((l) => l.type === "tag"));
    assert.equal(cls.labels.find((l) => l.name === "tabby cat")?.id, 281);
  });

  it("accepts a zero-shot detector with no fixed labels", async () => {
    const d = await hf().validate(env.ctx, { repoId: hfFixtureIds.zeroShot });
    assert.equal(d.task, "zero-shot-object-detection");
    assert.deepEqual(d.labels, []);
  });

  it("an unknown repo is HUB_NOT_FOUND", async () => {
    await assert.rejects(hf().validate(env.ctx, { repoId: "nobody/nothing" }), hasCode(HubErrorCode.NotFound));
  });

  it("an unsupported task is HUB_UNSUPPORTED_TASK, naming the task", async () => {
    await assert.rejects(hf().validate(env.ctx, { repoId: hfFixtureIds.unsupported }), (e: HubError) => {
      return e.code === HubErrorCode.UnsupportedTask && /automatic-speech-recognition/.test(e.message);
    });
  });

  it("a bad token is HUB_UNAUTHORIZED", async () => {
    await assert.rejects(
      hf().validate(env.ctx, { repoId: hfFixtureIds.detector, token: fakeCredentials.hfTokenUnknown }),
      hasCode(HubErrorCode.Unauthorized),
    );
  });

  it("private repos need a token that can see them", async () => {
    await assert.rejects(hf().validate(env.ctx, { repoId: hfFixtureIds.private }), hasCode(HubErrorCode.NotFound));
    const d = await hf().validate(env.ctx, { repoId: hfFixtureIds.private, token: fakeCredentials.hfTokenGranted });
    assert.deepEqual(d.access, { private: true, gated: false });
  });

  it("gated repos without access are HUB_FORBIDDEN; with access they pass", async () => {
    await assert.rejects(
      hf().validate(env.ctx, { repoId: hfFixtureIds.gated, token: fakeCredentials.hfToken }),
      hasCode(HubErrorCode.Forbidden),
    );
    const d = await hf().validate(env.ctx, { repoId: hfFixtureIds.gated, token: fakeCredentials.hfTokenGranted });
    assert.deepEqual(d.access, { private: false, gated: true });
  });

  it("offers a DETR or YOLO ONNX export to run locally when the provider does not serve the model", async () => {
    const detr = await hf().validate(env.ctx, { repoId: hfFixtureIds.onnxDetr });
    assert.equal(detr.remote, false);
    assert.deepEqual(detr.localOnnx, { path: "onnx/model.onnx", layout: "detr" });
    const yolo = await hf().validate(env.ctx, { repoId: hfFixtureIds.onnxYolo });
    assert.deepEqual(yolo.localOnnx, { path: "onnx/model.onnx", layout: "yolo" });
    assert.deepEqual(
      yolo.labels.map((l) => l.name),
      ["person", "bicycle", "car"],
    );
  });

  it("a model without labels is HUB_NOT_DEPLOYABLE", async () => {
    await assert.rejects(hf().validate(env.ctx, { repoId: hfFixtureIds.noLabels }), hasCode(HubErrorCode.NotDeployable));
  });

  it("a repo without a pipeline tag needs the task named, and a named task must match the tag", async () => {
    await assert.rejects(
      hf().validate(env.ctx, { repoId: hfFixtureIds.untagged }),
      (e: HubError) => e.code === HubErrorCode.UnsupportedTask && /no pipeline tag/.test(e.message),
    );
    const d = await hf().validate(env.ctx, { repoId: hfFixtureIds.untagged, task: "image-classification" });
    assert.deepEqual(
      d.labels.map((l) => l.name),
      ["cat", "dog"],
    );
    await assert.rejects(
      hf().validate(env.ctx, { repoId: hfFixtureIds.detector, task: "image-classification" }),
      hasCode(HubErrorCode.UnsupportedTask),
    );
    await assert.rejects(
      hf().validate(env.ctx, { repoId: hfFixtureIds.detector, task: "keypoint-detection" }),
      hasCode(HubErrorCode.UnsupportedTask),
    );
  });

  it("a URL of another host is HUB_URL_INVALID and nothing is fetched", async () => {
    await assert.rejects(hf().validate(env.ctx, { url: "https://evil.example/facebook/detr-resnet-50" }), hasCode(HubErrorCode.UrlInvalid));
    await assert.rejects(hf().validate(env.ctx, { url: "http://127.0.0.1:22/facebook/detr-resnet-50" }), hasCode(HubErrorCode.UrlInvalid));
    assert.equal(env.fakes.hfHub.requests.length, 0);
  });

  it("an endpoint URL on a host that is not configured is HUB_URL_REFUSED before any call", async () => {
    await assert.rejects(
      hf().validate(env.ctx, { repoId: hfFixtureIds.detector, endpointUrl: "http://169.254.169.254/latest" }),
      hasCode(HubErrorCode.UrlRefused),
    );
    assert.equal(env.fakes.hfHub.requests.length, 0);
  });
});

describe("HuggingFaceHub.infer", () => {
  let env: HubTestEnv;
  before(async () => {
    env = await startHubTestEnv();
  });
  after(() => env.close());
  beforeEach(() => resetEnv(env));

  it("dispatches on the task and reports predictions in the caller's image size", async () => {
    const image = await solidImage(400, 300, "jpeg");
    const r = await env.hubs.huggingface.infer(env.ctx, {
      model: { ref: hfFixtureIds.classifier, task: "image-classification" },
      image,
      credential: fakeCredentials.hfToken,
    });
    assert.equal(r.width, 400);
    assert.equal(r.height, 300);
    assert.deepEqual(r.predictions, [{ type: "tag", label: "tabby cat", score: 0.81 }]);
  });

  it("zero-shot detection needs candidate labels (HUB_BAD_REQUEST, nothing sent)", async () => {
    const image = await solidImage(64, 64);
    await assert.rejects(
      env.hubs.huggingface.infer(env.ctx, {
        model: { ref: hfFixtureIds.zeroShot, task: "zero-shot-object-detection" },
        image,
        credential: fakeCredentials.hfToken,
      }),
      hasCode(HubErrorCode.BadRequest),
    );
    assert.equal(env.fakes.hfInference.requests.length, 0);
  });

  it("an undecodable image is HUB_BAD_REQUEST and is not sent", async () => {
    await assert.rejects(
      env.hubs.huggingface.infer(env.ctx, {
        model: { ref: hfFixtureIds.detector, task: "object-detection" },
        image: Buffer.from("not an image"),
        credential: fakeCredentials.hfToken,
      }),
      hasCode(HubErrorCode.BadRequest),
    );
    assert.equal(env.fakes.hfInference.requests.length, 0);
  });

  it("refuses tasks Hugging Face models do not run here", async () => {
    const image = await solidImage(8, 8);
    await assert.rejects(
      env.hubs.huggingface.infer(env.ctx, { model: { ref: "x/y", task: "keypoint-detection" }, image }),
      hasCode(HubErrorCode.UnsupportedTask),
    );
  });
});
