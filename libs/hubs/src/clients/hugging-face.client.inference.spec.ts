import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  FakeHttpServer,
  fakeCredentials,
  faults,
  hfFixtureIds,
  hfHubFaults,
  hfInferenceFaults,
  solidImage,
  type Fault,
} from "@prelabel/hub-fakes";
import { HubError, HubErrorCode } from "../hub.errors.js";
import { resetEnv, startHubTestEnv, type HubTestEnv } from "../hub-test-env.testing.js";
import { probeImage, type ProbedImage } from "../image/image.probe.js";
import type { HfInferenceTarget } from "./hugging-face.client.js";

const detector: HfInferenceTarget = { kind: "provider", model: hfFixtureIds.detector };
const token = fakeCredentials.hfToken;

describe("HuggingFaceClient: Inference API calls against the inference fake", () => {
  let env: HubTestEnv;
  let image: ProbedImage;
  before(async () => {
    env = await startHubTestEnv({ retry: { maxAttempts: 3, attemptTimeoutMs: 400 } });
    image = await probeImage(await solidImage(200, 100));
  });
  after(() => env.close());
  beforeEach(() => resetEnv(env));
  const client = () => env.hubs.huggingface.client;
  const inferCalls = () => env.fakes.hfInference.requestsTo("infer");

  describe("results", () => {
    it("object detection: raw image bytes with the Blob's type, token carried, pixel corners, filtered by our threshold", async () => {
      const out = await client().detectObjects(env.ctx, detector, image, { token, threshold: 0.5 });
      assert.deepEqual(out, [
        { type: "rectangle", label: "person", score: 0.98, box: [20, 20, 80, 90] },
        { type: "rectangle", label: "car", score: 0.71, box: [100, 50, 190, 80] },
      ]);
      const [req] = inferCalls();
      assert.equal(req?.path, `/hf-inference/models/${hfFixtureIds.detector}`);
      assert.equal(req?.headers["content-type"], "image/png");
      assert.equal(req?.headers.authorization, `Bearer ${token}`);
      assert.ok(req?.body.equals(image.bytes), "the image is sent as is");
    });

    it("a dedicated endpoint URL is called directly, without a Hub lookup", async () => {
      const target: HfInferenceTarget = { kind: "endpoint", url: `${env.fakes.endpoints.hfInferenceUrl}/endpoints/detr` };
      const out = await client().detectObjects(env.ctx, target, image, { token });
      assert.equal(out.length, 3);
      assert.deepEqual(
        inferCalls().map((r) => r.path),
        ["/endpoints/detr"],
      );
      assert.equal(env.fakes.hfHub.requests.length, 0);
    });

    it("an endpoint URL on a host that is not configured is refused before anything is sent", async () => {
      const stranger = await new FakeHttpServer("stranger", [
        { name: "any", methods: ["POST"], pattern: /.*/, handle: () => ({ status: 200, body: [] }) },
      ]).listen();
      try {
        await assert.rejects(
          client().detectObjects(env.ctx, { kind: "endpoint", url: `${stranger.url}/x` }, image, { token }),
          (e: HubError) => e.code === HubErrorCode.UrlRefused,
        );
        assert.equal(stranger.requests.length, 0);
      } finally {
        await stranger.close();
      }
    });

    it("segmentation: JSON body, masks decoded to binary masks cut to their boxes; score may be absent", async () => {
      const out = await client().segment(env.ctx, { kind: "provider", model: hfFixtureIds.segmenter }, image, { token, threshold: 0.5 });
      assert.deepEqual(
        out.map((p) => [p.type, p.label, "score" in p ? p.score : "none", "box" in p ? p.box : null]),
        [
          ["mask", "person", 0.97, [50, 25, 100, 75]],
          ["mask", "sky", "none", [0, 0, 200, 20]],
        ],
      );
      const person = out[0];
      assert.ok(person.type === "mask");
      assert.deepEqual([person.mask.left, person.mask.top, person.mask.width, person.mask.height], [50, 25, 50, 50]);
      assert.equal(
        person.mask.data.reduce((a, b) => a + b, 0),
        2500,
      );
      const [req] = inferCalls();
      assert.equal(req?.headers["content-type"], "application/json");
      const body = JSON.parse(req.body.toString()) as { inputs: string; parameters: { threshold: number } };
      assert.equal(body.inputs, image.bytes.toString("base64"));
      assert.equal(body.parameters.threshold, 0.5);
    });

    it("classification: tags by score, top-k", async () => {
      const target: HfInferenceTarget = { kind: "provider", model: hfFixtureIds.classifier };
      assert.deepEqual(await client().classify(env.ctx, target, image, { token }), [{ type: "tag", label: "tabby cat", score: 0.81 }]);
      assert.deepEqual(
        (await client().classify(env.ctx, target, image, { token, topK: 5, threshold: 0.1 })).map((t) => t.label),
        ["tabby cat", "Egyptian cat"],
      );
    });

    it("zero-shot detection: candidate labels in the documented JSON body", async () => {
      const out = await client().detectZeroShot(env.ctx, { kind: "provider", model: hfFixtureIds.zeroShot }, image, ["cat", "dog", "cat"], {
        token,
      });
      assert.deepEqual(out, [{ type: "rectangle", label: "cat", score: 0.6, box: [20, 10, 100, 50] }]);
      const body = JSON.parse(inferCalls()[0].body.toString()) as { inputs: string; parameters: { candidate_labels: string[] } };
      assert.deepEqual(body.parameters.candidate_labels, ["cat", "dog"]);
      assert.equal(body.inputs, image.bytes.toString("base64"));
    });

    it("boxes spilling past the image are clamped to it", async () => {
      env.fakes.hfInference.inject(
        "infer",
        faults.wrongShape([{ label: "person", score: 0.9, box: { xmin: -10, ymin: 5, xmax: 250, ymax: 120 } }]),
      );
      const [p] = await client().detectObjects(env.ctx, detector, image, { token });
      assert.ok(p?.type === "rectangle");
      assert.deepEqual(p.box, [0, 5, 200, 100]);
    });
  });

  describe("faults end in the right typed error, each after exactly the right number of calls", () => {
    const finalCases: Array<[string, Fault, string]> = [
      ["401 bad token", hfInferenceFaults.badToken(), HubErrorCode.Unauthorized],
      ["402 credits used up", hfInferenceFaults.creditsExhausted(), HubErrorCode.PaymentRequired],
      ["403 no access", hfInferenceFaults.forbidden(), HubErrorCode.Forbidden],
      ["404 text/plain Not Found", hfInferenceFaults.notFoundText(), HubErrorCode.NotFound],
      ["404 JSON", hfInferenceFaults.notFoundJson(), HubErrorCode.NotFound],
      ["413 too large", hfInferenceFaults.payloadTooLarge(), HubErrorCode.PayloadTooLarge],
      ["400 bad input", hfInferenceFaults.badInput(400), HubErrorCode.BadRequest],
      ["422 bad input", hfInferenceFaults.badInput(422), HubErrorCode.BadRequest],
      ["500 server error (not retried)", hfInferenceFaults.serverError(), HubErrorCode.Unavailable],
      ["malformed JSON", faults.malformedJson(), HubErrorCode.BadResponse],
      ["wrong shape (no box)", faults.wrongShape([{ label: "person", score: 0.9 }]), HubErrorCode.BadResponse],
      ["wrong shape (not a list)", faults.wrongShape({ detections: [] }), HubErrorCode.BadResponse],
      ["wrong content type", faults.contentType("text/html", "<html>maintenance</html>"), HubErrorCode.BadResponse],
    ];
    for (const [name, fault, code] of finalCases) {
      it(`${name} → ${code}, no retry`, async () => {
        env.fakes.hfInference.inject("infer", fault);
        await assert.rejects(client().detectObjects(env.ctx, detector, image, { token }), (e: unknown) => {
          assert.ok(e instanceof HubError, String(e));
          assert.equal(e.code, code);
          assert.doesNotMatch(JSON.stringify({ message: e.message, details: e.details }), new RegExp(token));
          return true;
        });
        assert.equal(inferCalls().length, 1);
        assert.deepEqual(env.clock.sleeps, []);
      });
    }

    it("429 with Retry-After (seconds) waits that long, retries once, succeeds", async () => {
      env.fakes.hfInference.inject("infer", hfInferenceFaults.rateLimited(7));
      assert.equal((await client().detectObjects(env.ctx, detector, image, { token })).length, 3);
      assert.deepEqual(env.clock.sleeps, [7_000]);
      assert.equal(env.retries[0]?.source, "retry-after");
      assert.equal(inferCalls().length, 2);
    });

    it("429 with Retry-After as an HTTP date", async () => {
      env.fakes.hfInference.inject("infer", hfInferenceFaults.rateLimited(new Date(env.clock.now() + 5_000).toUTCString()));
      await client().detectObjects(env.ctx, detector, image, { token });
      assert.equal(env.clock.sleeps.length, 1);
      assert.ok(env.clock.sleeps[0] > 3_000 && env.clock.sleeps[0] <= 5_000, String(env.clock.sleeps[0]));
    });

    it("503 model loading waits estimated_time, then succeeds (the client's own 503 loop is off)", async () => {
      env.fakes.hfInference.inject("infer", hfInferenceFaults.loading(20.0, hfFixtureIds.detector));
      assert.equal((await client().detectObjects(env.ctx, detector, image, { token })).length, 3);
      assert.deepEqual(env.clock.sleeps, [20_000]);
      assert.equal(env.retries[0]?.source, "estimated-time");
      assert.equal(inferCalls().length, 2);
    });

    it("a 503 that never ends stops at maxAttempts: the client does not loop on its own", async () => {
      const loading = hfInferenceFaults.loading(1);
      env.fakes.hfInference.inject("infer", loading, loading, loading, loading, loading);
      await assert.rejects(
        client().detectObjects(env.ctx, detector, image, { token }),
        (e: HubError) => e.code === HubErrorCode.Unavailable && e.details.attempts === 3,
      );
      assert.equal(inferCalls().length, 3);
      assert.equal(env.fakes.hfInference.pendingFaults("infer"), 2);
    });

    it("504 and plain 503 back off with jitter", async () => {
      env.fakes.hfInference.inject("infer", hfInferenceFaults.unavailable(504), hfInferenceFaults.unavailable(503));
      await client().detectObjects(env.ctx, detector, image, { token });
      assert.deepEqual(env.clock.sleeps, [250, 500], "half of 0.5 s, then half of 1 s");
      assert.deepEqual(
        env.retries.map((r) => r.source),
        ["backoff", "backoff"],
      );
      assert.equal(inferCalls().length, 3);
    });

    it("persistent 429 ends in HUB_RATE_LIMITED with the attempt count", async () => {
      const limited = hfInferenceFaults.rateLimited(1);
      env.fakes.hfInference.inject("infer", limited, limited, limited);
      await assert.rejects(
        client().detectObjects(env.ctx, detector, image, { token }),
        (e: HubError) => e.code === HubErrorCode.RateLimited && e.details.attempts === 3,
      );
      assert.equal(inferCalls().length, 3);
    });

    it("a Retry-After longer than we block for ends at once with a requeue hint", async () => {
      env.fakes.hfInference.inject("infer", hfInferenceFaults.rateLimited(3_600));
      await assert.rejects(
        client().detectObjects(env.ctx, detector, image, { token }),
        (e: HubError) => e.code === HubErrorCode.RateLimited && e.details.retryAfterMs === 3_600_000,
      );
      assert.equal(inferCalls().length, 1);
      assert.deepEqual(env.clock.sleeps, []);
    });

    it("a request that hangs is cut at the attempt timeout and retried", async () => {
      env.fakes.hfInference.inject("infer", faults.hang());
      assert.equal((await client().detectObjects(env.ctx, detector, image, { token })).length, 3);
      assert.deepEqual(
        inferCalls().map((r) => r.answer),
        ["hang", 200],
      );
      assert.equal(env.retries[0]?.failure.reason, "timeout");
    });

    it("every attempt timing out ends in HUB_UNAVAILABLE", async () => {
      env.fakes.hfInference.inject("infer", faults.hang(), faults.hang(), faults.hang());
      await assert.rejects(
        client().detectObjects(env.ctx, detector, image, { token }),
        (e: HubError) => e.code === HubErrorCode.Unavailable && e.details.attempts === 3,
      );
      assert.equal(inferCalls().length, 3);
    });

    it("a slow answer within the timeout is not retried", async () => {
      env.fakes.hfInference.inject("infer", faults.delay(100));
      await client().detectObjects(env.ctx, detector, image, { token });
      assert.equal(inferCalls().length, 1);
    });

    it("a dropped connection is retried", async () => {
      env.fakes.hfInference.inject("infer", faults.reset());
      assert.equal((await client().detectObjects(env.ctx, detector, image, { token })).length, 3);
      assert.equal(env.retries[0]?.failure.reason, "network");
      assert.equal(inferCalls().length, 2);
    });

    it("a redirect to another host is refused and that host never contacted", async () => {
      const elsewhere = await new FakeHttpServer("elsewhere", [
        { name: "any", methods: ["GET", "POST"], pattern: /.*/, handle: () => ({ status: 200, body: [] }) },
      ]).listen();
      try {
        env.fakes.hfInference.inject("infer", faults.redirect(`${elsewhere.url}/collect`, 307));
        await assert.rejects(
          client().detectObjects(env.ctx, detector, image, { token }),
          (e: HubError) => e.code === HubErrorCode.UrlRefused,
        );
        assert.equal(elsewhere.requests.length, 0);
        assert.equal(inferCalls().length, 1);
      } finally {
        await elsewhere.close();
      }
    });

    it("the zero-shot path (own request) follows the same policy", async () => {
      env.fakes.hfInference.inject("infer", hfInferenceFaults.loading(4), hfInferenceFaults.rateLimited(2));
      const out = await client().detectZeroShot(env.ctx, { kind: "provider", model: hfFixtureIds.zeroShot }, image, ["cat"], { token });
      assert.equal(out.length, 1);
      assert.deepEqual(env.clock.sleeps, [4_000, 2_000]);
      env.fakes.hfInference.inject("infer", hfInferenceFaults.badToken());
      await assert.rejects(
        client().detectZeroShot(env.ctx, { kind: "provider", model: hfFixtureIds.zeroShot }, image, ["cat"], { token }),
        (e: HubError) => e.code === HubErrorCode.Unauthorized,
      );
      env.fakes.hfInference.inject("infer", faults.wrongShape([{ label: "cat", score: "high" }]));
      await assert.rejects(
        client().detectZeroShot(env.ctx, { kind: "provider", model: hfFixtureIds.zeroShot }, image, ["cat"], { token }),
        (e: HubError) => e.code === HubErrorCode.BadResponse,
      );
    });

    it("segmentation with a mask that is not an image is HUB_BAD_RESPONSE", async () => {
      env.fakes.hfInference.inject("infer", faults.wrongShape([{ label: "person", score: 0.9, mask: "bm90IGEgcG5n" }]));
      await assert.rejects(
        client().segment(env.ctx, { kind: "provider", model: hfFixtureIds.segmenter }, image, { token }),
        (e: HubError) => e.code === HubErrorCode.BadResponse,
      );
    });

    it("the Hub lookup @huggingface/inference makes in provider mode goes to the configured Hub, under the same policy", async () => {
      env.fakes.hfHub.inject("model-info", hfHubFaults.rateLimited(3));
      const out = await client().detectObjects(env.ctx, { kind: "provider", model: hfFixtureIds.gated }, image, {
        token: fakeCredentials.hfTokenGranted,
      });
      assert.deepEqual(
        out.map((p) => p.label),
        ["helmet"],
      );
      const lookups = env.fakes.hfHub.requestsTo("model-info");
      assert.equal(lookups.length, 2);
      assert.deepEqual(lookups[0]?.query.getAll("expand[]"), ["inferenceProviderMapping"]);
      assert.equal(lookups[0]?.headers.authorization, `Bearer ${fakeCredentials.hfTokenGranted}`);
      assert.deepEqual(env.clock.sleeps, [3_000]);
      assert.equal(inferCalls().length, 1);
    });

    it("a model the provider does not serve is HUB_NOT_DEPLOYABLE, and nothing is posted", async () => {
      await assert.rejects(
        client().detectObjects(env.ctx, { kind: "provider", model: hfFixtureIds.onnxDetr }, image, { token }),
        (e: HubError) => e.code === HubErrorCode.NotDeployable,
      );
      assert.equal(inferCalls().length, 0);
    });

    it("a caller's cancellation stops the call with the caller's reason, not a hub error", async () => {
      env.fakes.hfInference.inject("infer", faults.hang());
      const controller = new AbortController();
      const call = client().detectObjects({ tenant: "tenant-a", signal: controller.signal }, detector, image, { token });
      setTimeout(() => controller.abort(new Error("job cancelled")), 50);
      await assert.rejects(call, (e: Error) => !(e instanceof HubError) && e.message === "job cancelled");
      assert.equal(inferCalls().length, 1);
    });
  });
});
