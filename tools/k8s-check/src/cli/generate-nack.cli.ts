import { writeFileSync } from "node:fs";
import { stringify } from "yaml";
import { nackResources, readTopology } from "../nack.js";
import { repoPath } from "../repo.js";

/**
 * `npm run generate:nack -w @prelabel/k8s-check`: writes infra/nats/nack/jetstream.yaml from infra/nats/topology.json
 * (no NATS_NAMESPACE, one replica; the prod overlay patches replicas). The nack spec fails when they drift.
 */
const resources = nackResources(readTopology());
const header = [
  "# GENERATED from infra/nats/topology.json by `npm run generate:nack -w @prelabel/k8s-check`; do not edit.",
  "# NACK (jetstream.nats.io/v1beta2) resources: the same streams, consumers and buckets `npm run nats:setup` applies,",
  "# without a NATS_NAMESPACE prefix (docs/operations.md, \"NATS names\"). tools/k8s-check fails when they drift.",
].join("\n");
const body = resources.map((r) => stringify(r, { lineWidth: 0 }).trimEnd()).join("\n---\n");
writeFileSync(repoPath("infra", "nats", "nack", "jetstream.yaml"), `${header}\n${body}\n`);
console.log(`wrote ${resources.length} resources to infra/nats/nack/jetstream.yaml`);
