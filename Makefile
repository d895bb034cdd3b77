# qapi-gen developer commands. `make test` runs scripts/test.sh, as CI (.ci/run) does.
GO        ?= go
QAPI_CORPUS ?= $(abspath ../shared)
export QAPI_CORPUS
FUZZTIME  ?= 60s

.PHONY: all build test test-short vet fuzz bench golden example example-bindings clean integration integration-bindings

all: build

build:
	$(GO) build ./...

## test: every test: vet and gofmt, unit and conformance tests, then the
## end-to-end tests against Debian's QEMU 7.2 (see scripts/test.sh).
test:
	./scripts/test.sh

## integration-bindings: generate the Go bindings the integration tests use.
integration-bindings:
	./scripts/integration-bindings.sh $(QAPI_CORPUS)/qemu/v7.2.0

## integration: only the end-to-end tests.
integration: integration-bindings
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
	$(GO) test ./gen -run '^$$' -fuzz '^FuzzPlainDoc$$' -fuzztime $(FUZZTIME)
	$(GO) test ./gen -run '^$$' -fuzz '^FuzzFromRST$$' -fuzztime $(FUZZTIME)
	$(GO) test ./gen -run '^$$' -fuzz '^FuzzGenerate$$' -fuzztime $(FUZZTIME)
	$(GO) test ./gen -run '^$$' -fuzz '^FuzzSchemaBuilder$$' -fuzztime $(FUZZTIME)
	$(GO) test ./gen/names -run '^$$' -fuzz '^FuzzSuffixASCII$$' -fuzztime $(FUZZTIME)
	$(GO) test ./wire -run '^$$' -fuzz '^FuzzReply$$' -fuzztime $(FUZZTIME)
	$(GO) test ./diff -run '^$$' -fuzz '^FuzzWire$$' -fuzztime $(FUZZTIME)
	$(GO) test ./qmp -run '^$$' -fuzz '^FuzzSplitMessage$$' -fuzztime $(FUZZTIME)
	$(GO) test ./gen/qapirt -run '^$$' -fuzz '^FuzzSplitUnion$$' -fuzztime $(FUZZTIME)

## bench: the speed and memory targets, with their figures.
bench:
	$(GO) mod download github.com/digitalocean/go-qemu@v0.0.0-20250212194115-ee9b0668d242
	$(GO) test -run '^$$' -bench . -benchmem ./parser ./model ./gen ./cmd/qapi-gen ./introspect ./wire
	./scripts/install-qemu.sh
	$(GO) test -run '^$$' -bench QEMU -benchtime 4s ./qmp
	./scripts/integration-bindings.sh $(QAPI_CORPUS)/qemu/v7.2.0
	$(GO) test -tags integration -run '^$$' -bench QEMU -benchtime 4s ./integration

## golden: regenerate golden/ from schema/.
golden:
	$(GO) test ./gen -run TestGolden -update

## example-bindings: regenerate the committed bindings of
## examples/qmp-events from its own schema (go test ./examples/... fails
## while they are stale).
example-bindings:
	$(GO) generate ./examples/qmp-events
	$(GO) generate ./examples/fake-qemu

## example: the main job on the embedded default schema.
example:
	$(GO) run ./cmd/qapi-gen gen -o ./out/example -pkg example

clean:
	rm -rf out
