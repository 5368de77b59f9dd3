import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Buckets, Consumers, Contracts, Streams, TOPOLOGY } from "@prelabel/proto";
import { goDuration, nackResources, NACK_API_VERSION } from "./nack.js";
import { get, kustomize, renderOverlay } from "./render.js";
import { OVERLAYS, repoPath } from "./repo.js";
import { topologyFiles } from "./topology.files.js";

const JETSTREAM_KINDS = ["Stream", "Consumer", "KeyValue", "ObjectStore"];

describe("NACK resources agree with proto's TOPOLOGY", () => {
  it("goDuration writes the Go durations NACK parses", () => {
    assert.equal(goDuration(600_000), "10m");
    assert.equal(goDuration(604_800_000), "168h");
    assert.equal(goDuration(10_000), "10s");
    assert.equal(goDuration(1_500), "1500ms");
  });

  it("namespacing follows libs/messaging: X_STREAM, x.subject, x-bucket, durable names unchanged", () => {
    const resources = nackResources(TOPOLOGY, { namespace: "blue-2" });
    const stream = resources.find((r) => r.kind === "Stream" && r.spec.name === `BLUE_2_${Streams.annotationWork}`);
    assert.deepEqual(stream?.spec.subjects, [`blue-2.${Contracts.inferFrame.subject}`]);
    const consumer = resources.find((r) => r.kind === "Consumer" && r.spec.durableName === Consumers.inferFrames.durable);
    assert.equal(consumer?.spec.streamName, `BLUE_2_${Streams.annotationWork}`);
    assert.ok(resources.some((r) => r.kind === "KeyValue" && r.spec.bucket === `blue-2-${Buckets.jobControl}`));
  });

  for (const file of topologyFiles(TOPOLOGY)) {
    it(`${file.path} is what proto's TOPOLOGY generates (npm run generate:topology -w @prelabel/k8s-check)`, () => {
      assert.equal(readFileSync(repoPath(file.path), "utf8"), file.content);
    });
  }

  it("infra/nats/nack renders exactly the generated resources", () => {
    // kustomize orders its output by kind; compare in one order.
    const order = (a: { kind: string; metadata: { name: string } }, b: { kind: string; metadata: { name: string } }) =>
      `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`);
    const rendered = kustomize("infra/nats/nack").map((o) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: o.metadata,
      spec: o.spec,
    }));
    assert.deepEqual(rendered.sort(order), nackResources(TOPOLOGY).sort(order));
  });

  for (const overlay of OVERLAYS) {
    it(`k8s/overlays/${overlay}: every stream, consumer and bucket of the topology, with its settings`, () => {
      const replicas = overlay === "prod" ? 3 : 1;
      const rendered = renderOverlay(overlay).filter((o) => o.apiVersion === NACK_API_VERSION);
      // The services set no NATS_NAMESPACE in the overlays (asserted below), so the names are TOPOLOGY's as they are.
      const expected = nackResources(TOPOLOGY, { replicas });
      assert.deepEqual(
        rendered.map((o) => `${o.kind}/${o.metadata.name}`).sort(),
        expected.map((o) => `${o.kind}/${o.metadata.name}`).sort(),
      );
      for (const e of expected) {
        const r = rendered.find((o) => o.kind === e.kind && o.metadata.name === e.metadata.name)!;
        assert.ok(JETSTREAM_KINDS.includes(r.kind));
        assert.deepEqual(r.spec, e.spec, `${e.kind} ${e.metadata.name}`);
      }
      // Spelled out for the fields that matter most, straight from the topology.
      for (const s of TOPOLOGY.streams) {
        const r = rendered.find((o) => o.kind === "Stream" && o.spec.name === s.name)!;
        assert.deepEqual([r.spec.subjects, r.spec.retention, r.spec.storage], [s.subjects, s.retention, s.storage]);
      }
      for (const c of TOPOLOGY.consumers) {
        const r = rendered.find((o) => o.kind === "Consumer" && o.spec.durableName === c.durable)!;
        assert.deepEqual(
          [r.spec.streamName, r.spec.filterSubject, r.spec.maxDeliver, r.spec.maxAckPending, r.spec.ackWait, r.spec.ackPolicy],
          [c.stream, c.filter_subject, c.max_deliver, c.max_ack_pending, goDuration(c.ack_wait_ms), "explicit"],
        );
      }
    });

    it(`k8s/overlays/${overlay}: no NATS_NAMESPACE anywhere (the NACK names are unprefixed)`, () => {
      for (const o of renderOverlay(overlay)) {
        if (o.kind === "ConfigMap" || o.kind === "Secret")
          assert.ok(!("NATS_NAMESPACE" in { ...o.data, ...o.stringData }), o.metadata.name);
      }
    });

    it(`k8s/overlays/${overlay}: KEDA scales the worker on its durable consumer of the work stream`, () => {
      const so = get(renderOverlay(overlay), "ScaledObject", "inference-worker");
      const trigger = so.spec.triggers[0];
      assert.equal(trigger.type, "nats-jetstream");
      const consumer = TOPOLOGY.consumers.find((c) => c.durable === trigger.metadata.consumer);
      assert.ok(consumer, `consumer ${trigger.metadata.consumer} is in the topology`);
      assert.equal(consumer.durable, Consumers.inferFrames.durable);
      assert.equal(trigger.metadata.stream, consumer.stream);
      assert.equal(TOPOLOGY.streams.find((s) => s.name === consumer.stream)?.retention, "workqueue");
      const ns = overlay === "prod" ? "prelabel" : "prelabel-dev";
      assert.equal(trigger.metadata.natsServerMonitoringEndpoint, `nats-headless.${ns}.svc.cluster.local:8222`);
    });
  }
});
