import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import { readDockerfile } from "./dockerfile.js";
import { BAKE_FILE, bakeTargetOf, readBakeFile, targetRepositories } from "./image-builds.js";
import { get, renderOverlay, type K8sObject } from "./render.js";
import { DEPLOYABLES, loadEnvSchema, OVERLAYS, repoPath, schemaDefault } from "./repo.js";
import { allContainers, imageRepository, mainContainer } from "./workloads.js";

const byName = new Map<string, (typeof DEPLOYABLES)[number]>(DEPLOYABLES.map((d) => [d.name, d]));
const configPort = (name: string): number => schemaDefault(loadEnvSchema(byName.get(name)!), "PORT") as number;

/** Every container of every workload (Deployments, StatefulSets, Jobs, CronJobs) in the rendered overlay. */
function workloadContainers(objects: readonly K8sObject[]): { workload: string; image: string }[] {
  return objects.flatMap((o) => {
    const pod = o.kind === "CronJob" ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
    const containers = [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])] as { name: string; image: string }[];
    return containers.map((c) => ({ workload: `${o.kind}/${o.metadata.name} ${c.name}`, image: c.image }));
  });
}

describe("images and ports agree: the image builds, config default, Deployment, Service, probes, Ingress", () => {
  for (const overlay of OVERLAYS) {
    describe(`k8s/overlays/${overlay}`, () => {
      const objects = renderOverlay(overlay);
      for (const d of DEPLOYABLES) {
        it(`${d.name}: every container runs the image ${BAKE_FILE} builds for it (target ${d.name})`, () => {
          const repositories = targetRepositories(bakeTargetOf(d));
          for (const c of allContainers(objects, d)) assert.deepEqual([imageRepository(c.image)], repositories, `${c.name}: ${c.image}`);
        });

        it(`${d.name}: a container running node starts \`deployable\` (the image's CMD) or a built file of ${d.dir}`, () => {
          for (const c of allContainers(objects, d)) {
            const argv: string[] = [...(c.command ?? []), ...(c.args ?? [])];
            if (argv[0] !== "node") continue;
            const script = argv.slice(1).find((a) => !a.startsWith("-"));
            if (script === "deployable") continue;
            const message = `${c.name}: ${argv.join(" ")} runs a file of ${d.dir}, which its image carries`;
            assert.ok(script !== undefined && script.startsWith(`${d.dir}/`), message);
            assert.ok(existsSync(repoPath(script)), `${c.name}: ${script} is built`);
          }
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

      it(`every prelabel/* image a workload runs is built by a ${BAKE_FILE} target`, () => {
        const built = new Set([...readBakeFile().targets.values()].flatMap(targetRepositories));
        const ours = workloadContainers(objects).filter((c) => imageRepository(c.image).startsWith("prelabel/"));
        assert.ok(ours.length >= DEPLOYABLES.length, "the deployables' containers are found");
        for (const c of ours) assert.ok(built.has(imageRepository(c.image)), `${c.workload}: ${c.image}`);
      });

      it("the Ingress routes /graphql (and the console's paths, console.spec.ts) to the gateway Service's port", () => {
        const ingress = get(objects, "Ingress", "gateway");
        const paths = ingress.spec.rules.flatMap((r: any) => r.http.paths);
        assert.ok(paths.some((p: any) => p.path === "/graphql" && p.pathType === "Prefix"));
        const svc = get(objects, "Service", "gateway");
        for (const p of paths) {
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
