import { randomBytes } from "node:crypto";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { applyTopology, deleteTopology, loadTopology, NatsNamespace } from "@prelabel/messaging";

export const TEST_NATS_URL = "nats://127.0.0.1:4222";

export interface TestNats {
  url: string;
  namespace: string;
  cleanup(): Promise<void>;
}

/** A unique namespace on the shared NATS server with the whole topology applied; deleted afterwards. */
export async function createTestNats(url = TEST_NATS_URL): Promise<TestNats> {
  const namespace = `t-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  const ns = new NatsNamespace(namespace);
  const topology = loadTopology();
  const nc = await connect({ servers: url, name: "prelabel-test-harness" });
  const jsm = await jetstreamManager(nc);
  await applyTopology(nc, jsm, ns, topology);
  return {
    url,
    namespace,
    cleanup: async () => {
      try {
        await deleteTopology(jsm, ns, topology);
      } finally {
        await nc.close();
      }
    },
  };
}
