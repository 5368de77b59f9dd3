import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { zipSync } from "fflate";
import { ensurePinnedKubectl, PINNED_KUBECTL, PinnedKubectlError, pinnedKubectlSupported } from "./pinned-kubectl.installer.js";
import { chooseKubectl } from "./render.js";

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

// The project builds and tests on linux/amd64 (Node 20, Debian 12): the pinned binary is expected to run here.
describe("the pinned kubectl from the project's install", () => {
  const dir = mkdtempSync(join(tmpdir(), "prelabel-kubectl-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is pinned for linux/amd64 only (the Lambda layer's platform)", () => {
    assert.equal(pinnedKubectlSupported("linux", "x64"), true);
    assert.equal(pinnedKubectlSupported("linux", "arm64"), false);
    assert.equal(pinnedKubectlSupported("darwin", "x64"), false);
  });

  it("extracts kubectl from the layer with the pinned digest, executable, and it renders with kustomize v5", () => {
    const target = join(dir, "kubectl");
    assert.equal(ensurePinnedKubectl(target), target);
    assert.equal(sha256(readFileSync(target)), PINNED_KUBECTL.sha256);
    accessSync(target, constants.X_OK);
    const version = JSON.parse(execFileSync(target, ["version", "--client", "-o", "json"], { encoding: "utf8", env: {} })) as {
      clientVersion: { gitVersion: string; platform: string };
      kustomizeVersion: string;
    };
    assert.equal(version.clientVersion.gitVersion, PINNED_KUBECTL.version);
    assert.equal(version.clientVersion.platform, "linux/amd64");
    assert.match(version.kustomizeVersion, /^v5\./);
  });

  it("replaces a binary whose digest differs (a truncated or tampered file)", () => {
    const target = join(dir, "tampered");
    writeFileSync(target, "#!/bin/sh\necho not kubectl\n", { mode: 0o755 });
    ensurePinnedKubectl(target);
    assert.equal(sha256(readFileSync(target)), PINNED_KUBECTL.sha256);
  });

  it("refuses a layer whose kubectl is not the pinned binary, and writes nothing", () => {
    const layer = join(dir, "other-layer.zip");
    writeFileSync(layer, zipSync({ "kubectl/kubectl": new TextEncoder().encode("another binary") }));
    const target = join(dir, "refused");
    assert.throws(
      () => ensurePinnedKubectl(target, layer),
      (err: Error) => err instanceof PinnedKubectlError && /not the pinned/.test(err.message),
    );
    assert.throws(() => accessSync(target), { code: "ENOENT" });
  });

  it("says how to get the layer when it is not installed", () => {
    assert.throws(() => ensurePinnedKubectl(join(dir, "none"), join(dir, "missing.zip")), /run `npm ci`/);
  });

  it("KUBECTL overrides the pinned binary; otherwise the pinned one is used, whatever PATH holds", () => {
    assert.deepEqual(chooseKubectl({ KUBECTL: "/opt/kubectl" }), { bin: "/opt/kubectl", source: "KUBECTL" });
    const choice = chooseKubectl({ PATH: "" });
    assert.equal(choice.source, "pinned");
    assert.equal(sha256(readFileSync(choice.bin)), PINNED_KUBECTL.sha256);
  });

  it("renders an overlay in a process with no kubectl on PATH and KUBECTL unset", () => {
    const script = `const r = require(${JSON.stringify(join(__dirname, "render.js"))});
      const objects = r.renderOverlay("dev");
      process.stdout.write(JSON.stringify({ source: r.chooseKubectl().source, kinds: [...new Set(objects.map((o) => o.kind))] }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8", env: { PATH: "" } })) as {
      source: string;
      kinds: string[];
    };
    assert.equal(out.source, "pinned");
    assert.ok(out.kinds.includes("Deployment") && out.kinds.includes("ConfigMap"), out.kinds.join(", "));
  });
});
