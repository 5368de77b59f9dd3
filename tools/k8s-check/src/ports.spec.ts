import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { imageTitle, readDockerfile } from "./dockerfile.js";
import { get, renderOverlay } from "./render.js";
import { DEPLOYABLES, loadEnvSchema, OVERLAYS, schemaDefault } from "./repo.js";
import { allContainers, imageRepository, mainContainer } from "./workloads.js";

const byName = new Map<string, (typeof DEPLOYABLES)[number]>(DEPLOYABLES.map((d) => [d.name, d]));
const configPort = (name: string): number => schemaDefault(loadEnvSchema(byName.get(name)!), "PORT") as number;

describe("images and ports agree: Dockerfile, config default, Deployment, Service, probes, Ingress", () => {
  for (const overlay of OVERLAYS) {
    describe(`k8s/overlays/${overlay}`, () => {
      const objects = renderOverlay(overlay);
      for (const d of DEPLOYABLES) {
        it(`${d.name}: every container runs the image built from ${d.dir}/Dockerfile`, () => {
          const title = imageTitle(readDockerfile(d));
          for (const c of allContainers(objects, d)) assert.equal(imageRepository(c.image), title, `${c.name}: ${c.image}`);
        });

        it(`${d.name}: containerPort = EXPOSE = PORT default; probes and Service target it`, () => {
          const port = configPort(d.name);
          assert.deepEqual(readDockerfile(d).exposed, [String(port)]);
          const c = mainContainer(objects, d);
          assert.deepEqual(c.ports, [{ name: "http", containerPort: port, protocol: "TCP" }]);
          for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
            assert.ok(c[probe]?.httpGet, `${probe} is an HTTP probe`);
            assert.ok([port, "http"].includes(c[probe].httpGet.port), `${probe} port`);
          }
          const svc = get(objects, "Service", d.name);
          assert.deepEqual(svc.spec.selector, { "app.kubernetes.io/name": d.name });
          assert.equal(svc.spec.ports.length, 1);
          assert.equal(svc.spec.ports[0].port, port);
          assert.ok([port, "http"].includes(svc.spec.ports[0].targetPort));
          // The Service selects the Deployment's pods.
          const labels = get(objects, "Deployment", d.name).spec.template.metadata.labels;
          assert.equal(labels["app.kubernetes.io/name"], d.name);
        });

        it(`${d.name}: the container sets no PORT, so the config default (the EXPOSEd port) applies`, () => {
          for (const c of allContainers(objects, d)) assert.ok(!(c.env ?? []).some((e: { name: string }) => e.name === "PORT"));
        });
      }

      it("the Ingress routes /graphql to the gateway Service's port", () => {
        const ingress = get(objects, "Ingress", "gateway");
        const paths = ingress.spec.rules.flatMap((r: any) => r.http.paths);
        assert.ok(paths.length > 0);
        const svc = get(objects, "Service", "gateway");
        for (const p of paths) {
          assert.equal(p.path, "/graphql");
          assert.equal(p.backend.service.name, "gateway");
          const ref = p.backend.service.port;
          assert.ok(ref.number === svc.spec.ports[0].port || ref.name === svc.spec.ports[0].name, "port of the gateway Service");
        }
      });

      it("the gateway's subgraph URLs point at the subgraph Services and their ports", () => {
        const cm = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name.startsWith("prelabel-gateway-"));
        assert.ok(cm?.data);
        const expected: Record<string, string> = {
          TASK_URL: "task",
          MODEL_REGISTRY_URL: "model-registry",
          ANNOTATION_JOB_URL: "annotation-job",
          IDENTITY_URL: "identity",
        };
        for (const [key, service] of Object.entries(expected)) {
          const url: URL = new URL(String(cm.data[key]));
          assert.equal(url.hostname, service, key);
          assert.equal(Number(url.port), get(objects, "Service", service).spec.ports[0].port, key);
          assert.equal(url.pathname, "/graphql", key);
        }
      });
    });
  }
});
