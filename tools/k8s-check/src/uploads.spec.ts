import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cnpgAppSecrets, prodExternalSecrets, resolveEnv } from "./env.js";
import { ofKind, renderOverlay, type K8sObject } from "./render.js";
import { DEPLOYABLES, loadEnvSchema, OVERLAYS, type Overlay } from "./repo.js";
import { mainContainer } from "./workloads.js";

const MiB = 1024 * 1024;

/** nginx sizes: a number of bytes, or with k/m/g (binary units, either case). */
function nginxSize(value: string): number {
  const match = /^(\d+)([kmg]?)$/i.exec(value.trim());
  if (!match) throw new Error(`not an nginx size: ${value}`);
  const unit = { "": 1, k: 1024, m: MiB, g: 1024 * MiB }[match[2].toLowerCase() as "" | "k" | "m" | "g"];
  return Number(match[1]) * unit;
}

/** A deployable's config as its schema parses the environment the overlay gives it (defaults included). */
function configOf(overlay: Overlay, objects: readonly K8sObject[], name: string): Record<string, unknown> {
  const d = DEPLOYABLES.find((x) => x.name === name)!;
  const external = [...cnpgAppSecrets(objects), ...(overlay === "prod" ? prodExternalSecrets() : [])];
  const { env } = resolveEnv(mainContainer(objects, d), objects, external);
  const parsed = loadEnvSchema(d).safeParse(env) as { success: boolean; data?: unknown };
  assert.ok(parsed.success, `${name}'s schema refuses the ${overlay} environment`);
  return parsed.data as Record<string, unknown>;
}

describe("upload limits agree from the ingress to the subgraphs", () => {
  for (const overlay of OVERLAYS) {
    it(`k8s/overlays/${overlay}: the ingress passes what the gateway accepts, which admits a maximal model and a maximal frames request`, () => {
      const objects = renderOverlay(overlay);
      const gateway = configOf(overlay, objects, "gateway").MAX_UPLOAD_BYTES as number;
      const model = configOf(overlay, objects, "model-registry").MODEL_UPLOAD_MAX_BYTES as number;
      const task = configOf(overlay, objects, "task");
      // One model plus its operation (the registry's own request limit is the model + 1 MiB).
      assert.ok(gateway >= model + MiB, `gateway MAX_UPLOAD_BYTES ${gateway} < MODEL_UPLOAD_MAX_BYTES ${model} + 1 MiB`);
      assert.ok(gateway >= (task.MAX_UPLOAD_REQUEST_BYTES as number), "gateway MAX_UPLOAD_BYTES below the task's MAX_UPLOAD_REQUEST_BYTES");
      assert.ok((task.MAX_UPLOAD_REQUEST_BYTES as number) >= (task.MAX_UPLOAD_BYTES as number), "a request cannot hold one maximal frame");
      // addVideo: one maximal video plus its operation (the task subgraph allows VIDEO_MAX_BYTES + 64 KiB).
      assert.ok(
        gateway >= (task.VIDEO_MAX_BYTES as number) + 64 * 1024,
        "gateway MAX_UPLOAD_BYTES below the task's VIDEO_MAX_BYTES + 64 KiB",
      );
      const ingresses = ofKind(objects, "Ingress");
      assert.ok(ingresses.length > 0);
      for (const ingress of ingresses) {
        const size = ingress.metadata.annotations?.["nginx.ingress.kubernetes.io/proxy-body-size"];
        assert.ok(size, `${ingress.metadata.name} sets proxy-body-size (nginx's default is 1m)`);
        assert.ok(
          nginxSize(size) >= gateway,
          `${ingress.metadata.name} proxy-body-size ${size} < gateway MAX_UPLOAD_BYTES ${gateway}: nginx would answer 413 without a code`,
        );
      }
    });
  }

  it("reads nginx sizes", () => {
    assert.equal(nginxSize("257m"), 257 * MiB);
    assert.equal(nginxSize("1G"), 1024 * MiB);
    assert.equal(nginxSize("4096"), 4096);
    assert.throws(() => nginxSize("1.5m"));
  });
});
