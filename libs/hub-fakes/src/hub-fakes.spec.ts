import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { hfHubFaults } from "./hugging-face.fake.js";
import { hfFixtureIds } from "./hugging-face.fixtures.js";
import { fakeCredentials, startHubFakes, type HubFakes } from "./hub-fakes.launcher.js";
import { faults } from "./fault.types.js";
import { solidImage } from "./test-image.factory.js";

describe("hub fakes speak the hubs.md protocol", () => {
  let fakes: HubFakes;
  before(async () => {
    fakes = await startHubFakes();
  });
  after(() => fakes.close());
  beforeEach(() => fakes.reset());
  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

  it("Hub: expand[] selects fields, including the provider mapping the HF client asks for", async () => {
    const res = await fetch(`${fakes.hfHub.url}/api/models/${hfFixtureIds.detector}?expand[]=inferenceProviderMapping`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      _id: ((await (await fetch(`${fakes.hfHub.url}/api/models/${hfFixtureIds.detector}`)).json()) as { _id: string })._id,
      id: hfFixtureIds.detector,
      inferenceProviderMapping: { "hf-inference": { providerId: hfFixtureIds.detector, status: "live", task: "object-detection" } },
    });
  });

  it("Hub: unknown and private repos are 401 RepoNotFound; gated files 401/403 GatedRepo; missing files 404 EntryNotFound", async () => {
    const unknown = await fetch(`${fakes.hfHub.url}/api/models/no/such`);
    assert.equal(unknown.status, 401);
    assert.equal(unknown.headers.get("x-error-code"), "RepoNotFound");
    assert.equal((await fetch(`${fakes.hfHub.url}/api/models/${hfFixtureIds.private}`)).headers.get("x-error-code"), "RepoNotFound");
    const gatedAnon = await fetch(`${fakes.hfHub.url}/${hfFixtureIds.gated}/resolve/main/config.json`);
    assert.deepEqual([gatedAnon.status, gatedAnon.headers.get("x-error-code")], [401, "GatedRepo"]);
    const gatedUser = await fetch(`${fakes.hfHub.url}/${hfFixtureIds.gated}/resolve/main/config.json`, {
      headers: auth(fakeCredentials.hfToken),
    });
    assert.deepEqual([gatedUser.status, gatedUser.headers.get("x-error-code")], [403, "GatedRepo"]);
    const granted = await fetch(`${fakes.hfHub.url}/${hfFixtureIds.gated}/resolve/main/config.json`, {
      headers: auth(fakeCredentials.hfTokenGranted),
    });
    assert.equal(granted.status, 200);
    const missing = await fetch(`${fakes.hfHub.url}/${hfFixtureIds.detector}/resolve/main/nope.bin`);
    assert.deepEqual([missing.status, missing.headers.get("x-error-code")], [404, "EntryNotFound"]);
  });

  it("Hub: 429 carries the RateLimit headers", async () => {
    fakes.hfHub.inject("model-info", hfHubFaults.rateLimited(42));
    const res = await fetch(`${fakes.hfHub.url}/api/models/${hfFixtureIds.detector}`);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("ratelimit"), '"api";r=0;t=42');
    assert.match(res.headers.get("ratelimit-policy") ?? "", /q=500;w=300/);
  });

  it("Inference: answers raw bytes and JSON bodies in pixels of the image received; 404 is text/plain", async () => {
    const image = await solidImage(100, 50);
    const raw = await fetch(`${fakes.hfInference.url}/hf-inference/models/${hfFixtureIds.detector}`, {
      method: "POST",
      body: image,
      headers: auth(fakeCredentials.hfToken),
    });
    assert.equal(raw.headers.get("content-type"), "application/json");
    assert.deepEqual(((await raw.json()) as Array<{ box: unknown }>)[0]?.box, { xmin: 10, ymin: 10, xmax: 40, ymax: 45 });
    const unknown = await fetch(`${fakes.hfInference.url}/hf-inference/models/no/such`, {
      method: "POST",
      body: image,
      headers: auth(fakeCredentials.hfToken),
    });
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get("content-type") ?? "", /^text\/plain/);
    assert.equal(await unknown.text(), "Not Found");
    const anonymous = await fetch(`${fakes.hfInference.url}/hf-inference/models/${hfFixtureIds.detector}`, { method: "POST", body: image });
    assert.equal(anonymous.status, 401);
  });

  it("Roboflow inference: 400 without Content-Type, 403 for a bad key, confidence ≥ 1 read as a percentage", async () => {
    const body = (await solidImage(100, 100)).toString("base64");
    const url = (key: string, q = "") => `${fakes.roboflowInfer.url}/hard-hats/3?api_key=${key}${q}`;
    const noType = await fetch(url(fakeCredentials.roboflowKey), { method: "POST", body: new Blob([body]) });
    assert.deepEqual([noType.status, await noType.json()], [400, { message: "Content-Type header not provided with request." }]);
    const form = { "Content-Type": "application/x-www-form-urlencoded" };
    assert.equal((await fetch(url(fakeCredentials.roboflowKeyUnknown), { method: "POST", body, headers: form })).status, 403);
    const strict = (await (
      await fetch(url(fakeCredentials.roboflowKey, "&confidence=90"), { method: "POST", body, headers: form })
    ).json()) as { predictions: unknown[] };
    assert.equal(strict.predictions.length, 1);
    const all = (await (
      await fetch(url(fakeCredentials.roboflowKey, "&confidence=0.1"), { method: "POST", body, headers: form })
    ).json()) as { predictions: Array<{ x: number; width: number }>; image: unknown };
    assert.equal(all.predictions.length, 3);
    assert.deepEqual(all.image, { width: 100, height: 100 });
    assert.equal(all.predictions[0]?.x, 50, "x is the box centre");
  });

  it("faults are consumed in order, one per request, and every request is recorded", async () => {
    fakes.roboflowApi.inject("version", faults.status(503, { message: "a" }), faults.status(504, { message: "b" }));
    const url = `${fakes.roboflowApi.url}/acme/hard-hats/3?api_key=${fakeCredentials.roboflowKey}`;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(url)).status);
    assert.deepEqual(statuses, [503, 504, 200]);
    assert.deepEqual(
      fakes.roboflowApi.requestsTo("version").map((r) => [r.answer, r.fault]),
      [
        [503, "status"],
        [504, "status"],
        [200, undefined],
      ],
    );
    assert.throws(() => fakes.roboflowApi.inject("no-such-route", faults.hang()), /no route/);
  });
});
