#!/usr/bin/env bash
# Generated contracts are committed; this fails when the code and the committed files disagree.
set -euo pipefail
cd "$(dirname "$0")/.."

npm run --silent generate -w @prelabel/proto
for ws in @prelabel/task @prelabel/model-registry @prelabel/annotation-job @prelabel/identity-service; do
  npm run --silent print-schema -w "$ws"
done
npm run --silent compose -w @prelabel/gateway

if ! git diff --exit-code --stat -- proto/src/gen services/*/schema.graphql gateway/supergraph.graphql; then
  echo "Generated contracts drifted from the code: run 'npm run generate' and commit the result." >&2
  exit 1
fi
