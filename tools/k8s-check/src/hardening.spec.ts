import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import { readDockerfile } from "./dockerfile.js";
import { resolveEnv, cnpgAppSecrets, prodExternalSecrets } from "./env.js";
import { find, get, ofKind, renderOverlay } from "./render.js";
import { DEPLOYABLES, mainEntry, OVERLAYS, repoPath } from "./repo.js";
import { allContainers, deploymentOf, mainContainer, podSpecOf } from "./workloads.js";

const quantityBytes = (q: string): number => {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(q);
  if (!m) throw new Error(`unknown quantity ${q}`);
  const unit: Record<string, number> = { "": 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9 };
  return Number(m[1]) * unit[m[2] ?? ""];
};
const cpuMillis = (q: string): number => (q.endsWith("m") ? Number(q.slice(0, -1)) : Number(q) * 1000);

describe("hardening, probes, resources, shutdown, scaling, migrations", () => {
  for (const overlay of OVERLAYS) {
    describe(`k8s/overlays/${overlay}`, () => {
      const objects = renderOverlay(overlay);
      const external = [...cnpgAppSecrets(objects), ...(overlay === "prod" ? prodExternalSecrets() : [])];

      for (const d of DEPLOYABLES) {
        it(`${d.name}: pod and containers are hardened (non-root, read-only root, no capabilities, seccomp, no escalation)`, () => {
          const pod = podSpecOf(objects, d);
          assert.equal(pod.securityContext.runAsNonRoot, true);
          assert.equal(pod.securityContext.seccompProfile.type, "RuntimeDefault");
          assert.equal(pod.automountServiceAccountToken, false);
          const user = readDockerfile(d).user?.split(":")[0];
          for (const c of allContainers(objects, d)) {
            const sc = c.securityContext;
            assert.equal(sc.runAsNonRoot, true, c.name);
            assert.equal(sc.readOnlyRootFilesystem, true, c.name);
            assert.equal(sc.allowPrivilegeEscalation, false, c.name);
            assert.deepEqual(sc.capabilities.drop, ["ALL"], c.name);
            assert.equal(sc.capabilities.add, undefined, c.name);
            assert.equal(sc.seccompProfile.type, "RuntimeDefault", c.name);
            assert.equal(String(sc.runAsUser ?? pod.securityContext.runAsUser), user, `${c.name} runs as the image's USER`);
          }
        });

        it(`${d.name}: every writable path is an emptyDir (/tmp, and MODEL_CACHE_DIR / MODEL_UPLOAD_DIR where set)`, () => {
          const pod = podSpecOf(objects, d);
          for (const c of allContainers(objects, d)) {
            const mounts = new Map<string, string>(
              (c.volumeMounts ?? []).map((m: { mountPath: string; name: string }) => [m.mountPath, m.name]),
            );
            const { env } = resolveEnv(c, objects, external);
            // The migrate init container only talks to PostgreSQL: it needs /tmp alone.
            const serving = c.name === d.name;
            const writable = ["/tmp", ...(serving ? [env.MODEL_CACHE_DIR, env.MODEL_UPLOAD_DIR] : [])].filter((p): p is string =>
              Boolean(p),
            );
            for (const path of writable) {
              const volume = mounts.get(path);
              assert.ok(volume, `${c.name}: ${path} is mounted`);
              const v = pod.volumes.find((x: { name: string }) => x.name === volume);
              assert.ok(v?.emptyDir, `${c.name}: ${path} is an emptyDir`);
              assert.ok(v.emptyDir.sizeLimit, `${c.name}: ${path} has a sizeLimit`);
            }
          }
        });

        it(`${d.name}: startup, liveness and readiness probes on /healthz and /readyz`, () => {
          const c = mainContainer(objects, d);
          assert.equal(c.startupProbe.httpGet.path, "/healthz");
          assert.equal(c.livenessProbe.httpGet.path, "/healthz");
          assert.equal(c.readinessProbe.httpGet.path, "/readyz");
        });

        it(`${d.name}: requests and limits on every container, request <= limit`, () => {
          for (const c of allContainers(objects, d)) {
            const { requests, limits } = c.resources ?? {};
            assert.ok(
              requests?.cpu && requests?.memory && limits?.cpu && limits?.memory,
              `${c.name} has cpu and memory requests and limits`,
            );
            assert.ok(cpuMillis(String(requests.cpu)) <= cpuMillis(String(limits.cpu)), `${c.name} cpu`);
            assert.ok(quantityBytes(requests.memory) <= quantityBytes(limits.memory), `${c.name} memory`);
          }
        });

        it(`${d.name}: terminationGracePeriodSeconds covers preStop + SHUTDOWN_GRACE_MS`, () => {
          const c = mainContainer(objects, d);
          const { env } = resolveEnv(c, objects, external);
          const graceMs = Number(env.SHUTDOWN_GRACE_MS ?? 20_000);
          const preStop = c.lifecycle?.preStop?.exec?.command;
          const preStopS = preStop?.[0] === "sleep" ? Number(preStop[1]) : (c.lifecycle?.preStop?.sleep?.seconds ?? 0);
          const tgps = podSpecOf(objects, d).terminationGracePeriodSeconds;
          assert.ok(tgps >= preStopS + Math.ceil(graceMs / 1000) + 5, `${tgps} s >= ${preStopS} s preStop + ${graceMs} ms + 5 s margin`);
          if (d.name !== "inference-worker") assert.ok(preStopS > 0, "a preStop sleep lets endpoints drain");
        });

        it(`${d.name}: spread over zones and nodes, a PodDisruptionBudget, a rolling update that keeps capacity`, () => {
          const pod = podSpecOf(objects, d);
          const keys = (pod.topologySpreadConstraints ?? []).map((t: { topologyKey: string }) => t.topologyKey).sort();
          assert.deepEqual(keys, ["kubernetes.io/hostname", "topology.kubernetes.io/zone"]);
          const pdb = get(objects, "PodDisruptionBudget", d.name);
          assert.deepEqual(pdb.spec.selector.matchLabels, { "app.kubernetes.io/name": d.name });
          assert.equal(deploymentOf(objects, d).spec.strategy.rollingUpdate.maxUnavailable, 0);
        });

        it(`${d.name}: ${d.migrate ? "a migrate init container runs the service's migrate-only entry" : "no database, no migration step"}`, () => {
          const init = podSpecOf(objects, d).initContainers ?? [];
          if (!d.migrate) return assert.equal(init.length, 0);
          assert.equal(init.length, 1);
          assert.deepEqual(init[0].command, d.migrate);
          assert.equal(init[0].image, mainContainer(objects, d).image, "same image as the service");
          // `node deployable migrate` starts the project's package.json main (the image's link to its project).
          const script = d.migrate[1] === "deployable" ? mainEntry(d) : d.migrate[1];
          assert.ok(existsSync(repoPath(script)), `${script} is built`);
          const { env } = resolveEnv(mainContainer(objects, d), objects, external);
          if ("DB_MIGRATE_ON_START" in env) assert.equal(env.DB_MIGRATE_ON_START, "false", "the init container owns migrations");
        });
      }

      it("gateway and subgraphs scale on CPU (HPA); the worker on its JetStream consumer lag (KEDA)", () => {
        for (const d of DEPLOYABLES) {
          assert.equal(deploymentOf(objects, d).spec.replicas, undefined, `${d.name}: the autoscaler owns replicas`);
          if (d.name === "inference-worker") continue;
          const hpa = get(objects, "HorizontalPodAutoscaler", d.name);
          assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: d.name });
          assert.equal(hpa.spec.metrics[0].resource.name, "cpu");
        }
        const so = get(objects, "ScaledObject", "inference-worker");
        assert.equal(so.spec.scaleTargetRef.name, "inference-worker");
        assert.equal(find(objects, "HorizontalPodAutoscaler", "inference-worker"), undefined, "KEDA creates the worker's HPA");
      });

      it("the worker requests the 2 CPUs its onnxruntime threads use (2 runners × 1 thread, not spinning), with a 2Gi memory limit", () => {
        const worker = DEPLOYABLES.find((d) => d.name === "inference-worker")!;
        const c = mainContainer(objects, worker);
        assert.equal(cpuMillis(String(c.resources.limits.cpu)), 2000);
        assert.equal(cpuMillis(String(c.resources.requests.cpu)), 2000);
        assert.equal(c.resources.limits.memory, "2Gi");
        const { env } = resolveEnv(c, objects, external);
        assert.equal(Number(env.WORKER_CONCURRENCY) * Number(env.ORT_THREADS), 2);
        assert.equal(env.ORT_ALLOW_SPINNING, "false");
      });

      it("network policies: default deny; only the gateway is reachable from the ingress controller", () => {
        const policies = ofKind(objects, "NetworkPolicy");
        const deny = policies.find((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress);
        assert.ok(deny, "a default-deny policy selecting every pod");
        assert.deepEqual([...deny.spec.policyTypes].sort(), ["Egress", "Ingress"]);
        const fromIngressNginx = policies.filter((p) =>
          (p.spec.ingress ?? []).some((r: any) =>
            (r.from ?? []).some((f: any) => f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "ingress-nginx"),
          ),
        );
        assert.deepEqual(
          fromIngressNginx.map((p) => p.metadata.name),
          ["gateway"],
        );
        const subgraphs = get(objects, "NetworkPolicy", "subgraphs");
        const sources = subgraphs.spec.ingress.flatMap((r: any) => r.from);
        assert.ok(sources.some((f: any) => f.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "gateway"));
        for (const f of sources)
          assert.ok(
            f.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "gateway" ||
              f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "monitoring",
          );
      });

      it(`hub egress ${overlay === "prod" ? "is open to the worker and the registry only (cloud mode)" : "is closed (self-hosted)"}`, () => {
        const hub = find(objects, "NetworkPolicy", "hub-egress");
        if (overlay !== "prod") return assert.equal(hub, undefined);
        assert.ok(hub);
        assert.deepEqual(hub.spec.podSelector.matchExpressions[0].values.sort(), ["inference-worker", "model-registry"]);
      });
    });
  }

  it("prod PostgreSQL: 3 instances with a barmanObjectStore backup section and a scheduled backup", () => {
    const objects = renderOverlay("prod");
    const cluster = get(objects, "Cluster", "prelabel-pg");
    assert.equal(cluster.spec.instances, 3);
    assert.ok(cluster.spec.backup.barmanObjectStore.destinationPath);
    assert.equal(get(objects, "ScheduledBackup", "prelabel-pg-nightly").spec.cluster.name, "prelabel-pg");
  });
});
