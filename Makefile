# hindsight — make targets. `make test` is what CI runs (.ci/run).
GO      ?= go
BIN     := bin
export GOFLAGS := -buildvcs=false

.PHONY: all build test test-render fmt-check vet unit dogfood demo lint golangci test-golangci lint-locked release-snapshot bench sweep fuzz clean

all: build

build:
	$(GO) build -o $(BIN)/hindsight ./cmd/hindsight

## test: everything CI checks: formatting, go vet, all tests, hindsight on itself.
test: fmt-check vet unit test-render dogfood test-golangci lint

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

unit:
	$(GO) test -count=1 ./...

## test-render: the render module (hindsight-render: Helm and Kustomize),
## its own module so hindsight does not link Helm and Kustomize.
test-render:
	cd render && $(GO) vet ./... && $(GO) test -count=1 ./...

## dogfood: hindsight must be clean on its own code, standalone and under go vet.
dogfood: build
	$(BIN)/hindsight ./...
	$(GO) vet -vettool=$(abspath $(BIN)/hindsight) ./...

## demo: the README's first command, the five incidents (exits non-zero: it finds them).
demo:
	-$(GO) run ./cmd/hindsight -C testdata/incidents ./...

clean:
	rm -rf $(BIN) dist

## release-snapshot: the release archives of .goreleaser.yaml, offline and
## without goreleaser: plain go build (CGO_ENABLED=0, -trimpath,
## -X main.version) for linux/darwin/windows x amd64/arm64, tar.gz (zip for
## windows) with README.md and CHANGELOG.md, and dist/checksums.txt
## (sha256sum -c format, verified here). SNAPSHOT_VERSION picks the version.
SNAPSHOT_VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo v0.0.0)-snapshot
release-snapshot:
	$(GO) run ./tools/release -go=$(GO) -version=$(SNAPSHOT_VERSION) -o dist
	cd dist && sha256sum -c checksums.txt

## golangci: golangci-lint v2.15.0 with hindsight's plugins, built through the
## module proxy (no git): tools/golangci is a 25-line main plus go.mod/go.sum.
golangci:
	cd tools/golangci && $(GO) build -o ../../$(BIN)/golangci-lint-hindsight .

## test-golangci: end-to-end test of the plugins inside that binary.
test-golangci: golangci
	HINDSIGHT_GOLANGCI_LINT=$(abspath $(BIN)/golangci-lint-hindsight) $(GO) test -count=1 -run TestGolangci ./plugin/

## lint: the repo's own .golangci.yml with the custom binary (dogfood).
## --allow-parallel-runners: golangci-lint otherwise fails when another
## golangci-lint on the machine holds its lock ($$TMPDIR/golangci-lint.lock).
lint: golangci
	cache=$$(mktemp -d) && trap 'rm -rf "$$cache"' EXIT && \
	GOLANGCI_LINT_CACHE=$$cache $(BIN)/golangci-lint-hindsight run --allow-parallel-runners ./...

## lint-locked: `make lint` while another process holds golangci-lint's lock
## (flock(1) takes the same flock(2) lock golangci-lint does); the
## end-to-end tests check the same for the plugins (TestGolangciWhileAnotherHoldsTheLock).
lint-locked: golangci
	flock $${TMPDIR:-/tmp}/golangci-lint.lock $(MAKE) lint

## bench: wall time and peak memory of hindsight against load-only baselines,
## staticcheck and go vet, on std and a pinned large module (fetched into
## BENCH_DIR, never committed); writes the table to docs/performance.md.
## RUNS runs of each tool, alternating; CORPORA picks what to measure;
## NICE="nice -n 10" on a shared machine.
RUNS      ?= 3
BENCH_DIR ?= /tmp/hindsight-bench
CORPORA   ?= std prometheus
FUZZTIME  ?= 10m
NICE      ?=
bench:
	$(GO) build -o $(BENCH_DIR)/hsbench ./tools/hsbench
	$(NICE) $(BENCH_DIR)/hsbench bench -go=$(GO) -runs=$(RUNS) -dir=$(BENCH_DIR) -corpora="$(CORPORA)"

## sweep: hindsight over std and the pinned modules, twice each; fails on a
## panic, an internal error or findings that differ between runs; prints the
## findings per check and updates the counts in docs/precision.md.
sweep:
	$(GO) build -o $(BENCH_DIR)/hsbench ./tools/hsbench
	$(NICE) $(BENCH_DIR)/hsbench sweep -go=$(GO) -dir=$(BENCH_DIR) -corpora="$(CORPORA)"

## fuzz: every go test -fuzz target, one at a time, FUZZTIME each (manual;
## make test runs the seeds only). Commit crashers under testdata/fuzz/.
fuzz:
	FUZZTIME=$(FUZZTIME) GO=$(GO) tools/fuzz.sh
