import { writeFileSync } from "node:fs";
import { TOPOLOGY } from "@prelabel/proto";
import { repoPath } from "../repo.js";
import { topologyFiles } from "../topology.files.js";

/**
 * `npm run generate:topology -w @prelabel/k8s-check` (part of `npm run generate`): writes infra/nats/topology.json
 * and the NACK resources in infra/nats/nack/jetstream.yaml from proto/src/topology.ts, the one declaration of the
 * JetStream streams, consumers and buckets. scripts/check-generated.sh fails when the committed files drift.
 */
for (const file of topologyFiles(TOPOLOGY)) {
  writeFileSync(repoPath(file.path), file.content);
  console.log(`wrote ${file.path}`);
}
