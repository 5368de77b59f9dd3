import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { renderOverlay } from "./render.js";
import { OVERLAYS, repoPath } from "./repo.js";
import { validateObject } from "./validate.js";

describe("rendered overlays validate offline against their API schemas", () => {
  for (const overlay of OVERLAYS) {
    it(`k8s/overlays/${overlay}: every object (Kubernetes OpenAPI, KEDA, NACK, CloudNativePG)`, async () => {
      const objects = renderOverlay(overlay);
      assert.ok(objects.length > 0);
      const problems = (await Promise.all(objects.map((o) => validateObject(o)))).flat();
      assert.deepEqual(problems, []);
    });

    it(`k8s/overlays/${overlay}: names are unique per kind`, () => {
      const seen = new Set<string>();
      for (const o of renderOverlay(overlay)) {
        const key = `${o.kind}/${o.metadata.name}`;
        assert.ok(!seen.has(key), `duplicate ${key}`);
        seen.add(key);
      }
    });

    it(`k8s/overlays/${overlay}: every object lands in the overlay's namespace`, () => {
      const ns = overlay === "prod" ? "prelabel" : "prelabel-dev";
      for (const o of renderOverlay(overlay)) {
        if (o.kind === "Namespace") assert.equal(o.metadata.name, ns);
        else assert.equal(o.metadata.namespace, ns, `${o.kind} ${o.metadata.name}`);
      }
    });
  }

  it("the validator rejects what it should (a bad Deployment, a NACK typo, a CNPG typo)", async () => {
    const meta = { name: "x" };
    const badDeployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta,
      spec: { selector: {}, template: { spec: { containers: [{ name: "a", ports: [{ containerPort: "http" }] }] } } },
    };
    assert.ok((await validateObject(badDeployment)).some((p) => /containerPort/.test(p)));
    const badStream = {
      apiVersion: "jetstream.nats.io/v1beta2",
      kind: "Stream",
      metadata: meta,
      spec: { name: "S", subjects: ["a"], retention: "workQueue" },
    };
    assert.ok((await validateObject(badStream)).some((p) => /retention/.test(p)));
    const badCluster = {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: meta,
      spec: { instances: 1, storage: { size: "1Gi" }, backups: {} },
    };
    assert.ok((await validateObject(badCluster)).some((p) => /backups/.test(p)));
    const unknown = { apiVersion: "example.com/v1", kind: "Widget", metadata: meta };
    assert.ok((await validateObject(unknown)).some((p) => /no vendored schema/.test(p)));
  });
});

describe("infra/nats Helm values", () => {
  it("values.yaml: JetStream on with file storage, monitoring on (KEDA reads /jsz)", () => {
    const v = parse(readFileSync(repoPath("infra/nats/values.yaml"), "utf8"));
    assert.equal(v.config.jetstream.enabled, true);
    assert.equal(v.config.jetstream.fileStore.enabled, true);
    assert.equal(v.config.jetstream.memoryStore?.enabled ?? false, false);
    assert.equal(v.config.monitor.enabled, true);
    assert.equal(v.config.monitor.port, 8222);
  });

  it("values-prod.yaml: a cluster of 3", () => {
    const v = parse(readFileSync(repoPath("infra/nats/values-prod.yaml"), "utf8"));
    assert.equal(v.config.cluster.enabled, true);
    assert.equal(v.config.cluster.replicas, 3);
  });
});
