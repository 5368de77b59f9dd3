import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cnpgAppSecrets, prodExternalSecrets, resolveEnv, type ExternalSecret } from "./env.js";
import { renderOverlay, type K8sObject } from "./render.js";
import { DEPLOYABLES, loadEnvSchema, OVERLAYS, type Overlay } from "./repo.js";
import { allContainers } from "./workloads.js";

function externalSecrets(overlay: Overlay, objects: readonly K8sObject[]): ExternalSecret[] {
  return [...cnpgAppSecrets(objects), ...(overlay === "prod" ? prodExternalSecrets() : [])];
}

describe("container environments match the services' config schemas", () => {
  for (const overlay of OVERLAYS) {
    describe(`k8s/overlays/${overlay}`, () => {
      const objects = renderOverlay(overlay);
      const external = externalSecrets(overlay, objects);
      for (const d of DEPLOYABLES) {
        const schema = loadEnvSchema(d);
        const keys = new Set(Object.keys(schema.shape));
        for (const container of allContainers(objects, d)) {
          const label = `${d.name}/${container.name}`;
          it(`${label}: every variable set (env and envFrom) is a key of ${d.dir}/${d.configModule}`, () => {
            const { env, sources, problems } = resolveEnv(container, objects, external);
            assert.deepEqual(problems, []);
            const unknown = Object.keys(env)
              .filter((k) => !keys.has(k))
              .map((k) => `${k} (from ${sources[k]})`);
            assert.deepEqual(unknown, [], `variables ${d.name}'s schema does not declare`);
          });
          it(`${label}: the schema accepts the resolved environment (required variables set)`, () => {
            const { env } = resolveEnv(container, objects, external);
            const parsed = schema.safeParse(env);
            assert.ok(parsed.success, parsed.error?.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("\n"));
          });
        }
      }
    });
  }

  it("prod runs in cloud mode and so carries every cloud key (checked by the schemas above)", () => {
    const common = renderOverlay("prod").find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("prelabel-common-"));
    assert.equal(common?.data?.PRELABEL_MODE, "cloud");
  });

  it("the prod Secret contract names exactly the Secrets the prod Deployments reference", () => {
    const objects = renderOverlay("prod");
    const referenced = new Set<string>();
    for (const d of DEPLOYABLES) {
      for (const c of allContainers(objects, d)) {
        for (const f of c.envFrom ?? []) if (f.secretRef) referenced.add(f.secretRef.name);
        for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef) referenced.add(e.valueFrom.secretKeyRef.name);
      }
    }
    const declared = new Set(externalSecrets("prod", objects).map((s) => s.name));
    for (const name of referenced) assert.ok(declared.has(name), `Secret ${name} is referenced but not in the contract`);
    assert.equal(objects.filter((o) => o.kind === "Secret").length, 0, "prod renders no Secret: they are managed out of band");
  });

  it("dev and prod give each service the same secret keys", () => {
    const dev = renderOverlay("dev");
    const prod = prodExternalSecrets();
    for (const d of DEPLOYABLES) {
      const devSecret = dev.find((o) => o.kind === "Secret" && o.metadata.name.startsWith(`prelabel-${d.name}-`));
      const prodSecret = prod.find((s) => s.name === `prelabel-${d.name}`);
      assert.deepEqual(Object.keys(devSecret?.data ?? {}).sort(), [...(prodSecret?.keys ?? [])].sort(), d.name);
    }
  });

  it("dev: the worker opens hub credentials with the registry's key ring, and the subgraphs verify the gateway's key", async () => {
    const { createPrivateKey, createPublicKey } = await import("node:crypto");
    const objects = renderOverlay("dev");
    const secret = (name: string): Record<string, string> => {
      const o = objects.find((x) => x.kind === "Secret" && x.metadata.name.startsWith(`prelabel-${name}-`));
      return Object.fromEntries(Object.entries(o?.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
    };
    assert.equal(secret("inference-worker").PRELABEL_SECRET_KEYS, secret("model-registry").PRELABEL_SECRET_KEYS);
    const privateKey = createPrivateKey({
      key: Buffer.from(secret("gateway").IDENTITY_PRIVATE_KEY, "base64"),
      format: "der",
      type: "pkcs8",
    });
    const derived = createPublicKey(privateKey).export({ format: "der", type: "spki" }).toString("base64");
    for (const name of ["task", "model-registry", "annotation-job", "identity"])
      assert.equal(secret(name).IDENTITY_PUBLIC_KEY, derived, name);
  });
});
