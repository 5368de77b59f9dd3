import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DetectionModel } from "./detection-model.js";
import type { ModelArtifact, RegistryModel } from "./model-artifact.js";
import { ModelCatalog } from "./model-catalog.js";
import type { ModelSession } from "./model-session.js";
import { ModelResolver, type HubRuntime } from "./model-resolver.js";
import { SecretBox } from "@prelabel/secret-box";
import { yoloV8DetectorSpec } from "@prelabel/testing";
import { HubError, HubErrorCode } from "@prelabel/hubs";
import { FrameFailureCode } from "@prelabel/proto";
import { FrameFailure } from "./inference.errors.js";
import { HubDetectionModel } from "./hub/hub-detection.model.js";
import { OnnxDetectorModel } from "./onnx-detector/onnx-detector.model.js";
import type { OnnxDetectorSpec } from "./onnx-detector/onnx-detector.types.js";

const fakeSession = (): ModelSession & { released: number } => {
  const s = {
    inputNames: ["images"],
    outputNames: ["output0"],
    released: 0,
    run: async () => ({}),
    release: async () => void s.released++,
  };
  return s;
};
const spec: OnnxDetectorSpec = yoloV8DetectorSpec({ inputWidth: 64, inputHeight: 64, classNames: ["", "cat", "dog"] });
const artifact: ModelArtifact = { name: "model", sha256: "ab".repeat(32), sizeBytes: 10 };

/** The tenant the frames' jobs belong to. */
const T = "tenant-a";

/** `owners`: models only their tenant sees (the registry answers null to others); the rest are catalog models. */
function setup(models: Record<string, RegistryModel>, hubs?: HubRuntime, owners: Record<string, string> = {}) {
  const calls = { describe: [] as string[], expect: [] as string[], fetch: [] as string[], sessions: [] as string[], textLoads: 0 };
  let failNext = false;
  const textModel: DetectionModel = { labels: ["text"], detect: async () => [] };
  const catalog = new ModelCatalog({
    createSession: async () => fakeSession(),
    sessionOptions: { intraOpNumThreads: 1 },
    artifactPath: async () => "/nowhere",
  }).register({
    descriptor: { id: "text-detection", kind: "detector", name: "t", version: "1", labels: [{ id: 0, name: "text", shapes: ["polygon"] }] },
    load: async () => (calls.textLoads++, { model: textModel, release: async () => {} }),
  });
  const resolver = new ModelResolver({
    catalog,
    directory: {
      describe: async (tenantId, id) => {
        calls.describe.push(tenantId === T ? id : `${tenantId}:${id}`);
        if (owners[id] && owners[id] !== tenantId) return null;
        if (failNext) {
          failNext = false;
          throw new Error("registry did not answer");
        }
        return models[id] ?? null;
      },
    },
    expectArtifacts: (id, artifacts) => void calls.expect.push(`${id}:${artifacts.map((a) => a.name).join(",")}`),
    fetchArtifact: async (a) => (calls.fetch.push(a.sha256), `/cache/${a.sha256}.onnx`),
    uploadContext: {
      createSession: async (path) => (calls.sessions.push(path), fakeSession()),
      sessionOptions: { intraOpNumThreads: 1 },
    },
    ...(hubs ? { hubs } : {}),
  });
  return { resolver, calls, textModel, failNextDescribe: () => void (failNext = true) };
}

describe("ModelResolver: model id → model, through the registry's descriptor", () => {
  const catalogModel: RegistryModel = {
    id: "text-detection",
    runtime: "catalog:text-detection",
    artifacts: [{ ...artifact, name: "weights" }],
    onnxDetector: null,
  };
  const uploaded: RegistryModel = { id: "pets-0a1b2c", runtime: "onnx-detector", artifacts: [artifact], onnxDetector: spec };

  it("runs a catalog runtime with the built-in entry, telling the artifact check what the registry lists first", async () => {
    const { resolver, calls, textModel } = setup({ "text-detection": catalogModel });
    const ref = { id: "text-detection", runtime: "catalog:text-detection" };
    assert.equal(await resolver.resolve(T, ref), textModel);
    assert.equal(await resolver.resolve(T, ref), textModel);
    assert.deepEqual(calls.describe, ["text-detection"], "described once, then kept");
    assert.deepEqual([...new Set(calls.expect)], ["text-detection:weights"]);
    assert.equal(calls.textLoads, 1);
  });

  it("downloads an uploaded model's file by digest and runs it as an OnnxDetectorModel, once", async () => {
    const { resolver, calls } = setup({ [uploaded.id]: uploaded });
    const ref = { id: uploaded.id, runtime: "onnx-detector" };
    const [a, b] = await Promise.all([resolver.resolve(T, ref), resolver.resolve(T, ref)]);
    assert.ok(a instanceof OnnxDetectorModel);
    assert.equal(a, b);
    assert.deepEqual(a.labels, ["cat", "dog"]);
    assert.deepEqual(calls.fetch, [artifact.sha256]);
    assert.deepEqual(calls.sessions, [`/cache/${artifact.sha256}.onnx`]);
    await resolver.dispose();
  });

  it("answers undefined for models the registry does not know (asking again next time) and for runtimes it cannot run", async () => {
    const { resolver, calls } = setup({
      elsewhere: { ...catalogModel, id: "elsewhere", runtime: "catalog:no-such-entry" },
      odd: { ...catalogModel, id: "odd", runtime: "tensorflow" },
    });
    assert.equal(await resolver.resolve(T, { id: "gone", runtime: "onnx-detector" }), undefined);
    assert.equal(await resolver.resolve(T, { id: "gone", runtime: "onnx-detector" }), undefined);
    assert.equal(await resolver.resolve(T, { id: "elsewhere", runtime: "catalog:no-such-entry" }), undefined);
    assert.equal(await resolver.resolve(T, { id: "odd", runtime: "tensorflow" }), undefined);
    assert.deepEqual(calls.describe, ["gone", "gone", "elsewhere", "odd"]);
  });

  it("describes per tenant: another tenant's model is unknown to a frame of this tenant, and its answer is not reused", async () => {
    const { resolver, calls } = setup({ [uploaded.id]: uploaded }, undefined, { [uploaded.id]: "tenant-b" });
    const ref = { id: uploaded.id, runtime: "onnx-detector" };
    assert.equal(await resolver.resolve(T, ref), undefined, "tenant-a cannot run tenant-b's model");
    assert.ok((await resolver.resolve("tenant-b", ref)) instanceof OnnxDetectorModel, "its owner can");
    assert.equal(await resolver.resolve(T, ref), undefined, "the owner's descriptor is not handed to tenant-a");
    assert.deepEqual(calls.describe, [uploaded.id, `tenant-b:${uploaded.id}`, uploaded.id]);
    await resolver.dispose();
  });

  it("lets a registry that did not answer be asked again", async () => {
    const { resolver, calls, failNextDescribe, textModel } = setup({ "text-detection": catalogModel });
    failNextDescribe();
    await assert.rejects(resolver.resolve(T, { id: "text-detection", runtime: "catalog:text-detection" }), /did not answer/);
    assert.equal(await resolver.resolve(T, { id: "text-detection", runtime: "catalog:text-detection" }), textModel);
    assert.equal(calls.describe.length, 2);
  });

  it("fails to load an uploaded model whose descriptor lacks its file or spec", async () => {
    const { resolver } = setup({ broken: { ...uploaded, id: "broken", artifacts: [] } });
    await assert.rejects(resolver.resolve(T, { id: "broken", runtime: "onnx-detector" }), (err: any) => {
      assert.equal(err.code, "MODEL_LOAD_FAILED");
      assert.match(String(err.cause?.message), /lists no "model" artifact/);
      return true;
    });
  });

  it("preloads the built-in entries through their descriptors, reporting those that fail", async () => {
    const { resolver, calls } = setup({});
    const failed: string[] = [];
    await resolver.preloadCatalog(T, (id) => void failed.push(id));
    assert.deepEqual(calls.describe, ["text-detection"]);
    assert.equal(calls.textLoads, 0, "not described by the registry: not loaded");
    assert.deepEqual(failed, []);
  });

  describe("hub models (runtime hub)", () => {
    const box = new SecretBox([{ id: "k1", key: new Uint8Array(32).fill(7) }]);
    const hubModel = (credentialFor: string): RegistryModel => ({
      id: "hf-detr-1",
      runtime: "hub",
      artifacts: [],
      onnxDetector: null,
      hub: {
        provider: "huggingface",
        modelRef: "facebook/detr-resnet-50",
        task: "object-detection",
        tenantId: "acme",
        labels: ["cat"],
        credential: box.seal("hf_token_value", credentialFor),
      },
    });
    const ref = { id: "hf-detr-1", runtime: "hub" };
    const sent: (string | undefined)[] = [];
    const runtime: HubRuntime = {
      huggingface: { infer: async (_ctx, r) => (sent.push(r.credential), { width: 2, height: 2, predictions: [] }) },
      roboflow: { infer: async () => assert.fail("not the provider") },
      secretBox: box,
    };
    const frame = { width: 2, height: 2, data: new Uint8Array(12) };

    it("fails CLOUD_ONLY, once and for good, when the worker has no hub runtime (self-hosted)", async () => {
      const { resolver } = setup({ "hf-detr-1": hubModel("acme/hf-detr-1") });
      await assert.rejects(
        resolver.resolve(T, ref),
        (err: unknown) => err instanceof FrameFailure && err.code === FrameFailureCode.CLOUD_ONLY && err.requeueAfterMs === undefined,
      );
    });

    it("opens the credential with the context <tenant>/<model id> and calls the provider's hub with it", async () => {
      const { resolver, calls } = setup({ "hf-detr-1": hubModel("acme/hf-detr-1") }, runtime);
      const model = await resolver.resolve(T, ref);
      assert.ok(model instanceof HubDetectionModel);
      assert.equal(await resolver.resolve(T, ref), model, "kept");
      await model.detect(frame, { threshold: 0.5, returnMasks: false });
      assert.deepEqual(sent, ["hf_token_value"]);
      assert.deepEqual(calls.describe, ["hf-detr-1"]);
    });

    it("fails MODEL_UNAVAILABLE when the credential was sealed for another record", async () => {
      const { resolver } = setup({ "hf-detr-1": hubModel("other/hf-detr-1") }, runtime);
      await assert.rejects(resolver.resolve(T, ref), (err: unknown) => {
        assert.ok(err instanceof FrameFailure && err.code === FrameFailureCode.MODEL_UNAVAILABLE, String(err));
        assert.doesNotMatch(err.message, /hf_token_value/);
        return true;
      });
    });

    it("describes the model again after the hub rejects its credential", async () => {
      const rejecting: HubRuntime = {
        ...runtime,
        huggingface: { infer: async () => Promise.reject(new HubError(HubErrorCode.Unauthorized, "bad token", { status: 401 })) },
      };
      const { resolver, calls } = setup({ "hf-detr-1": hubModel("acme/hf-detr-1") }, rejecting);
      const model = (await resolver.resolve(T, ref)) as DetectionModel;
      await assert.rejects(model.detect(frame, { threshold: 0.5, returnMasks: false }), FrameFailure);
      assert.notEqual(await resolver.resolve(T, ref), model);
      assert.deepEqual(calls.describe, ["hf-detr-1", "hf-detr-1"]);
    });
  });
});
