import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { fakeCredentials, faults, noiseImage, roboflowApiFaults, roboflowInferFaults, solidImage, type Fault } from "@prelabel/hub-fakes";
import { HubError, HubErrorCode } from "../hub.errors.js";
import type { HubPrediction } from "../hub.types.js";
import { resetEnv, startHubTestEnv, type HubTestEnv } from "../hub-test-env.testing.js";
import { ROBOFLOW_MAX_UPLOAD_BYTES } from "../clients/roboflow.client.js";

const key = fakeCredentials.roboflowKey;
const hasCode = (code: string) => (e: unknown) => e instanceof HubError && e.code === code;
const detection = { ref: "acme/hard-hats/3", task: "object-detection" as const };

describe("RoboflowHub.validate (addRoboflowModel's checks)", () => {
  let env: HubTestEnv;
  before(async () => {
    env = await startHubTestEnv({ retry: { maxAttempts: 3 } });
  });
  after(() => env.close());
  beforeEach(() => resetEnv(env));
  const rf = () => env.hubs.roboflow;

  it("accepts a detection project version: task, classes as rectangle labels, key in the query only", async () => {
    const d = await rf().validate(env.ctx, { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: key });
    assert.deepEqual(d, {
      hub: "roboflow",
      ref: "acme/hard-hats/3",
      displayName: "Hard Hats v3",
      task: "object-detection",
      labels: [
        { name: "head", type: "rectangle" },
        { name: "helmet", type: "rectangle" },
        { name: "person", type: "rectangle" },
      ],
      remote: true,
    });
    const [req] = env.fakes.roboflowApi.requests;
    assert.equal(req?.path, "/acme/hard-hats/3");
    assert.equal(req?.query.get("api_key"), key);
    assert.equal(req?.headers.authorization, undefined);
  });

  it("maps each supported type to its shape", async () => {
    const cases: Array<[string, string, string]> = [
      ["https://app.roboflow.com/acme/potholes/2", "instance-segmentation", "polygon"],
      ["https://app.roboflow.com/acme/plant-health/1", "image-classification", "tag"],
      ["https://app.roboflow.com/acme/human-pose/4", "keypoint-detection", "skeleton"],
    ];
    for (const [url, task, shape] of cases) {
      const d = await rf().validate(env.ctx, { url, apiKey: key });
      assert.equal(d.task, task);
      assert.ok(d.labels.every((l) => l.type === shape));
    }
  });

  it("accepts a public universe project with another workspace's key", async () => {
    const d = await rf().validate(env.ctx, {
      url: "https://universe.roboflow.com/universe-ws/public-cars/model/5",
      apiKey: fakeCredentials.roboflowKeyOther,
    });
    assert.deepEqual(
      d.labels.map((l) => l.name),
      ["car", "truck"],
    );
  });

  it("a bad key is HUB_UNAUTHORIZED, and the key echoed by the API never reaches the error", async () => {
    await assert.rejects(
      rf().validate(env.ctx, { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: fakeCredentials.roboflowKeyUnknown }),
      (e: HubError) => {
        assert.equal(e.code, HubErrorCode.Unauthorized);
        assert.match(e.details.hubMessage ?? "", /does not exist/);
        assert.doesNotMatch(JSON.stringify({ m: e.message, d: e.details, s: e.stack }), new RegExp(fakeCredentials.roboflowKeyUnknown));
        return true;
      },
    );
  });

  it("another workspace's private project is HUB_FORBIDDEN; a missing version HUB_NOT_FOUND", async () => {
    await assert.rejects(
      rf().validate(env.ctx, { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: fakeCredentials.roboflowKeyOther }),
      hasCode(HubErrorCode.Forbidden),
    );
    await assert.rejects(
      rf().validate(env.ctx, { url: "https://app.roboflow.com/acme/hard-hats/9", apiKey: key }),
      hasCode(HubErrorCode.NotFound),
    );
    await assert.rejects(
      rf().validate(env.ctx, { url: "https://app.roboflow.com/acme/nothing/1", apiKey: key }),
      hasCode(HubErrorCode.NotFound),
    );
  });

  it("an untrained version is HUB_NOT_DEPLOYABLE; semantic segmentation HUB_UNSUPPORTED_TASK", async () => {
    await assert.rejects(
      rf().validate(env.ctx, { url: "https://app.roboflow.com/acme/hard-hats/4", apiKey: key }),
      hasCode(HubErrorCode.NotDeployable),
    );
    await assert.rejects(
      rf().validate(env.ctx, { url: "https://app.roboflow.com/acme/road-semantic/1", apiKey: key }),
      hasCode(HubErrorCode.UnsupportedTask),
    );
  });

  it("a URL of another host is HUB_URL_INVALID and nothing is fetched; an empty key is refused up front", async () => {
    await assert.rejects(
      rf().validate(env.ctx, { url: "https://evil.example/acme/hard-hats/3", apiKey: key }),
      hasCode(HubErrorCode.UrlInvalid),
    );
    await assert.rejects(
      rf().validate(env.ctx, { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: "" }),
      hasCode(HubErrorCode.Unauthorized),
    );
    assert.equal(env.fakes.roboflowApi.requests.length, 0);
  });

  it("retries the metadata API's 429 and 503, then gives the right error", async () => {
    env.fakes.roboflowApi.inject("version", roboflowApiFaults.rateLimited(2), roboflowApiFaults.unavailable(503));
    await rf().validate(env.ctx, { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: key });
    assert.equal(env.fakes.roboflowApi.requestsTo("version").length, 3);
    assert.deepEqual(env.clock.sleeps, [2_000, 500]);
    env.fakes.roboflowApi.inject("version", faults.malformedJson());
    await assert.rejects(
      rf().validate(env.ctx, { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: key }),
      hasCode(HubErrorCode.BadResponse),
    );
    env.fakes.roboflowApi.inject("version", faults.wrongShape({ project: { classes: ["a"] } }));
    await assert.rejects(
      rf().validate(env.ctx, { url: "https://app.roboflow.com/acme/hard-hats/3", apiKey: key }),
      hasCode(HubErrorCode.BadResponse),
    );
  });

  it("checks a key and names its workspace", async () => {
    assert.deepEqual(await rf().client.checkKey(env.ctx, key), { workspace: "acme" });
    await assert.rejects(rf().client.checkKey(env.ctx, fakeCredentials.roboflowKeyUnknown), hasCode(HubErrorCode.Unauthorized));
  });
});

describe("RoboflowHub.infer", () => {
  let env: HubTestEnv;
  let image: Buffer;
  before(async () => {
    env = await startHubTestEnv({ retry: { maxAttempts: 3, attemptTimeoutMs: 400 } });
    image = await solidImage(400, 200, "jpeg");
  });
  after(() => env.close());
  beforeEach(() => resetEnv(env));
  const infer = (
    model: { ref: string; task: "object-detection" | "instance-segmentation" | "image-classification" | "keypoint-detection" },
    extra: { threshold?: number; credential?: string } = {},
  ) => env.hubs.roboflow.infer(env.ctx, { model, image, credential: key, ...extra });
  const inferCalls = () => env.fakes.roboflowInfer.requestsTo("infer");

  describe("results", () => {
    it("detection: POST /{project}/{version}, key and confidence in the query, base64 form body, centres → corners", async () => {
      const r = await infer(detection, { threshold: 0.5 });
      assert.deepEqual(r, {
        width: 400,
        height: 200,
        predictions: [
          { type: "rectangle", label: "helmet", score: 0.91, box: [160, 40, 240, 60], classId: 1 },
          { type: "rectangle", label: "person", score: 0.62, box: [120, 20, 280, 180], classId: 2 },
        ],
      });
      const [req] = inferCalls();
      assert.equal(req?.method, "POST");
      assert.equal(req?.path, "/hard-hats/3");
      assert.equal(req?.query.get("api_key"), key);
      assert.equal(req?.query.get("confidence"), "0.5");
      assert.equal(req?.headers["content-type"], "application/x-www-form-urlencoded");
      assert.equal(req?.body.toString(), image.toString("base64"));
      assert.ok(!req?.body.toString().includes(key) && req?.headers.authorization === undefined, "the key travels in the query only");
    });

    it("instance segmentation: points → polygon", async () => {
      const r = await infer({ ref: "acme/potholes/2", task: "instance-segmentation" });
      const [p] = r.predictions;
      assert.ok(p?.type === "polygon");
      assert.deepEqual(p.points, [120, 80, 280, 80, 280, 120, 120, 120]);
      assert.deepEqual(p.box, [120, 80, 280, 120]);
    });

    it("classification → the top tag; keypoints → a skeleton", async () => {
      assert.deepEqual((await infer({ ref: "acme/plant-health/1", task: "image-classification" })).predictions, [
        { type: "tag", label: "diseased", score: 0.8, classId: 1 },
      ]);
      const [s] = (await infer({ ref: "acme/human-pose/4", task: "keypoint-detection" })).predictions;
      assert.ok(s?.type === "skeleton");
      assert.deepEqual(
        s.keypoints.map((k) => [k.label, k.x, k.y]),
        [
          ["nose", 200, 24],
          ["left_eye", 192, 20],
          ["right_eye", 208, 20],
        ],
      );
    });

    it("a threshold of 1 is sent as 100, since the server reads values ≥ 1 as percentages", async () => {
      await infer(detection, { threshold: 1 });
      assert.equal(inferCalls()[0]?.query.get("confidence"), "100");
    });
  });

  describe("faults end in the right typed error, each after exactly the right number of calls", () => {
    const finalCases: Array<[string, Fault, string]> = [
      ["401", roboflowInferFaults.unauthorized(), HubErrorCode.Unauthorized],
      ["402 no credits", roboflowInferFaults.noCredits(), HubErrorCode.PaymentRequired],
      ["403 bad key (hosted inference)", roboflowInferFaults.badKey(), HubErrorCode.Unauthorized],
      ["404 model", roboflowInferFaults.notFound(), HubErrorCode.NotFound],
      ["413 too large", roboflowInferFaults.payloadTooLarge(), HubErrorCode.PayloadTooLarge],
      ["423 usage paused", roboflowInferFaults.paused(), HubErrorCode.PaymentRequired],
      ["500 model load failure", roboflowInferFaults.modelLoadFailed(), HubErrorCode.Unavailable],
      ["502 upstream failure", roboflowInferFaults.badGateway(), HubErrorCode.Unavailable],
      ["malformed JSON", faults.malformedJson(), HubErrorCode.BadResponse],
      ["wrong shape", faults.wrongShape({ predictions: [{ x: 1, y: 2 }] }), HubErrorCode.BadResponse],
    ];
    for (const [name, fault, code] of finalCases) {
      it(`${name} → ${code}, no retry, key not leaked`, async () => {
        env.fakes.roboflowInfer.inject("infer", fault);
        await assert.rejects(infer(detection), (e: unknown) => {
          assert.ok(e instanceof HubError, String(e));
          assert.equal(e.code, code);
          assert.doesNotMatch(JSON.stringify({ m: e.message, d: e.details }), new RegExp(key));
          return true;
        });
        assert.equal(inferCalls().length, 1);
      });
    }

    it("a real bad key (the fake's own check) is HUB_UNAUTHORIZED", async () => {
      await assert.rejects(infer(detection, { credential: fakeCredentials.roboflowKeyUnknown }), hasCode(HubErrorCode.Unauthorized));
    });

    it("503 'not ready' honours Retry-After: 1, then succeeds", async () => {
      env.fakes.roboflowInfer.inject("infer", roboflowInferFaults.notReady());
      assert.equal((await infer(detection)).predictions.length, 2);
      assert.deepEqual(env.clock.sleeps, [1_000]);
      assert.equal(inferCalls().length, 2);
    });

    it("429 with Retry-After, then 504 with backoff, then success", async () => {
      env.fakes.roboflowInfer.inject("infer", roboflowInferFaults.rateLimited(3), roboflowInferFaults.gatewayTimeout());
      await infer(detection);
      assert.deepEqual(env.clock.sleeps, [3_000, 500]);
      assert.equal(inferCalls().length, 3);
    });

    it("persistent 429 → HUB_RATE_LIMITED after maxAttempts", async () => {
      const limited = roboflowInferFaults.rateLimited();
      env.fakes.roboflowInfer.inject("infer", limited, limited, limited);
      await assert.rejects(infer(detection), (e: HubError) => e.code === HubErrorCode.RateLimited && e.details.attempts === 3);
      assert.equal(inferCalls().length, 3);
    });

    it("a hang is cut at the attempt timeout and retried; a dropped connection too", async () => {
      env.fakes.roboflowInfer.inject("infer", faults.hang(), faults.reset());
      assert.equal((await infer(detection)).predictions.length, 2);
      assert.deepEqual(
        env.retries.map((r) => r.failure.reason),
        ["timeout", "network"],
      );
      assert.equal(inferCalls().length, 3);
    });

    it("a redirect is not followed to another host", async () => {
      env.fakes.roboflowInfer.inject("infer", faults.redirect("http://127.0.0.1:9/steal", 308));
      await assert.rejects(infer(detection), hasCode(HubErrorCode.UrlRefused));
    });
  });
});

describe("RoboflowHub.infer with images over the upload limit", () => {
  let env: HubTestEnv;
  before(async () => {
    // Limits lowered from 20 MB so the test stays light; the logic is the same.
    env = await startHubTestEnv({ roboflowMaxUploadBytes: 120_000, fakes: { roboflowMaxUploadBytes: 150_000 } });
  });
  after(() => env.close());
  beforeEach(() => resetEnv(env));

  const boxes = (ps: HubPrediction[]) => ps.map((p) => (p.type === "rectangle" ? p.box : null));

  it("defaults to Roboflow's 20 MB", () => {
    assert.equal(ROBOFLOW_MAX_UPLOAD_BYTES, 20_000_000);
  });

  it("downscales an image over the limit and scales the predictions back to the original", async () => {
    const big = await noiseImage(320, 160); // ~150 KB PNG → ~200 KB base64
    assert.ok(Math.ceil(big.length / 3) * 4 > 120_000);
    const r = await env.hubs.roboflow.infer(env.ctx, { model: detection, image: big, credential: key, threshold: 0.5 });
    const [req] = env.fakes.roboflowInfer.requestsTo("infer");
    assert.ok(req.body.length <= 120_000, `sent ${req.body.length} bytes`);
    assert.equal(r.width, 320);
    assert.equal(r.height, 160);
    // The fake answers in the pixels it received; after scaling back the boxes match the original's, within a pixel or two.
    const expected = [
      [128, 32, 192, 48],
      [96, 16, 224, 144],
    ];
    boxes(r.predictions).forEach((box, i) =>
      box!.forEach((v, j) => assert.ok(Math.abs(v - expected[i][j]) <= 2, `${JSON.stringify(box)} vs ${JSON.stringify(expected[i])}`)),
    );
  });

  it("an image within the limit is sent untouched", async () => {
    const small = await solidImage(320, 160, "png");
    await env.hubs.roboflow.infer(env.ctx, { model: detection, image: small, credential: key });
    assert.equal(env.fakes.roboflowInfer.requestsTo("infer")[0]?.body.toString(), small.toString("base64"));
  });

  it("the server's own 413 is HUB_PAYLOAD_TOO_LARGE", async () => {
    env.fakes.roboflowInfer.inject("infer", roboflowInferFaults.payloadTooLarge());
    await assert.rejects(
      env.hubs.roboflow.infer(env.ctx, { model: detection, image: await solidImage(10, 10), credential: key }),
      hasCode(HubErrorCode.PayloadTooLarge),
    );
  });
});
