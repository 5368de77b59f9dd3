import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HubConfigError, normalizeHubEndpoints, publicHubEndpoints } from "./hub-endpoints.config.js";
import { SsrfGuard } from "./net/ssrf.guard.js";

describe("normalizeHubEndpoints", () => {
  it("strips trailing slashes and keeps the flags", () => {
    const e = normalizeHubEndpoints({
      ...publicHubEndpoints,
      hfHubUrl: "https://huggingface.co/",
      roboflowInferUrl: "http://127.0.0.1:9001/infer/",
    });
    assert.equal(e.hfHubUrl, "https://huggingface.co");
    assert.equal(e.roboflowInferUrl, "http://127.0.0.1:9001/infer");
    assert.equal(e.allowPrivateNetworks, false);
  });

  it("lists every problem at once", () => {
    assert.throws(
      () =>
        normalizeHubEndpoints({
          ...publicHubEndpoints,
          hfHubUrl: "not a url",
          hfInferenceUrl: "ftp://router.huggingface.co",
          roboflowApiUrl: "https://user:pw@api.roboflow.com",
          roboflowInferUrl: "https://serverless.roboflow.com/?x=1",
          redirectHosts: ["cdn-lfs.hf.co", "http://bad/path"],
          hfEndpointHosts: ["*.endpoints.huggingface.cloud", "https://x"],
        }),
      (e: unknown) => {
        assert.ok(e instanceof HubConfigError);
        for (const part of ["hfHubUrl", "hfInferenceUrl", "roboflowApiUrl", "roboflowInferUrl", "redirectHosts", "hfEndpointHosts"])
          assert.match(e.message, new RegExp(part));
        return true;
      },
    );
  });

  it("the public endpoints make a guard that allows exactly the four hubs", () => {
    const guard = SsrfGuard.forEndpoints(publicHubEndpoints);
    for (const url of [
      "https://huggingface.co/api/models/a/b",
      "https://router.huggingface.co/hf-inference/models/a/b",
      "https://api.roboflow.com/",
      "https://serverless.roboflow.com/p/1",
    ]) {
      assert.ok(guard.checkUrl(url));
    }
    assert.throws(() => guard.checkUrl("https://detect.roboflow.com/p/1"));
    assert.equal(guard.allowsPrivateNetworks, false);
  });
});
