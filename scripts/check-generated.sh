#!/usr/bin/env bash
# Generated contracts are committed; this fails when the code and the committed files disagree. It runs on the built
# tree (npm run build): the schemas and the NATS topology files are printed by compiled code.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent generate -w @prelabel/proto
for ws in @prelabel/task @prelabel/model-registry @prelabel/annotation-job @prelabel/identity-service; do
  npm run --silent print-schema -w "$ws"
done
npm run --silent compose -w @prelabel/gateway
# infra/nats/topology.json and the NACK resources, from proto/src/topology.ts.
npm run --silent generate:topology -w @prelabel/k8s-check >/dev/null
# The console's typed operations (GraphQL Code Generator's client preset), from the supergraph and the console's documents.
npm run --silent codegen -w @prelabel/console >/dev/null

if ! git diff --exit-code --stat -- proto/src/gen services/*/schema.graphql gateway/supergraph.graphql infra/nats/topology.json \
  infra/nats/nack/jetstream.yaml console/src/gql; then
  echo "Generated contracts drifted from the code: run 'npm run generate' and commit the result." >&2
  exit 1
fi
