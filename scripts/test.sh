#!/usr/bin/env bash
# Runs every test of the project: vet and gofmt, the unit and conformance
# tests, then the end-to-end tests against Debian's QEMU 7.2 (installed
# when missing). Needs only bash and Go; `make test` and .ci/run call it.
#
# The shared test data is found at $QAPI_CORPUS, else ../shared beside the
# repository; tests that need it skip, saying so, when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
export QAPI_CORPUS="${QAPI_CORPUS:-$(cd .. && pwd)/shared}"
GO="${GO:-go}"

echo "== go vet, gofmt"
"$GO" vet ./...
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt needed:"; echo "$unformatted"; exit 1
fi

echo "== go mod tidy"
# go.mod and go.sum must be what go mod tidy makes of them (direct
# dependencies marked direct). Needs the module proxy or a warm cache.
"$GO" mod tidy -diff

echo "== QEMU binaries"
./scripts/install-qemu.sh

echo "== go test"
"$GO" test -count=1 -timeout 60m ./...

echo "== integration"
qemu72="$QAPI_CORPUS/qemu/v7.2.0"
if [ ! -f "$qemu72/qapi/qapi-schema.json" ]; then
  echo "integration: SKIPPED: no QEMU 7.2 schemas under $qemu72 (set QAPI_CORPUS)" >&2
  exit 0
fi
./scripts/integration-bindings.sh "$qemu72"
"$GO" test -tags integration -count=1 -timeout 10m ./integration/...
