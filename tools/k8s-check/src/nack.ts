import { NatsNamespace } from "@prelabel/messaging";
import type { Topology } from "@prelabel/proto";

export const NACK_API_VERSION = "jetstream.nats.io/v1beta2";

export interface NackResource {
  apiVersion: typeof NACK_API_VERSION;
  kind: "Stream" | "Consumer" | "KeyValue" | "ObjectStore";
  metadata: { name: string; labels: Record<string, string> };
  spec: Record<string, unknown>;
}

/** Milliseconds → the Go duration string NACK expects ("10m", "168h", "30s"). */
export function goDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`not a duration in ms: ${ms}`);
  if (ms === 0) return "0s";
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

/** Kubernetes object name for a JetStream name (DNS-1123: lowercase, dashes). */
export const k8sName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9-]/g, "-");

const labels = { "app.kubernetes.io/part-of": "prelabel", "app.kubernetes.io/component": "jetstream" };

/**
 * The NACK resources for a topology, mapped exactly as libs/messaging applyTopology does: with NATS_NAMESPACE `x`
 * streams become `X_<NAME>`, subjects `x.<subject>`, buckets `x-<bucket>`; durable consumer names are not prefixed.
 * `replicas` is the JetStream replica count (1 on a single server, 3 on the prod cluster).
 */
export function nackResources(topology: Topology, options: { namespace?: string; replicas?: number } = {}): NackResource[] {
  const ns = new NatsNamespace(options.namespace ?? "");
  const replicas = options.replicas ?? 1;
  const out: NackResource[] = [];
  for (const s of topology.streams) {
    out.push({
      apiVersion: NACK_API_VERSION,
      kind: "Stream",
      metadata: { name: k8sName(ns.stream(s.name)), labels },
      spec: {
        name: ns.stream(s.name),
        subjects: s.subjects.map((x) => ns.subject(x)),
        retention: s.retention,
        storage: s.storage,
        duplicateWindow: goDuration(s.duplicate_window_ms),
        maxAge: goDuration(s.max_age_ms),
        discard: "old",
        replicas,
      },
    });
  }
  for (const c of topology.consumers) {
    out.push({
      apiVersion: NACK_API_VERSION,
      kind: "Consumer",
      metadata: { name: k8sName(c.durable), labels },
      spec: {
        streamName: ns.stream(c.stream),
        durableName: c.durable,
        filterSubject: ns.subject(c.filter_subject),
        ackPolicy: "explicit",
        deliverPolicy: "all",
        ackWait: goDuration(c.ack_wait_ms),
        maxDeliver: c.max_deliver,
        maxAckPending: c.max_ack_pending,
      },
    });
  }
  for (const b of topology.kv) {
    out.push({
      apiVersion: NACK_API_VERSION,
      kind: "KeyValue",
      metadata: { name: k8sName(ns.bucket(b.bucket)), labels },
      spec: { bucket: ns.bucket(b.bucket), history: b.history, ttl: goDuration(b.ttl_ms), storage: "file", replicas },
    });
  }
  for (const o of topology.objectStores) {
    out.push({
      apiVersion: NACK_API_VERSION,
      kind: "ObjectStore",
      metadata: { name: k8sName(ns.bucket(o.bucket)), labels },
      spec: { bucket: ns.bucket(o.bucket), storage: "file", replicas },
    });
  }
  return out;
}
