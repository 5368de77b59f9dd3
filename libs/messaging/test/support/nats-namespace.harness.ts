import { randomBytes } from "node:crypto";
import { after } from "node:test";
import { jetstreamManager, type ConsumerInfo, type JetStreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { TOPOLOGY, type ConsumerDefinition, type ConsumerRef, type Topology } from "@prelabel/proto";
import { Messaging, type MessagingOptions } from "../../src/messaging.js";
import { NatsNamespace } from "../../src/namespace.js";
import { applyTopology, deleteTopology } from "../../src/topology.js";

/** The shared test server (libs/testing's TEST_NATS_URL; that lib depends on this one, so this lib keeps its own harness). */
export const NATS_URL = process.env.TEST_NATS_URL ?? "nats://127.0.0.1:4222";

export const uniquePrefix = (): string => `m-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;

export interface NamespaceFixture {
  readonly prefix: string;
  readonly ns: NatsNamespace;
  /** A plain connection, for what the lib does not wrap (advisories, raw publishes). */
  readonly nc: NatsConnection;
  readonly jsm: JetStreamManager;
  /** A Messaging client in this namespace; closed by cleanup. */
  client(options?: Partial<MessagingOptions>): Promise<Messaging>;
  consumerInfo(ref: ConsumerRef): Promise<ConsumerInfo>;
  cleanup(): Promise<void>;
}

/**
 * A unique namespace on the shared server with `topology` applied (proto's TOPOLOGY by default; null: nothing, an
 * empty namespace). Cleanup deletes every stream and bucket of the namespace.
 */
export async function createNamespace(topology: Topology | null = TOPOLOGY): Promise<NamespaceFixture> {
  const prefix = uniquePrefix();
  const ns = new NatsNamespace(prefix);
  const nc = await connect({ servers: NATS_URL, name: "messaging-int-spec" });
  const jsm = await jetstreamManager(nc);
  if (topology) await applyTopology(nc, jsm, ns, topology);
  const clients: Messaging[] = [];
  return {
    prefix,
    ns,
    nc,
    jsm,
    client: async (options = {}) => {
      const messaging = await Messaging.connect({ url: NATS_URL, namespace: prefix, name: "messaging-int-spec", ...options });
      clients.push(messaging);
      return messaging;
    },
    consumerInfo: (ref) => jsm.consumers.info(ns.stream(ref.stream), ref.durable),
    cleanup: async () => {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
      try {
        await deleteTopology(jsm, ns, TOPOLOGY);
      } finally {
        await nc.close();
      }
    },
  };
}

/** Call inside describe(): `create` makes a namespace, and every one made is cleaned up after the suite. */
export function namespaces(): { create: (topology?: Topology | null) => Promise<NamespaceFixture> } {
  const made: NamespaceFixture[] = [];
  after(async () => {
    for (const fixture of made.splice(0)) await fixture.cleanup();
  });
  return {
    create: async (topology) => {
      const fixture = await createNamespace(topology);
      made.push(fixture);
      return fixture;
    },
  };
}

/** proto's TOPOLOGY with one consumer's settings changed (a short ack_wait keeps redelivery tests fast). */
export function tuned(ref: ConsumerRef, settings: Partial<Pick<ConsumerDefinition, "ack_wait_ms" | "max_ack_pending">>): Topology {
  return {
    ...TOPOLOGY,
    consumers: TOPOLOGY.consumers.map((c) => (c.stream === ref.stream && c.durable === ref.durable ? { ...c, ...settings } : c)),
  };
}

/** Retries `check` until it stops throwing, or rethrows its last failure after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(25);
    }
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise to settle from outside: a handler waits on it, the test opens it. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Collects JetStream's "message terminated" advisories of one consumer (nats-server emits them for +TERM). */
export function terminations(fixture: NamespaceFixture, ref: ConsumerRef): { readonly seqs: number[]; stop(): void } {
  const seqs: number[] = [];
  const sub = fixture.nc.subscribe(`$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.${fixture.ns.stream(ref.stream)}.${ref.durable}`, {
    callback: (err, msg) => {
      if (!err) seqs.push(msg.json<{ stream_seq: number }>().stream_seq);
    },
  });
  return { seqs, stop: () => sub.unsubscribe() };
}
