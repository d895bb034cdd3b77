#!/usr/bin/env bash
# Generates the Go bindings the integration tests use from QEMU 7.2's own
# schemas (directory given as $1): QMP, the storage daemon, and the guest
# agent's schema as Debian installs it with qemu-ga (the corpus copy when
# it is not installed); and QEMU 10.1's QMP bindings when the corpus has
# them beside 7.2's. They are never committed: they carry QEMU's doc
# text. No flags: gen recognises 7.2's language and doc conventions.
set -euo pipefail
cd "$(dirname "$0")/.."
qemu72="$1"
out=integration/internal/qemu72
GO="${GO:-go}"
gen() { "$GO" run ./cmd/qapi-gen gen -q "$@"; }
gen -o "$out/qmp" -pkg qmp "$qemu72/qapi/qapi-schema.json"
gen -o "$out/qsd" -pkg qsd "$qemu72/storage-daemon/qapi/qapi-schema.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gz=/usr/share/doc/qemu-guest-agent/qapi-schema.json.gz
if [ -f "$gz" ]; then gunzip -c "$gz" > "$tmp/qga.json"; else cp "$qemu72/qga/qapi-schema.json" "$tmp/qga.json"; fi
gen -o "$out/qga" -pkg qga "$tmp/qga.json"
# QEMU 10.1's QMP bindings, beside 7.2's in the corpus, for the run-time
# compatibility check of newer bindings against the QEMU 7.2 installed.
qemu101="$(dirname "$qemu72")/v10.1.0"
if [ -f "$qemu101/qapi/qapi-schema.json" ]; then
  gen -o integration/internal/qemu101/qmp -pkg qmp "$qemu101/qapi/qapi-schema.json"
fi
