import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nuclioPrivateHosts } from "./nuclio-address.settings.js";

describe("nuclioPrivateHosts", () => {
  it("self-hosted: the dashboard's host plus the listed hosts", () => {
    assert.deepEqual(
      nuclioPrivateHosts({ mode: "self-hosted", dashboardUrl: "http://nuclio:8070", allowedHosts: ["10.0.0.0/8", "gpu-box"] }),
      ["10.0.0.0/8", "gpu-box", "nuclio"],
    );
  });

  it("self-hosted without a dashboard: only the list (nothing private by default)", () => {
    assert.deepEqual(nuclioPrivateHosts({ mode: "self-hosted", allowedHosts: [] }), []);
  });

  it("cloud mode never adds the dashboard's host: only what the operator listed", () => {
    assert.deepEqual(nuclioPrivateHosts({ mode: "cloud", dashboardUrl: "http://127.0.0.1:8070", allowedHosts: ["fn.internal"] }), [
      "fn.internal",
    ]);
  });

  it("strips an IPv6 literal's brackets and keeps each host once", () => {
    assert.deepEqual(nuclioPrivateHosts({ mode: "self-hosted", dashboardUrl: "http://[::1]:8070", allowedHosts: ["::1"] }), ["::1"]);
  });
});
