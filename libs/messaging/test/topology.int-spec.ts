import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Buckets, Consumers, Contracts, ServiceTopology, Streams, TOPOLOGY, type TopologyRequirement } from "@prelabel/proto";
import { TopologyMissingError } from "../src/errors.js";
import { applyTopology, deleteTopology, loadTopology, verifyTopology } from "../src/topology.js";
import { namespaces, tuned, type NamespaceFixture } from "./support/nats-namespace.harness.js";

/** Everything a namespace holds, as the server reports it: stream and consumer settings, bucket streams. */
async function snapshot(f: NamespaceFixture) {
  const streams = await Promise.all(TOPOLOGY.streams.map((s) => f.jsm.streams.info(f.ns.stream(s.name))));
  const consumers = await Promise.all(TOPOLOGY.consumers.map((c) => f.consumerInfo(c)));
  return {
    streams: streams.map((s) => [s.config.name, s.config.subjects, s.config.retention, s.config.duplicate_window, s.config.max_age]),
    consumers: consumers.map((c) => {
      const { filter_subject, ack_wait, max_deliver, max_ack_pending } = c.config;
      return [c.stream_name, c.name, filter_subject, ack_wait, max_deliver, max_ack_pending];
    }),
  };
}

const everything: TopologyRequirement = {
  streams: TOPOLOGY.streams.map((s) => s.name),
  consumers: TOPOLOGY.consumers,
  kv: TOPOLOGY.kv.map((b) => b.bucket),
  objectStores: TOPOLOGY.objectStores.map((b) => b.bucket),
};

describe("applyTopology, verifyTopology, deleteTopology on the real server", () => {
  const spaces = namespaces();
  const namespace = spaces.create;

  it("creates every stream, consumer and bucket under the namespace, with the declared settings", async () => {
    const f = await namespace();
    const upper = f.prefix.toUpperCase().replace(/-/g, "_");
    const work = await f.jsm.streams.info(`${upper}_${Streams.annotationWork}`);
    assert.deepEqual(work.config.subjects, [`${f.prefix}.${Contracts.inferFrame.subject}`]);
    assert.equal(work.config.retention, "workqueue");
    assert.equal(work.config.duplicate_window, 600_000 * 1e6, "10 min in nanoseconds");
    const infer = await f.consumerInfo(Consumers.inferFrames);
    assert.deepEqual([infer.config.ack_wait, infer.config.max_deliver, infer.config.max_ack_pending], [10_000 * 1e6, 5, 64]);
    assert.equal(infer.config.filter_subject, `${f.prefix}.${Contracts.inferFrame.subject}`);
    const messaging = await f.client();
    await (await messaging.keyValue(Buckets.jobControl)).put("job-1", "cancelled");
    assert.equal((await f.jsm.streams.info(`KV_${f.prefix}-${Buckets.jobControl}`)).state.messages, 1);
    for (const bucket of [Buckets.frames, Buckets.models]) assert.ok(await messaging.objectStore(bucket));
    for (const need of Object.values(ServiceTopology)) await verifyTopology(f.jsm, f.ns, need);
  });

  it("is idempotent, and a second apply updates changed settings in place", async () => {
    const f = await namespace();
    const before = await snapshot(f);
    await applyTopology(f.nc, f.jsm, f.ns, TOPOLOGY);
    assert.deepEqual(await snapshot(f), before, "applying again changes nothing");
    await applyTopology(f.nc, f.jsm, f.ns, tuned(Consumers.taskEvents, { ack_wait_ms: 1_000, max_ack_pending: 8 }));
    const updated = await f.consumerInfo(Consumers.taskEvents);
    assert.deepEqual([updated.config.ack_wait, updated.config.max_ack_pending], [1_000 * 1e6, 8]);
  });

  it("verifyTopology names every missing stream, consumer and bucket, namespaced, in one error", async () => {
    const f = await namespace(null);
    const err = await verifyTopology(f.jsm, f.ns, everything).then(
      () => assert.fail("an empty namespace verified"),
      (e: unknown) => e as TopologyMissingError,
    );
    assert.ok(err instanceof TopologyMissingError);
    const upper = f.prefix.toUpperCase().replace(/-/g, "_");
    assert.deepEqual(err.missing, [
      ...TOPOLOGY.streams.map((s) => `stream ${upper}_${s.name}`),
      ...TOPOLOGY.consumers.map((c) => `consumer ${upper}_${c.stream}/${c.durable}`),
      `key-value bucket ${f.prefix}-${Buckets.jobControl}`,
      `object store ${f.prefix}-${Buckets.frames}`,
      `object store ${f.prefix}-${Buckets.models}`,
    ]);
    assert.match(err.message, /npm run nats:setup/);
  });

  it("verifyTopology names just what is gone when part of the topology is missing", async () => {
    const f = await namespace();
    await f.jsm.consumers.delete(f.ns.stream(Consumers.stageResults.stream), Consumers.stageResults.durable);
    await f.jsm.streams.delete(`OBJ_${f.ns.bucket(Buckets.frames)}`);
    const err = await verifyTopology(f.jsm, f.ns, ServiceTopology.task).catch((e: unknown) => e);
    assert.ok(err instanceof TopologyMissingError);
    assert.deepEqual(err.missing, [
      `consumer ${f.ns.stream(Streams.annotationEvents)}/${Consumers.stageResults.durable}`,
      `object store ${f.ns.bucket(Buckets.frames)}`,
    ]);
    await verifyTopology(f.jsm, f.ns, ServiceTopology.modelRegistry);
  });

  it("deleteTopology removes every stream and bucket of the namespace, and tolerates what is already gone", async () => {
    const f = await namespace();
    const other = await namespace();
    await deleteTopology(f.jsm, f.ns, TOPOLOGY);
    const err = await verifyTopology(f.jsm, f.ns, everything).catch((e: unknown) => e);
    assert.ok(err instanceof TopologyMissingError);
    const declared = TOPOLOGY.streams.length + TOPOLOGY.consumers.length + TOPOLOGY.kv.length + TOPOLOGY.objectStores.length;
    assert.equal(err.missing.length, declared);
    await deleteTopology(f.jsm, f.ns, TOPOLOGY);
    await verifyTopology(other.jsm, other.ns, everything);
  });

  it("loadTopology: proto's TOPOLOGY by default, and the generated infra/nats/topology.json says the same", () => {
    assert.equal(loadTopology(), TOPOLOGY);
    const generated = join(__dirname, "..", "..", "..", "..", "infra", "nats", "topology.json");
    const { $comment, ...fromFile } = loadTopology(generated) as typeof TOPOLOGY & { $comment?: string };
    assert.match($comment ?? "", /GENERATED from proto\/src\/topology.ts/);
    assert.deepEqual(fromFile, TOPOLOGY);
  });
});
