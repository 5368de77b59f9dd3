import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NuclioError, NuclioErrorCode, type NuclioDetection, type NuclioInvoker } from "@prelabel/nuclio";
import { FrameFailureCode } from "@prelabel/proto";
import sharp from "sharp";
import type { DecodedImage } from "../decoded-image.js";
import { FrameFailure } from "../inference.errors.js";
import { NuclioDetectionModel, wireThreshold } from "./nuclio-detection.model.js";
import type { NuclioModelSpec } from "./nuclio-model.types.js";

type Call = Parameters<NuclioInvoker["detect"]>;

const spec: NuclioModelSpec = {
  functionName: "onnx-wongkinyiu-yolov7",
  invokeMethod: "dashboard",
  invokeUrl: "http://nuclio:8070",
  project: "cvat",
  namespace: "nuclio",
  tenantId: "default",
  maxConcurrency: 1,
  labelTypes: new Map([
    ["car", "rectangle"],
    ["person", "rectangle"],
  ]),
};
const limits = { timeoutMs: 30_000, maxConcurrencyPerFunction: 2 };
const image: DecodedImage = { width: 8, height: 6, data: new Uint8Array(8 * 6 * 3).fill(120) };

function model(answer: (call: Call) => Promise<NuclioDetection[]>, over: Partial<NuclioModelSpec> = {}) {
  const calls: Call[] = [];
  const events = { removed: 0, outcomes: [] as string[] };
  const invoker: NuclioInvoker = { detect: (...call) => (calls.push(call), answer(call)) };
  const m = new NuclioDetectionModel({
    modelId: "m1",
    spec: { ...spec, ...over },
    invoker,
    limits,
    onRemoved: () => void events.removed++,
    onCall: (o) => void events.outcomes.push(o),
  });
  return { m, calls, events };
}

const car = (confidence: number | null): NuclioDetection => ({
  label: "car",
  confidence,
  type: "rectangle",
  points: [1, 1, 4, 5],
  mask: null,
  attributes: [],
  elements: [],
  outside: false,
  occluded: false,
});

describe("NuclioDetectionModel", () => {
  it("calls the dashboard target with the frame's stored bytes, the threshold, the tighter limits and the declared label types", async () => {
    const stored = new Uint8Array(
      await sharp(image.data, { raw: { width: 8, height: 6, channels: 3 } })
        .png()
        .toBuffer(),
    );
    const { m, calls, events } = model(async () => [car(0.9), car(0.2)]);
    const out = await m.detect(image, { threshold: 0.3, returnMasks: false, encoded: stored });
    assert.deepEqual(
      out.map((d) => d.score),
      [0.9],
    );
    const [target, request, options] = calls[0];
    assert.deepEqual(target, {
      method: "dashboard",
      dashboardUrl: "http://nuclio:8070",
      functionName: spec.functionName,
      project: "cvat",
      namespace: "nuclio",
    });
    assert.equal(request.image, stored);
    assert.equal(request.threshold, 0.3);
    assert.equal(options.tenantId, "default");
    assert.equal(options.maxConcurrency, 1, "the function's maxWorkers (1) is below the worker's 2");
    assert.equal(options.timeoutMs, 30_000);
    assert.equal(options.labelTypes?.get("car"), "rectangle");
    assert.deepEqual(events.outcomes, ["ok"]);
  });

  it("sends a JPEG of the decoded pixels when the stored bytes are in a format a PIL function may not read", async () => {
    const tiff = new Uint8Array(
      await sharp(image.data, { raw: { width: 8, height: 6, channels: 3 } })
        .tiff()
        .toBuffer(),
    );
    const { m, calls } = model(async () => []);
    await m.detect(image, { threshold: 0.5, returnMasks: false, encoded: tiff });
    assert.equal((await sharp(calls[0][1].image).metadata()).format, "jpeg");
  });

  it("calls a direct target at its URL; the worker's limits win when the descriptor's are looser", async () => {
    const { m, calls } = model(async () => [], {
      invokeMethod: "direct",
      invokeUrl: "http://10.0.0.5:32768",
      timeoutMs: 60_000,
      maxConcurrency: 8,
    });
    await m.detect(image, { threshold: 0.5, returnMasks: false });
    assert.deepEqual(calls[0][0], { method: "direct", url: "http://10.0.0.5:32768", functionName: spec.functionName });
    assert.equal(calls[0][2].timeoutMs, 30_000);
    assert.equal(calls[0][2].maxConcurrency, 2);
  });

  const cases: [NuclioErrorCode, FrameFailureCode][] = [
    [NuclioErrorCode.FunctionError, FrameFailureCode.FUNCTION_ERROR],
    [NuclioErrorCode.FunctionTimeout, FrameFailureCode.FUNCTION_TIMEOUT],
    [NuclioErrorCode.FunctionBadResponse, FrameFailureCode.FUNCTION_BAD_RESPONSE],
    [NuclioErrorCode.FunctionUnavailable, FrameFailureCode.FUNCTION_UNAVAILABLE],
    [NuclioErrorCode.FunctionRemoved, FrameFailureCode.FUNCTION_REMOVED],
    [NuclioErrorCode.UrlRefused, FrameFailureCode.FUNCTION_UNAVAILABLE],
  ];
  for (const [nuclioCode, frameCode] of cases) {
    it(`fails the frame ${frameCode} on ${nuclioCode}`, async () => {
      const { m, events } = model(async () => {
        throw new NuclioError(nuclioCode, "HTTP 500 from the function");
      });
      const err = await m.detect(image, { threshold: 0.5, returnMasks: false }).then(
        () => assert.fail("resolved"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof FrameFailure);
      assert.equal(err.code, frameCode);
      assert.match(err.message, /onnx-wongkinyiu-yolov7/);
      if (nuclioCode === NuclioErrorCode.UrlRefused) assert.match(err.message, /refused its address/);
      assert.equal(events.removed, nuclioCode === NuclioErrorCode.FunctionRemoved ? 1 : 0);
      assert.deepEqual(events.outcomes, [frameCode]);
    });
  }

  it("lets other errors through (the consumer retries them, then INFERENCE_ERROR)", async () => {
    const { m } = model(async () => {
      throw new TypeError("bug");
    });
    await assert.rejects(m.detect(image, { threshold: 0.5, returnMasks: false }), TypeError);
  });

  it("passes the cancel signal on and rejects with an AbortError when it fires, whatever the invoker threw", async () => {
    const controller = new AbortController();
    const { m, calls, events } = model(
      (call) =>
        new Promise((_, reject) =>
          call[2].signal?.addEventListener("abort", () => reject(new NuclioError(NuclioErrorCode.FunctionTimeout, "aborted"))),
        ),
    );
    const running = m.detect(image, { threshold: 0.5, returnMasks: false, signal: controller.signal });
    // The JPEG is encoded first (sharp, off the loop): wait for the call itself.
    for (let i = 0; !calls.length && i < 400; i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(calls[0][2].signal, controller.signal);
    controller.abort();
    await assert.rejects(running, { name: "AbortError" });
    assert.deepEqual(events.outcomes, ["cancelled"]);
  });

  it("does not call at all for an already cancelled job", async () => {
    const { m, calls } = model(async () => []);
    await assert.rejects(m.detect(image, { threshold: 0.5, returnMasks: false, signal: AbortSignal.abort() }), { name: "AbortError" });
    assert.equal(calls.length, 0);
  });
});

describe("wireThreshold", () => {
  it("sends the threshold the user set, not its float32 image", () => {
    assert.equal(wireThreshold(Math.fround(0.3)), 0.3);
    assert.equal(wireThreshold(Math.fround(0.55)), 0.55);
    assert.equal(wireThreshold(Math.fround(0.01)), 0.01);
    assert.equal(wireThreshold(1), 1);
  });
});
