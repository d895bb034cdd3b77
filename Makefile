# qapi-gen developer commands. `make test` is what CI runs (.ci/run).
GO        ?= go
QAPI_CORPUS ?= $(abspath ../shared)
export QAPI_CORPUS
FUZZTIME  ?= 60s

.PHONY: all build test test-short vet fuzz bench golden example clean

all: build

build:
	$(GO) build ./...

## test: install QEMU when missing, then vet and run every test.
test: vet
	./scripts/install-qemu.sh
	$(GO) test -count=1 -timeout 60m ./...

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
	$(GO) test -run '^$$' -bench . -benchmem ./parser ./model ./gen

## golden: regenerate golden/ from schema/.
golden:
	$(GO) test ./gen -run TestGolden -update

## example: the main job on the embedded default schema.
example:
	$(GO) run ./cmd/qapi-gen gen -o ./out/example -pkg example

clean:
	rm -rf out
