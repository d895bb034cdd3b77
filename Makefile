# qapi-gen developer commands. `make test` runs scripts/test.sh, as CI (.ci/run) does.
GO        ?= go
QAPI_CORPUS ?= $(abspath ../shared)
export QAPI_CORPUS
FUZZTIME  ?= 60s

.PHONY: all build test test-short vet fuzz bench bench-python bench-tricks golden example example-bindings clean integration integration-bindings

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
	$(GO) test ./gen/qapirt -run '^$$' -fuzz '^FuzzSameShape$$' -fuzztime $(FUZZTIME)
	$(GO) test ./golden/tricky -run '^$$' -fuzz '^FuzzDecodeHostile$$' -fuzztime $(FUZZTIME)

## bench: the speed and memory targets, with their figures; first the
## comparison with QEMU's Python generator (bench-python).
bench: bench-python
	$(GO) mod download github.com/digitalocean/go-qemu@v0.0.0-20250212194115-ee9b0668d242
	$(GO) test -run '^$$' -bench . -benchmem ./parser ./model ./gen ./cmd/qapi-gen ./introspect ./wire
	./scripts/install-qemu.sh
	$(GO) test -run '^$$' -bench QEMU -benchtime 4s ./qmp
	./scripts/integration-bindings.sh $(QAPI_CORPUS)/qemu/v7.2.0
	$(GO) test -tags integration -run '^$$' -bench QEMU -benchtime 4s ./integration

## bench-python: qapi-gen gen on QEMU 10.1's QMP schema against QEMU's own
## Python generator on the same schema, as a ratio (target: 25 times
## faster), and the same ratio for reading and checking the schema alone
## (python/load-only: the most any generator on this front end could
## reach). The generator is $(QEMU_SRC)'s scripts/qapi-gen.py; without
## QEMU_SRC, scripts/qapi of QEMU's v10.1.0 release commit is taken from
## a QEMU git mirror at QEMU_MIRROR when there is one, into a temporary
## directory removed afterwards. With neither, it says so and skips.
QEMU_MIRROR ?= /work/.mirror/sarsanaee+qemu-lab/repo
QEMU_V10_1  := f8b2f64e2336a28bf0d50b6ef8a7d8c013e9bcf3
bench-python:
	@src="$(QEMU_SRC)"; tmp=""; \
	if [ -z "$$src" ] && git -C "$(QEMU_MIRROR)" cat-file -e "$(QEMU_V10_1)^{commit}" 2>/dev/null; then \
	  tmp=$$(mktemp -d) && src=$$tmp && \
	  git -C "$(QEMU_MIRROR)" archive $(QEMU_V10_1) scripts/qapi scripts/qapi-gen.py | tar -x -C "$$tmp" || exit 1; \
	fi; \
	if [ -z "$$src" ]; then \
	  echo "bench-python: SKIPPED: set QEMU_SRC to a QEMU 10.1 source tree (with scripts/qapi-gen.py), or QEMU_MIRROR to a QEMU git mirror"; \
	  exit 0; \
	fi; \
	QEMU_SRC="$$src" $(GO) test -run '^$$' -bench '^BenchmarkVsPythonQMP10$$' -benchtime 20x ./cmd/qapi-gen; st=$$?; \
	if [ -n "$$tmp" ]; then rm -rf "$$tmp"; fi; exit $$st

## bench-tricks: the A/B of every speed trick (internal/tricks): a binary
## without each, against the one with all, in turn in one run.
bench-tricks:
	QAPI_BENCH_TRICKS=1 $(GO) test -run '^$$' -bench '^BenchmarkTricks$$/^qmp10$$' -benchtime 30x -timeout 60m ./cmd/qapi-gen
	QAPI_BENCH_TRICKS=1 $(GO) test -run '^$$' -bench '^BenchmarkTricks$$/^(commands|doc)' -benchtime 5x -timeout 60m ./cmd/qapi-gen

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
