import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fakeCredentials, faults, solidImage } from "@prelabel/hub-fakes";
import { HubError, HubErrorCode } from "../hub.errors.js";
import { startHubTestEnv, type HubTestEnv } from "../hub-test-env.testing.js";
import { probeImage } from "../image/image.probe.js";
import { HubCallExecutor } from "./hub-call.executor.js";
import { ManualClock } from "./manual.clock.js";

describe("HubCallExecutor", () => {
  it("retries transient failures and logs each retry without secrets", async () => {
    const clock = new ManualClock();
    const logged: Array<[object, string]> = [];
    const executor = new HubCallExecutor({ hub: "roboflow", clock, random: () => 0.5, logger: { warn: (o, m) => logged.push([o, m]) } });
    let calls = 0;
    const result = executor.run({ tenant: "t" }, "roboflow.infer", async () => {
      calls++;
      if (calls === 1)
        throw new HubError(HubErrorCode.RateLimited, "limited", { status: 429 }, { reason: "status", status: 429, retryAfter: "2" });
      return "done";
    });
    await clock.advance(2_000);
    assert.equal(await result, "done");
    assert.equal(calls, 2);
    assert.deepEqual(logged[0]?.[0], {
      hub: "roboflow",
      operation: "roboflow.infer",
      tenant: "t",
      attempt: 1,
      delayMs: 2_000,
      delaySource: "retry-after",
      failure: 429,
      code: "HUB_RATE_LIMITED",
    });
  });

  it("rate-limits attempts per tenant", async () => {
    const clock = new ManualClock();
    const executor = new HubCallExecutor({ hub: "huggingface", clock, limits: { ratePerSecondPerTenant: 1, burstPerTenant: 1 } });
    const started: number[] = [];
    const calls = [1, 2, 3].map(() => executor.run({ tenant: "t" }, "op", async () => started.push(clock.now())));
    await clock.advance(2_000);
    await Promise.all(calls);
    assert.deepEqual(started, [0, 1_000, 2_000]);
  });
});

describe("HubCallExecutor bounds in-flight calls per tenant (against the fake)", () => {
  let env: HubTestEnv;
  before(async () => {
    env = await startHubTestEnv({ limits: { maxConcurrentPerTenant: 2 } });
  });
  after(() => env.close());

  it("runs at most two of a tenant's calls at once; the rest queue and all succeed; another tenant is not held up", async () => {
    const image = await probeImage(await solidImage(64, 64));
    const target = { kind: "endpoint" as const, url: `${env.fakes.endpoints.hfInferenceUrl}/endpoints/detr` };
    env.fakes.reset();
    env.fakes.hfInference.inject("infer", ...Array.from({ length: 6 }, () => faults.delay(300)));
    const client = env.hubs.huggingface.client;
    const a = Array.from({ length: 5 }, () =>
      client.detectObjects({ tenant: "tenant-a" }, target, image, { token: fakeCredentials.hfToken }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const b = client.detectObjects({ tenant: "tenant-b" }, target, image, { token: fakeCredentials.hfToken });
    const results = await Promise.all([...a, b]);
    assert.equal(results.length, 6);
    assert.ok(results.every((r) => r.length === 3));
    assert.equal(env.fakes.hfInference.requestsTo("infer").length, 6, "one request per call, no duplicates");
    assert.equal(env.fakes.hfInference.peakInFlight, 3, "two of tenant-a's plus tenant-b's");
  });
});
