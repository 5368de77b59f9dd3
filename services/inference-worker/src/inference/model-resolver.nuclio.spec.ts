import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NuclioError, NuclioErrorCode, type NuclioInvoker } from "@prelabel/nuclio";
import { FrameFailureCode } from "@prelabel/proto";
import type { DecodedImage } from "./decoded-image.js";
import { FrameFailure } from "./inference.errors.js";
import type { RegistryModel } from "./model-artifact.js";
import { ModelCatalog } from "./model-catalog.js";
import { ModelResolver, type NuclioRuntime } from "./model-resolver.js";
import { NuclioDetectionModel } from "./nuclio/nuclio-detection.model.js";
import type { NuclioModelSpec } from "./nuclio/nuclio-model.types.js";

const T = "default";
const ref = { id: "yolov7", runtime: "nuclio" };
const frame: DecodedImage = { width: 4, height: 4, data: new Uint8Array(48) };

const fn = (url: string, over: Partial<NuclioModelSpec> = {}): RegistryModel => ({
  id: "yolov7",
  runtime: "nuclio",
  artifacts: [],
  onnxDetector: null,
  nuclio: {
    functionName: "onnx-wongkinyiu-yolov7",
    invokeMethod: "direct",
    invokeUrl: url,
    project: "cvat",
    namespace: "nuclio",
    tenantId: T,
    labelTypes: new Map([["car", "rectangle"]]),
    ...over,
  },
});

function setup(initial: RegistryModel | null, runtime: Partial<NuclioRuntime> | null = {}) {
  const registry = { model: initial, asked: 0 };
  let clock = 1_000;
  const urls: string[] = [];
  const invoker: NuclioInvoker = {
    detect: async (target) => {
      urls.push(target.method === "direct" ? target.url : target.dashboardUrl);
      return [];
    },
  };
  const resolver = new ModelResolver({
    catalog: new ModelCatalog({
      createSession: async () => assert.fail(),
      sessionOptions: { intraOpNumThreads: 1 },
      artifactPath: async () => "",
    }),
    directory: { describe: async () => (registry.asked++, registry.model) },
    expectArtifacts: () => undefined,
    fetchArtifact: async () => assert.fail("no artifacts"),
    uploadContext: { createSession: async () => assert.fail(), sessionOptions: { intraOpNumThreads: 1 } },
    ...(runtime
      ? { nuclio: { invoker, limits: { timeoutMs: 30_000, maxConcurrencyPerFunction: 2 }, descriptorTtlMs: 30_000, ...runtime } }
      : {}),
    now: () => clock,
  });
  return { resolver, registry, urls, advance: (ms: number) => void (clock += ms) };
}

const failure = (code: FrameFailureCode) => (err: unknown) => {
  assert.ok(err instanceof FrameFailure, String(err));
  assert.equal(err.code, code);
  return true;
};

describe("ModelResolver: Nuclio functions (runtime nuclio)", () => {
  it("resolves a NuclioDetectionModel calling the descriptor's function, kept while the descriptor is fresh", async () => {
    const { resolver, registry, urls } = setup(fn("http://10.0.0.5:32768"));
    const model = await resolver.resolve(T, ref);
    assert.ok(model instanceof NuclioDetectionModel);
    assert.equal(await resolver.resolve(T, ref), model);
    await model.detect(frame, { threshold: 0.5, returnMasks: false });
    assert.deepEqual(urls, ["http://10.0.0.5:32768"]);
    assert.equal(registry.asked, 1);
  });

  it("describes a Nuclio model again after the TTL, picking up a changed URL", async () => {
    const { resolver, registry, urls, advance } = setup(fn("http://10.0.0.5:32768"));
    await resolver.resolve(T, ref);
    registry.model = fn("http://10.0.0.9:32770");
    advance(29_999);
    assert.equal(registry.asked, (await resolver.resolve(T, ref), 1), "still fresh");
    advance(1);
    const model = (await resolver.resolve(T, ref)) as NuclioDetectionModel;
    assert.equal(registry.asked, 2);
    await model.detect(frame, { threshold: 0.5, returnMasks: false });
    assert.deepEqual(urls, ["http://10.0.0.9:32770"]);
  });

  it("fails FUNCTION_REMOVED, not MODEL_UNAVAILABLE, when the registry no longer knows a Nuclio model it described", async () => {
    const { resolver, registry, advance } = setup(fn("http://10.0.0.5:32768"));
    await resolver.resolve(T, { id: "yolov7", runtime: "" });
    registry.model = null;
    advance(30_000);
    await assert.rejects(resolver.resolve(T, { id: "yolov7", runtime: "" }), failure(FrameFailureCode.FUNCTION_REMOVED));
  });

  it("fails FUNCTION_REMOVED for an unknown model whose frame names the nuclio runtime, even on a worker that never described it", async () => {
    const { resolver } = setup(null);
    await assert.rejects(resolver.resolve(T, ref), failure(FrameFailureCode.FUNCTION_REMOVED));
    assert.equal(await resolver.resolve(T, { id: "yolov7", runtime: "onnx-detector" }), undefined, "other runtimes: unknown");
  });

  it("forgets the descriptor when the invoker says the function was removed, so the next frame asks the registry", async () => {
    const { resolver, registry } = setup(fn("http://10.0.0.5:32768"), {
      invoker: { detect: async () => Promise.reject(new NuclioError(NuclioErrorCode.FunctionRemoved, "404 from the dashboard")) },
    });
    const model = (await resolver.resolve(T, ref)) as NuclioDetectionModel;
    await assert.rejects(model.detect(frame, { threshold: 0.5, returnMasks: false }), failure(FrameFailureCode.FUNCTION_REMOVED));
    registry.model = null;
    await assert.rejects(resolver.resolve(T, ref), failure(FrameFailureCode.FUNCTION_REMOVED));
    assert.equal(registry.asked, 2);
  });

  it("fails MODEL_UNAVAILABLE for a descriptor that became unsupported, and without a Nuclio runtime", async () => {
    const unsupported = setup({ ...fn("http://10.0.0.5:32768"), unsupportedReason: "the function is a tracker" });
    await assert.rejects(unsupported.resolver.resolve(T, ref), (err: unknown) => {
      assert.ok(err instanceof FrameFailure && err.code === FrameFailureCode.MODEL_UNAVAILABLE);
      assert.match(err.message, /tracker/);
      return true;
    });
    const none = setup(fn("http://10.0.0.5:32768"), null);
    await assert.rejects(none.resolver.resolve(T, ref), failure(FrameFailureCode.MODEL_UNAVAILABLE));
  });
});
