import { readFileSync } from "node:fs";
import { AckPolicy, DeliverPolicy, JetStreamApiError, type JetStreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { Objm } from "@nats-io/obj";
import { jetstream } from "@nats-io/jetstream";
import { TopologyMissingError } from "./errors.js";
import { TOPOLOGY, type Topology, type TopologyRequirement } from "@prelabel/proto";
import type { NatsNamespace } from "./namespace.js";

const ms = (n: number) => n * 1_000_000;

/** proto's canonical definition, or a topology.json written from it (`npm run nats:setup -- <file>`). */
export function loadTopology(path?: string): Topology {
  return path ? (JSON.parse(readFileSync(path, "utf8")) as Topology) : TOPOLOGY;
}

/** Creates or updates every stream, consumer and bucket (idempotent): the setup step, never service code. */
export async function applyTopology(nc: NatsConnection, jsm: JetStreamManager, ns: NatsNamespace, topology: Topology): Promise<void> {
  for (const s of topology.streams) {
    const config = {
      name: ns.stream(s.name),
      subjects: s.subjects.map((x) => ns.subject(x)),
      retention: s.retention === "workqueue" ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
      storage: s.storage === "memory" ? StorageType.Memory : StorageType.File,
      duplicate_window: ms(s.duplicate_window_ms),
      max_age: ms(s.max_age_ms),
    };
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.streams.add(config);
    }
  }
  for (const c of topology.consumers) {
    const stream = ns.stream(c.stream);
    const config = {
      durable_name: c.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: ns.subject(c.filter_subject),
      ack_wait: ms(c.ack_wait_ms),
      max_deliver: c.max_deliver,
      max_ack_pending: c.max_ack_pending,
    };
    try {
      await jsm.consumers.info(stream, c.durable);
      await jsm.consumers.update(stream, c.durable, config);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.consumers.add(stream, config);
    }
  }
  const js = jetstream(nc);
  const kvm = new Kvm(js);
  for (const b of topology.kv) {
    await kvm.create(ns.bucket(b.bucket), { history: b.history, ttl: b.ttl_ms });
  }
  const objm = new Objm(js);
  for (const o of topology.objectStores) {
    await objm.create(ns.bucket(o.bucket));
  }
}

/** Fails with one clear message naming everything a service needs that is missing. */
export async function verifyTopology(jsm: JetStreamManager, ns: NatsNamespace, need: TopologyRequirement): Promise<void> {
  const missing: string[] = [];
  const check = async (label: string, probe: () => Promise<unknown>) => {
    try {
      await probe();
    } catch (err) {
      if (!isNotFound(err)) throw err;
      missing.push(label);
    }
  };
  for (const s of need.streams ?? []) await check(`stream ${ns.stream(s)}`, () => jsm.streams.info(ns.stream(s)));
  for (const c of need.consumers ?? [])
    await check(`consumer ${ns.stream(c.stream)}/${c.durable}`, () => jsm.consumers.info(ns.stream(c.stream), c.durable));
  for (const b of need.kv ?? []) await check(`key-value bucket ${ns.bucket(b)}`, () => jsm.streams.info(`KV_${ns.bucket(b)}`));
  for (const b of need.objectStores ?? []) await check(`object store ${ns.bucket(b)}`, () => jsm.streams.info(`OBJ_${ns.bucket(b)}`));
  if (missing.length) throw new TopologyMissingError(missing);
}

/** Deletes every stream and bucket of a namespace: for test teardown only. */
export async function deleteTopology(jsm: JetStreamManager, ns: NatsNamespace, topology: Topology): Promise<void> {
  const names = [
    ...topology.streams.map((s) => ns.stream(s.name)),
    ...topology.kv.map((b) => `KV_${ns.bucket(b.bucket)}`),
    ...topology.objectStores.map((b) => `OBJ_${ns.bucket(b.bucket)}`),
  ];
  for (const name of names) {
    try {
      await jsm.streams.delete(name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

function isNotFound(err: unknown): boolean {
  if (err instanceof JetStreamApiError) return err.status === 404 || /not found/i.test(err.message);
  return err instanceof Error && /not found/i.test(err.message);
}
