# qapi-gen developer commands. `make test` is what CI runs (.ci/run).
GO        ?= go
QAPI_CORPUS ?= $(abspath ../shared)
export QAPI_CORPUS
FUZZTIME  ?= 60s

.PHONY: all build test test-short vet fuzz bench golden example example-bindings clean integration integration-bindings integration-run

all: build

build:
	$(GO) build ./...

## test: install QEMU when missing, then vet and run every test, the
## end-to-end integration tests last.
test: vet
	./scripts/install-qemu.sh
	$(GO) test -count=1 -timeout 60m ./...
	$(MAKE) integration

# The integration tests run the bindings of QEMU 7.2's own schemas against
# the QEMU 7.2 binaries of Debian 12. The bindings are generated here, at
# test time, and never committed (they carry QEMU's doc text).
QEMU72_SCHEMAS   := $(QAPI_CORPUS)/qemu/v7.2.0
QGA_SCHEMA_GZ    ?= /usr/share/doc/qemu-guest-agent/qapi-schema.json.gz
INTEGRATION_PKGS := integration/internal/qemu72

## integration-bindings: generate the Go bindings the integration tests use.
integration-bindings:
	$(GO) run ./cmd/qapi-gen gen -q -lenient-docs -o $(INTEGRATION_PKGS)/qmp -pkg qmp $(QEMU72_SCHEMAS)/qapi/qapi-schema.json
	$(GO) run ./cmd/qapi-gen gen -q -lenient-docs -o $(INTEGRATION_PKGS)/qsd -pkg qsd $(QEMU72_SCHEMAS)/storage-daemon/qapi/qapi-schema.json
	@# The agent's schema as installed with qemu-ga (the corpus copy when it is not).
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  if [ -f $(QGA_SCHEMA_GZ) ]; then gunzip -c $(QGA_SCHEMA_GZ) > "$$tmp/qga.json"; \
	  else cp $(QEMU72_SCHEMAS)/qga/qapi-schema.json "$$tmp/qga.json"; fi && \
	  $(GO) run ./cmd/qapi-gen gen -q -lenient-docs -o $(INTEGRATION_PKGS)/qga -pkg qga "$$tmp/qga.json"

## integration: install QEMU when missing, generate the bindings, run the
## end-to-end tests (each skips, saying why, if its binary is missing;
## everything is skipped, loudly, without the schema corpus).
integration:
	@if [ -f $(QEMU72_SCHEMAS)/qapi/qapi-schema.json ]; then \
	  $(MAKE) --no-print-directory integration-run; \
	else echo "integration: SKIPPED: no QEMU 7.2 schemas under $(QEMU72_SCHEMAS) (set QAPI_CORPUS)" >&2; fi

integration-run: integration-bindings
	./scripts/install-qemu.sh
	$(GO) test -tags integration -count=1 -timeout 10m ./integration/...

test-short:
	$(GO) test -short ./...

vet:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

## fuzz: run each fuzz target for FUZZTIME.
fuzz:
	$(GO) test ./parser -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./doc -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./model -run '^$$' -fuzz '^FuzzFrontEnd$$' -fuzztime $(FUZZTIME)

## bench: the speed and memory targets, with their figures.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./parser ./model ./gen ./cmd/qapi-gen
	./scripts/install-qemu.sh
	$(GO) test -run '^$$' -bench QEMU -benchtime 4s ./qmp

## golden: regenerate golden/ from schema/.
golden:
	$(GO) test ./gen -run TestGolden -update

## example-bindings: regenerate the committed bindings of
## examples/qmp-events from its own schema (go test ./examples/... fails
## while they are stale).
example-bindings:
	$(GO) generate ./examples/qmp-events

## example: the main job on the embedded default schema.
example:
	$(GO) run ./cmd/qapi-gen gen -o ./out/example -pkg example

clean:
	rm -rf out
