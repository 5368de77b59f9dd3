import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Messaging } from "@prelabel/messaging";
import { HubPublicCode } from "@prelabel/hubs";
import { create, FrameFailureCode, InferFrameSchema, ShapeType, TileMerge, type FrameFailed, type FrameInferred } from "@prelabel/proto";
import { pino } from "pino";
import { FrameDecodeError, FrameFailure, InferenceAbortedError, ModelError } from "../../inference/index.js";
import { FrameOutcomePublisher } from "../publishers/frame-outcome.publisher.js";
import { inferFramesHandler, type FrameInferencePorts, type FrameOutcomeReport, type IsolatedFrameModel } from "./infer-frames.consumer.js";

const job = create(InferFrameSchema, {
  jobId: "job-1",
  taskId: "task-1",
  frame: 4,
  frameObject: "sha256-abc",
  model: { id: "m", runtime: "catalog:text-detection" },
  threshold: 0.5,
  convertMasksToPolygons: true,
  mapping: [{ modelLabel: "text", taskLabelId: "L", taskLabelType: ShapeType.POLYGON }],
});

/** Records what the handler publishes and reports; the ports default to a frame that works. */
function setup(overrides: Partial<FrameInferencePorts> = {}) {
  const published: { subject: string; message: unknown; msgId?: string }[] = [];
  const messaging = {
    publish: async (contract: { subject: string }, message: unknown, options: { msgId?: string }) => {
      published.push({ subject: contract.subject, message, msgId: options.msgId });
      return { duplicate: false, seq: published.length, stream: "S" };
    },
  } as unknown as Messaging;
  const frames: { ok: boolean }[] = [];
  const calls = { readFrame: 0 };
  const ports: FrameInferencePorts = {
    readFrame: async () => (calls.readFrame++, new Uint8Array([1])),
    decode: async () => ({ width: 2, height: 2, data: new Uint8Array(12) }),
    model: async () => ({ detect: async () => [{ label: "text", score: 0.9, box: [0, 0, 1, 1], polygon: [0, 0, 1, 0, 1, 1] }] }),
    isCancelled: () => false,
    onFrame: (o) => frames.push({ ok: o.ok }),
    ...overrides,
  };
  const handler = inferFramesHandler(new FrameOutcomePublisher(messaging, "w1"), ports, pino({ level: "silent" }));
  const run = (deliveryCount: number, message = job) => handler.handle(message, { deliveryCount, subject: "s" });
  const failure = () => published.at(-1)?.message as FrameFailed;
  return { run, published, frames, calls, failure };
}

describe("inferFramesHandler", () => {
  it("publishes FrameInferred with Nats-Msg-Id <jobId>.<frame> and reports the frame", async () => {
    const t = setup();
    assert.deepEqual(await t.run(1), { kind: "ack" });
    assert.equal(t.published.length, 1);
    assert.equal(t.published[0].subject, "evt.annotation.frame.inferred.v1");
    assert.equal(t.published[0].msgId, "job-1.4");
    assert.deepEqual(t.frames, [{ ok: true }]);
  });

  it("reports a frame without an object name as FRAME_MISSING, without asking the store", async () => {
    const t = setup();
    assert.deepEqual(await t.run(1, create(InferFrameSchema, { ...job, frameObject: "" })), { kind: "ack" });
    assert.equal(t.calls.readFrame, 0);
    assert.equal(t.failure().code, FrameFailureCode.FRAME_MISSING);
    assert.equal(t.published[0].msgId, "job-1.4");
    assert.deepEqual(t.frames, [{ ok: false }], "failed frames are counted too");
  });

  it("retries a frame the store cannot read, then reports it as FRAME_MISSING instead of dropping it", async () => {
    const t = setup({ readFrame: async () => Promise.reject(new Error("timeout")) });
    assert.deepEqual(await t.run(1), { kind: "nak", delayMs: 250 });
    assert.deepEqual(await t.run(2), { kind: "nak", delayMs: 500 });
    assert.equal(t.published.length, 0);
    assert.deepEqual(await t.run(3), { kind: "ack" });
    assert.equal(t.published[0].subject, "evt.annotation.frame.failed.v1");
    assert.equal(t.failure().code, FrameFailureCode.FRAME_MISSING);
    assert.match(t.failure().reason, /timeout/);
  });

  it("retries a model that fails to load, then reports MODEL_UNAVAILABLE", async () => {
    const t = setup({ model: async () => Promise.reject(new Error("load failed")) });
    assert.equal((await t.run(1)).kind, "nak");
    assert.deepEqual(await t.run(3), { kind: "ack" });
    assert.equal(t.failure().code, FrameFailureCode.MODEL_UNAVAILABLE);
    assert.equal(t.failure().workerId, "w1");
  });

  it("acks a cancelled job's frame without publishing or reading anything", async () => {
    const t = setup({ isCancelled: () => true });
    assert.deepEqual(await t.run(1), { kind: "ack" });
    assert.equal(t.published.length, 0);
    assert.equal(t.calls.readFrame, 0);
    assert.deepEqual(t.frames, []);
  });

  it("fails a frame at once with a FrameFailure's code from the model lookup (CLOUD_ONLY), without retrying", async () => {
    const t = setup({
      model: async () => Promise.reject(new FrameFailure(FrameFailureCode.CLOUD_ONLY, "hosted models run only in cloud mode")),
    });
    assert.deepEqual(await t.run(1), { kind: "ack" });
    assert.equal(t.failure().code, FrameFailureCode.CLOUD_ONLY);
    assert.equal(t.published[0].msgId, "job-1.4");
  });

  it("passes the stored bytes and the mapping's model labels to the model", async () => {
    let seen: { encoded?: Uint8Array; candidateLabels?: readonly string[] } | undefined;
    const t = setup({ model: async () => ({ detect: async (_image, options) => ((seen = options), []) }) });
    await t.run(1);
    assert.deepEqual(seen?.encoded, new Uint8Array([1]));
    assert.deepEqual(seen?.candidateLabels, ["text"]);
  });

  it("fails a frame at once with a hub failure's code after the hub's own retries", async () => {
    const t = setup({
      model: async () => ({
        detect: async () => Promise.reject(new FrameFailure(HubPublicCode.Unauthorized, "huggingface model x: bad token")),
      }),
    });
    assert.deepEqual(await t.run(1), { kind: "ack" });
    assert.equal(t.failure().code, HubPublicCode.Unauthorized);
    assert.equal(t.published.length, 1);
  });

  it("requeues a rate-limited frame with the hub's wait, then fails it before the server would drop it", async () => {
    const limited = new FrameFailure(HubPublicCode.RateLimited, "slow down", 90_000);
    const t = setup({ model: async () => ({ detect: async () => Promise.reject(limited) }) });
    assert.deepEqual(await t.run(1), { kind: "nak", delayMs: 90_000 });
    assert.deepEqual(await t.run(2), { kind: "nak", delayMs: 90_000 });
    assert.equal(t.published.length, 0, "nothing published while requeued");
    assert.deepEqual(await t.run(3), { kind: "ack" });
    assert.equal(t.failure().code, HubPublicCode.RateLimited);
    assert.equal(t.published.length, 1, "one outcome");
  });

  it("caps a requeue delay at five minutes", async () => {
    const t = setup({
      model: async () => ({ detect: async () => Promise.reject(new FrameFailure(HubPublicCode.RateLimited, "later", 3_600_000)) }),
    });
    assert.deepEqual(await t.run(1), { kind: "nak", delayMs: 300_000 });
  });

  describe("per-label thresholds and tiling", () => {
    const base = { jobId: "job-1", taskId: "task-1", frame: 4, frameObject: "sha256-abc", model: { id: "m", runtime: "catalog:x" } };
    const plain = {
      threshold: 0.5,
      labelThresholds: [{ taskLabelId: "C", threshold: 0.3 }],
      mapping: [
        { modelLabel: "car", taskLabelId: "C", taskLabelType: ShapeType.RECTANGLE },
        { modelLabel: "dog", taskLabelId: "D", taskLabelType: ShapeType.RECTANGLE },
      ],
    };
    const labelled = create(InferFrameSchema, { ...base, ...plain });
    const inferred = (t: ReturnType<typeof setup>) => t.published[0].message as FrameInferred;

    it("runs the model at the lowest threshold and keeps each shape at or above its label's threshold", async () => {
      const seen: number[] = [];
      const t = setup({
        model: async () => ({
          detect: async (_image, options) => {
            seen.push(options.threshold);
            return [
              { label: "car", score: 0.35, box: [0, 0, 1, 1] },
              { label: "car", score: 0.25, box: [0, 0, 1, 1] },
              { label: "dog", score: 0.45, box: [0, 0, 1, 1] },
              { label: "dog", score: 0.6, box: [0, 0, 1, 1] },
            ];
          },
        }),
      });
      assert.deepEqual(await t.run(1, labelled), { kind: "ack" });
      assert.deepEqual(seen, [0.3]);
      assert.deepEqual(
        inferred(t).shapes.map((s) => [s.labelId, s.score]),
        [
          ["C", 0.35],
          ["D", 0.6],
        ],
      );
    });

    it("runs a local model on the whole frame and each tile, merging what the tiles found twice", async () => {
      const calls: { width: number; encoded: boolean }[] = [];
      const t = setup({
        decode: async () => ({ width: 1000, height: 400, data: new Uint8Array(1000 * 400 * 3) }),
        model: async () => ({
          // The same car, at x 100–200 of the frame, seen by the whole frame and by the first tile only.
          detect: async (image, options) => {
            calls.push({ width: image.width, encoded: options.encoded !== undefined });
            return calls.length <= 2 ? [{ label: "car", score: 0.9, box: [100, 100, 200, 200] }] : [];
          },
        }),
      });
      const tiled = create(InferFrameSchema, { ...base, ...plain, tiling: { tileSize: 500, overlap: 0.2, merge: TileMerge.NMS } });
      assert.deepEqual(await t.run(1, tiled), { kind: "ack" });
      // 1000 × 400 in tiles of 500 (stride 400): x 0, 400, 500.
      assert.deepEqual(calls, [
        { width: 1000, encoded: true },
        { width: 500, encoded: false },
        { width: 500, encoded: false },
        { width: 500, encoded: false },
      ]);
      assert.equal(inferred(t).shapes.length, 1);
    });

    it("never tiles a model that is not run per tile (hub models), and passes tiling to runner processes", async () => {
      let calls = 0;
      const hub = setup({
        decode: async () => ({ width: 1000, height: 400, data: new Uint8Array(1000 * 400 * 3) }),
        model: async () => ({ tileable: false, detect: async () => (calls++, []) }),
      });
      const tiled = create(InferFrameSchema, { ...base, ...plain, tiling: { tileSize: 500, overlap: 0.2, merge: TileMerge.WBF } });
      assert.deepEqual(await hub.run(1, tiled), { kind: "ack" });
      assert.equal(calls, 1);

      let options: unknown;
      const isolated = setup({
        model: async () => ({
          isolated: true,
          infer: async (_frame, o) => ((options = o), { detections: [], decodeMs: 1, inferenceMs: 1 }),
        }),
      });
      assert.deepEqual(await isolated.run(1, tiled), { kind: "ack" });
      assert.deepEqual(options, {
        threshold: 0.3,
        returnMasks: true,
        candidateLabels: ["car", "dog"],
        tiling: { tileSize: 500, overlap: 0.2, merge: "wbf" },
      });
    });
  });

  describe("models run in runner processes", () => {
    const isolated =
      (infer: IsolatedFrameModel["infer"]): FrameInferencePorts["model"] =>
      async () => ({ isolated: true, infer });

    it("sends the stored bytes and the options, and reports the runner's timings", async () => {
      let seen: { frame?: Uint8Array; options?: unknown; signal?: AbortSignal } = {};
      const reported: Pick<FrameOutcomeReport, "inferenceMs" | "decodeMs" | "stages">[] = [];
      const controller = new AbortController();
      let released = 0;
      const t = setup({
        decode: async () => assert.fail("an isolated model decodes in its runner"),
        model: isolated(async (frame, options, signal) => {
          seen = { frame, options, signal };
          return {
            detections: [{ label: "text", score: 0.9, box: [0, 0, 1, 1], polygon: [0, 0, 1, 0, 1, 1] }],
            decodeMs: 3,
            inferenceMs: 7,
            stages: { preprocessMs: 1, inferenceMs: 5, postprocessMs: 1 },
          };
        }),
        cancelSignal: () => ({ signal: controller.signal, release: () => void released++ }),
        onFrame: (o) => reported.push({ inferenceMs: o.inferenceMs, decodeMs: o.decodeMs, stages: o.stages }),
      });
      assert.deepEqual(await t.run(1), { kind: "ack" });
      assert.deepEqual(seen.frame, new Uint8Array([1]));
      assert.deepEqual(seen.options, { threshold: 0.5, returnMasks: false, candidateLabels: ["text"] });
      assert.equal(seen.signal, controller.signal);
      assert.equal(released, 1);
      assert.deepEqual(reported, [{ inferenceMs: 7, decodeMs: 3, stages: { preprocessMs: 1, inferenceMs: 5, postprocessMs: 1 } }]);
      assert.equal(t.published[0].subject, "evt.annotation.frame.inferred.v1");
    });

    it("fails a frame over its budget INFERENCE_TIMEOUT at once, without retrying", async () => {
      const t = setup({
        model: isolated(async () =>
          Promise.reject(
            new FrameFailure(FrameFailureCode.INFERENCE_TIMEOUT, "model m did not finish the frame within its budget of 100 ms"),
          ),
        ),
      });
      assert.deepEqual(await t.run(1), { kind: "ack" });
      assert.equal(t.failure().code, FrameFailureCode.INFERENCE_TIMEOUT);
      assert.match(t.failure().reason, /within its budget of 100 ms/);
    });

    it("acks a frame whose job was cancelled while it ran, publishing nothing", async () => {
      const t = setup({ model: isolated(async () => Promise.reject(new InferenceAbortedError("the frame was cancelled while it ran"))) });
      assert.deepEqual(await t.run(1), { kind: "ack" });
      assert.deepEqual(t.published, []);
      assert.deepEqual(t.frames, []);
    });

    it("fails a frame at once when its tenant's model fails fast, reading nothing", async () => {
      let asked: string[] = [];
      const t = setup({
        fastFailure: (tenantId, modelId) => (
          (asked = [tenantId, modelId]),
          new FrameFailure(FrameFailureCode.INFERENCE_TIMEOUT, "model m timed out on 3 frames in a row")
        ),
        model: async () => assert.fail("not resolved"),
      });
      assert.deepEqual(await t.run(1), { kind: "ack" });
      assert.deepEqual(asked, ["default", "m"]);
      assert.equal(t.calls.readFrame, 0);
      assert.equal(t.failure().code, FrameFailureCode.INFERENCE_TIMEOUT);
    });

    it("keeps a runner's bad-frame code, and retries a runner's failed load before MODEL_UNAVAILABLE", async () => {
      const bad = setup({
        model: isolated(async () => Promise.reject(new FrameDecodeError(FrameFailureCode.NOT_AN_IMAGE, "frame is not an image"))),
      });
      assert.deepEqual(await bad.run(1), { kind: "ack" });
      assert.equal(bad.failure().code, FrameFailureCode.NOT_AN_IMAGE);

      const load = setup({ model: isolated(async () => Promise.reject(new ModelError("MODEL_LOAD_FAILED", "no such file"))) });
      assert.equal((await load.run(1)).kind, "nak");
      assert.deepEqual(await load.run(3), { kind: "ack" });
      assert.equal(load.failure().code, FrameFailureCode.MODEL_UNAVAILABLE);
      assert.match(load.failure().reason, /no such file/);
    });
  });
});
