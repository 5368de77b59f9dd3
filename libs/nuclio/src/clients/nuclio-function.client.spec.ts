import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { Clock } from "@prelabel/hubs";
import { nuclioFaults, nuclioFixture, nuclioFixtureNames, solidImage, startNuclioFakes, type NuclioFakes } from "@prelabel/hub-fakes";
import { NuclioAddressPolicy } from "../nuclio-address.policy.js";
import { NuclioErrorCode, type NuclioError, type NuclioInvokeTarget } from "../nuclio.types.js";
import { HttpNuclioInvoker, type HttpNuclioInvokerOptions, type NuclioInvokerEvent } from "./nuclio-function.client.js";

const loopback = new NuclioAddressPolicy({ privateHosts: ["127.0.0.1"] });

/** Real timeouts, instant sleeps (recorded), and a `now` tests can move forward for the breaker's cooldown. */
function testClock() {
  const sleeps: number[] = [];
  let offset = 0;
  const clock: Clock = {
    now: () => Date.now() + offset,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
    },
    timeout: (ms) => AbortSignal.timeout(ms),
  };
  return { clock, sleeps, advance: (ms: number) => (offset += ms) };
}

describe("HttpNuclioInvoker against the Nuclio fakes", () => {
  let fakes: NuclioFakes;
  let image: Buffer;
  const invokers: HttpNuclioInvoker[] = [];
  const make = (options: Partial<HttpNuclioInvokerOptions> = {}) => {
    const t = testClock();
    const events: NuclioInvokerEvent[] = [];
    const invoker = new HttpNuclioInvoker({
      policy: loopback,
      clock: t.clock,
      random: () => 0.5,
      onEvent: (e) => events.push(e),
      ...options,
    });
    invokers.push(invoker);
    return { invoker, events, ...t };
  };
  const viaDashboard = (functionName: string): NuclioInvokeTarget => ({
    method: "dashboard",
    dashboardUrl: fakes.url,
    functionName,
    project: "cvat",
    namespace: "nuclio",
  });
  const direct = (functionName: string): NuclioInvokeTarget => ({
    method: "direct",
    url: `${fakes.dashboard.fn(functionName).url}/`,
    functionName,
  });
  const call = { tenantId: "t1" };

  before(async () => {
    fakes = await startNuclioFakes();
    image = await solidImage(200, 100);
  });
  after(async () => {
    invokers.forEach((i) => i.close());
    await fakes.close();
  });
  beforeEach(() => fakes.reset());

  it("through the dashboard: CVAT's headers and body, detections parsed with numeric confidences", async () => {
    const { invoker } = make({ timeoutMs: 20_000 });
    const detections = await invoker.detect(viaDashboard(nuclioFixtureNames.yolov7), { image, threshold: 0.5 }, call);
    assert.deepEqual(
      detections.map((d) => [d.label, d.confidence, d.type, d.points]),
      [
        ["person", 0.93, "rectangle", [20, 20, 70, 90]],
        ["car", 0.81, "rectangle", [100, 55, 190, 85]],
      ],
    );
    const [req] = fakes.dashboard.requestsTo("invocations");
    assert.deepEqual(
      [
        "x-nuclio-function-name",
        "x-nuclio-function-namespace",
        "x-nuclio-project-name",
        "x-nuclio-path",
        "x-nuclio-invoke-via",
        "x-nuclio-invoke-timeout",
        "content-type",
      ].map((h) => req.headers[h]),
      [nuclioFixtureNames.yolov7, "nuclio", "cvat", "/", "domain-name", "20s", "application/json"],
    );
    assert.deepEqual(JSON.parse(req.body.toString()), { image: image.toString("base64"), threshold: 0.5 });
  });

  it("directly: masks, skeletons and attributes come through", async () => {
    const { invoker } = make();
    const [mask] = await invoker.detect(direct(nuclioFixtureNames.maskRcnn), { image, threshold: 0.9 }, call);
    assert.equal(mask.type, "mask");
    assert.deepEqual([mask.mask?.left, mask.mask?.top, mask.mask?.right, mask.mask?.bottom], [20, 10, 79, 89]);
    assert.equal(mask.points.length, 16);
    const [person] = await invoker.detect(direct(nuclioFixtureNames.pose), { image, threshold: 0.5 }, call);
    assert.equal(person.elements.length, 13);
    const faces = await invoker.detect(direct(nuclioFixtureNames.faceDetection), { image, threshold: 0.5 }, call);
    assert.deepEqual(faces[0].attributes, [
      { name: "age", value: "34" },
      { name: "gender", value: "female" },
      { name: "emotion", value: "happy" },
    ]);
  });

  it("503 then ok: retried after backoff, one success, events for the attempt and the retry", async () => {
    const { invoker, sleeps, events } = make({ baseDelayMs: 400 });
    const fn = fakes.dashboard.fn(nuclioFixtureNames.yolov7);
    fn.inject("invoke", nuclioFaults.unavailable(), nuclioFaults.unavailable());
    const detections = await invoker.detect(viaDashboard(nuclioFixtureNames.yolov7), { image, threshold: 0.5 }, call);
    assert.equal(detections.length, 2);
    assert.equal(fn.calls, 3);
    assert.deepEqual(sleeps, [200, 400], "full jitter at 0.5 of 400 ms, then 800 ms");
    assert.deepEqual(
      events.filter((e) => e.type === "retry").map((e) => e.type === "retry" && [e.attempt, e.reason, e.status]),
      [
        [1, "status", 503],
        [2, "status", 503],
      ],
    );
    assert.deepEqual(
      events.filter((e) => e.type === "attempt").map((e) => e.type === "attempt" && e.outcome),
      ["status", "status", "ok"],
    );
  });

  it("honours Retry-After; a longer wait than allowed ends the call at once with retryAfterMs", async () => {
    const { invoker, sleeps } = make();
    const fn = fakes.dashboard.fn(nuclioFixtureNames.yolov7);
    fn.inject("invoke", nuclioFaults.unavailable(2));
    await invoker.detect(direct(nuclioFixtureNames.yolov7), { image, threshold: 0.5 }, call);
    assert.deepEqual(sleeps, [2_000]);
    fn.inject("invoke", nuclioFaults.unavailable(120));
    await assert.rejects(invoker.detect(direct(nuclioFixtureNames.yolov7), { image, threshold: 0.5 }, call), (err: NuclioError) => {
      assert.equal(err.code, NuclioErrorCode.FunctionUnavailable);
      assert.deepEqual(err.details, { status: 503, retryAfterMs: 120_000 });
      return true;
    });
    assert.equal(fn.calls, 3);
  });

  it("a 500 traceback is FUNCTION_ERROR at once, naming the exception line", async () => {
    const { invoker } = make();
    const fn = fakes.dashboard.fn(nuclioFixtureNames.retinanet);
    fn.inject("invoke", nuclioFaults.traceback());
    await assert.rejects(
      invoker.detect(viaDashboard(nuclioFixtureNames.retinanet), { image, threshold: 0.5 }, call),
      (err: NuclioError) => {
        assert.equal(err.code, NuclioErrorCode.FunctionError);
        assert.equal(err.details.status, 500);
        assert.match(err.message, /answered HTTP 500: PIL.UnidentifiedImageError/);
        return true;
      },
    );
    assert.equal(fn.calls, 1);
  });

  it("garbage, NaN coordinates, not a list, wrong point counts: FUNCTION_BAD_RESPONSE, not retried", async () => {
    const { invoker } = make();
    const fn = fakes.dashboard.fn(nuclioFixtureNames.retinanet);
    fn.inject("invoke", nuclioFaults.garbage(), nuclioFaults.nanCoordinates(), nuclioFaults.notAList(), nuclioFaults.wrongPointCount());
    for (const message of [/not JSON/, /not JSON/, /not a JSON list/, /item\[0\]\.points has 3 values/]) {
      await assert.rejects(invoker.detect(direct(nuclioFixtureNames.retinanet), { image, threshold: 0.5 }, call), (err: NuclioError) => {
        assert.equal(err.code, NuclioErrorCode.FunctionBadResponse);
        assert.match(err.message, message);
        return true;
      });
    }
    assert.equal(fn.calls, 4);
  });

  it("connection resets are retried; exhausted they are FUNCTION_UNAVAILABLE", async () => {
    const { invoker } = make({ maxAttempts: 3 });
    const fn = fakes.dashboard.fn(nuclioFixtureNames.yolov3);
    fn.inject("invoke", nuclioFaults.reset());
    assert.equal((await invoker.detect(direct(nuclioFixtureNames.yolov3), { image, threshold: 0.5 }, call)).length, 2);
    fn.inject("invoke", nuclioFaults.reset(), nuclioFaults.reset(), nuclioFaults.reset());
    await assert.rejects(invoker.detect(direct(nuclioFixtureNames.yolov3), { image, threshold: 0.5 }, call), (err: NuclioError) => {
      assert.equal(err.code, NuclioErrorCode.FunctionUnavailable);
      assert.match(err.message, /3 attempts/);
      return true;
    });
    assert.equal(fn.calls, 5);
  });

  it("silence is FUNCTION_TIMEOUT after the attempts; a dashboard's 504 too", async () => {
    const { invoker } = make({ timeoutMs: 150, maxAttempts: 2 });
    const fn = fakes.dashboard.fn(nuclioFixtureNames.yolov3);
    fn.inject("invoke", nuclioFaults.hang(), nuclioFaults.hang());
    await assert.rejects(invoker.detect(direct(nuclioFixtureNames.yolov3), { image, threshold: 0.5 }, call), (err: NuclioError) => {
      assert.equal(err.code, NuclioErrorCode.FunctionTimeout);
      return true;
    });
    assert.equal(fn.calls, 2);
    fakes.dashboard.inject("invocations", nuclioFaults.unavailable(), {
      kind: "status",
      status: 504,
      json: { error: "Function invocation timed out" },
    });
    const slow = make({ maxAttempts: 2 });
    await assert.rejects(
      slow.invoker.detect(viaDashboard(nuclioFixtureNames.yolov3), { image, threshold: 0.5 }, call),
      (err: NuclioError) => {
        assert.deepEqual([err.code, err.details.status], [NuclioErrorCode.FunctionTimeout, 504]);
        return true;
      },
    );
  });

  it("a function the dashboard no longer knows is FUNCTION_REMOVED; its closed port directly is FUNCTION_UNAVAILABLE", async () => {
    const { invoker } = make({ maxAttempts: 2 });
    const target = direct(nuclioFixtureNames.transt);
    await fakes.dashboard.remove(nuclioFixtureNames.transt);
    await assert.rejects(invoker.detect(viaDashboard(nuclioFixtureNames.transt), { image, threshold: 0.5 }, call), (err: NuclioError) => {
      assert.deepEqual([err.code, err.details.status], [NuclioErrorCode.FunctionRemoved, 404]);
      return true;
    });
    await assert.rejects(
      invoker.detect(target, { image, threshold: 0.5 }, call),
      (err: NuclioError) => err.code === NuclioErrorCode.FunctionUnavailable,
    );
    await fakes.dashboard.deploy(nuclioFixture(nuclioFixtureNames.transt));
  });

  it("at most maxConcurrency calls per (tenant, function) reach a function; tenants have their own lanes", async () => {
    const slow = await startNuclioFakes({ fixtures: [nuclioFixture(nuclioFixtureNames.yolov7)], latencyMs: 40 });
    try {
      const { invoker } = make({ maxConcurrency: 1 });
      const fn = slow.dashboard.fn(nuclioFixtureNames.yolov7);
      const target: NuclioInvokeTarget = { method: "direct", url: fn.url, functionName: nuclioFixtureNames.yolov7 };
      await Promise.all(
        Array.from({ length: 6 }, () => invoker.detect(target, { image, threshold: 0.5 }, { tenantId: "a", maxConcurrency: 2 })),
      );
      assert.equal(fn.peakInFlight, 2);
      fn.reset();
      await Promise.all(
        Array.from({ length: 6 }, (_, i) => invoker.detect(target, { image, threshold: 0.5 }, { tenantId: i % 2 ? "a" : "b" })),
      );
      assert.equal(fn.peakInFlight, 2, "one per tenant by the constructor's default");
      assert.equal(fn.calls, 6);
    } finally {
      await slow.close();
    }
  });

  it("circuit breaker: opens after N failed calls, fails fast, one trial after the cooldown, closes on success", async () => {
    const { invoker, events, advance } = make({ maxAttempts: 1, breakerFailures: 2, breakerCooldownMs: 30_000 });
    const fn = fakes.dashboard.fn(nuclioFixtureNames.faceDetection);
    const target = direct(nuclioFixtureNames.faceDetection);
    fn.inject("invoke", ...Array.from({ length: 10 }, () => nuclioFaults.reset()));
    const fail = () => invoker.detect(target, { image, threshold: 0.5 }, call);
    await assert.rejects(fail(), /no answer/);
    await assert.rejects(fail(), /no answer/);
    assert.deepEqual(
      events.filter((e) => e.type.startsWith("breaker")).map((e) => e.type),
      ["breaker-open"],
    );
    await assert.rejects(fail(), (err: NuclioError) => {
      assert.equal(err.code, NuclioErrorCode.FunctionUnavailable);
      assert.match(err.message, /circuit open/);
      assert.ok((err.details.retryAfterMs ?? 0) > 29_000);
      return true;
    });
    assert.equal(fn.calls, 2, "an open breaker sends nothing");
    // Another tenant's breaker is its own.
    await assert.rejects(invoker.detect(target, { image, threshold: 0.5 }, { tenantId: "t2" }), /no answer/);
    advance(30_000);
    await assert.rejects(fail(), /no answer/, "the trial fails: open again");
    await assert.rejects(fail(), /circuit open/);
    advance(30_000);
    fn.reset();
    assert.equal((await fail()).length, 2, "the trial succeeds");
    assert.equal((await fail()).length, 2);
    assert.deepEqual(
      events.filter((e) => e.type.startsWith("breaker") && e.tenantId === "t1").map((e) => e.type),
      ["breaker-open", "breaker-half-open", "breaker-open", "breaker-half-open", "breaker-close"],
    );
  });

  it("answers with errors do not open the breaker", async () => {
    const { invoker, events } = make({ maxAttempts: 1, breakerFailures: 2 });
    const fn = fakes.dashboard.fn(nuclioFixtureNames.faceDetection);
    fn.inject("invoke", nuclioFaults.traceback(), nuclioFaults.traceback(), nuclioFaults.garbage());
    for (let i = 0; i < 3; i++)
      await assert.rejects(invoker.detect(direct(nuclioFixtureNames.faceDetection), { image, threshold: 0.5 }, call));
    assert.equal((await invoker.detect(direct(nuclioFixtureNames.faceDetection), { image, threshold: 0.5 }, call)).length, 2);
    assert.deepEqual(
      events.filter((e) => e.type.startsWith("breaker")),
      [],
    );
  });

  it("cancellation: a caller's abort ends the call with its reason, before or during it", async () => {
    const { invoker } = make({ timeoutMs: 5_000 });
    const fn = fakes.dashboard.fn(nuclioFixtureNames.yolov7);
    fn.inject("invoke", nuclioFaults.hang());
    const controller = new AbortController();
    const pending = invoker.detect(direct(nuclioFixtureNames.yolov7), { image, threshold: 0.5 }, { ...call, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("job cancelled")), 50);
    await assert.rejects(pending, /job cancelled/);
    await assert.rejects(
      invoker.detect(
        direct(nuclioFixtureNames.yolov7),
        { image, threshold: 0.5 },
        { ...call, signal: AbortSignal.abort(new Error("already")) },
      ),
      /already/,
    );
  });

  it("a refused URL is NUCLIO_URL_REFUSED and nothing is sent; a throwing event hook changes nothing", async () => {
    const strict = make({ policy: new NuclioAddressPolicy({ privateHosts: [] }) });
    await assert.rejects(
      strict.invoker.detect(direct(nuclioFixtureNames.yolov7), { image, threshold: 0.5 }, call),
      (err: NuclioError) => err.code === NuclioErrorCode.UrlRefused,
    );
    assert.equal(fakes.dashboard.fn(nuclioFixtureNames.yolov7).calls, 0);
    const noisy = make({
      onEvent: () => {
        throw new Error("metrics down");
      },
    });
    assert.equal((await noisy.invoker.detect(direct(nuclioFixtureNames.yolov7), { image, threshold: 0.5 }, call)).length, 2);
  });
});
