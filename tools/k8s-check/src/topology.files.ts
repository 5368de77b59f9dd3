import { stringify } from "yaml";
import type { Topology } from "@prelabel/proto";
import { nackResources } from "./nack.js";

/** The files generated from proto's TOPOLOGY, relative to the repository root, with their content. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

const GENERATOR = "`npm run generate:topology -w @prelabel/k8s-check`";

/** infra/nats/topology.json: what `npm run nats:setup -- <file>` applies when given a file instead of proto's definition. */
export function topologyJson(topology: Topology): GeneratedFile {
  const document = {
    $comment:
      `GENERATED from proto/src/topology.ts (TOPOLOGY) by ${GENERATOR}; do not edit. ` +
      "JetStream streams, consumers and buckets Prelabel needs; names get the NATS_NAMESPACE prefix when one is configured.",
    ...topology,
  };
  return { path: "infra/nats/topology.json", content: `${JSON.stringify(document, null, 2)}\n` };
}

/** infra/nats/nack/jetstream.yaml: the same topology as NACK resources (no NATS_NAMESPACE, one replica; prod patches replicas). */
export function nackYaml(topology: Topology): GeneratedFile {
  const header = [
    `# GENERATED from proto/src/topology.ts (TOPOLOGY) by ${GENERATOR}; do not edit.`,
    "# NACK (jetstream.nats.io/v1beta2) resources: the same streams, consumers and buckets `npm run nats:setup` applies,",
    '# without a NATS_NAMESPACE prefix (docs/operations.md, "NATS names"). scripts/check-generated.sh fails when they drift.',
  ].join("\n");
  const resources = nackResources(topology);
  const body = resources.map((r) => stringify(r, { lineWidth: 0 }).trimEnd()).join("\n---\n");
  return { path: "infra/nats/nack/jetstream.yaml", content: `${header}\n${body}\n` };
}

/** Every file generated from the topology. */
export const topologyFiles = (topology: Topology): GeneratedFile[] => [topologyJson(topology), nackYaml(topology)];
