#!/usr/bin/env node
// The setup step: applies the topology declared in @prelabel/proto (or a topology.json given as argument) to NATS_URL under NATS_NAMESPACE.
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { NatsNamespace } from "../namespace.js";
import { applyTopology, loadTopology } from "../topology.js";

async function main() {
  const url = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
  const ns = new NatsNamespace(process.env.NATS_NAMESPACE ?? "");
  const nc = await connect({ servers: url, name: "prelabel-nats-setup" });
  try {
    await applyTopology(nc, await jetstreamManager(nc), ns, loadTopology(process.argv[2]));
    console.log(`NATS topology applied at ${url}${ns.prefix ? ` (namespace ${ns.prefix})` : ""}`);
  } finally {
    await nc.close();
  }
}

main().catch((err) => {
  console.error(`nats-setup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
