#!/usr/bin/env bash
# The one test command: builds every project, checks generated contracts, then runs unit, integration and e2e tests
# in one node test runner invocation so its closing summary covers them all. Lint and formatting are tests too
# (tools/lint-check: ESLint and Prettier through their APIs), so a lint error or an unformatted file is a failing test
# in that summary rather than an early exit that hides the other results.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-infra.sh
bash scripts/ensure-browser.sh
npm run build --silent
npm run check:generated --silent
# The manifest checks render with the pinned kubectl from the project's install (tools/k8s-check); nothing by hand.
node tools/k8s-check/dist/cli/install-kubectl.cli.js

mapfile -t files < <(find proto libs services gateway e2e tools -path '*/node_modules' -prune -o -path '*/dist/*' \
  \( -name '*.spec.js' -o -name '*.int-spec.js' -o -name '*.e2e.js' \) -print | sort)
if [ "${#files[@]}" -eq 0 ]; then
  echo "no test files found" >&2
  exit 1
fi
exec node --test --test-concurrency="${TEST_CONCURRENCY:-2}" --test-timeout=600000 --test-reporter=spec "${files[@]}"
