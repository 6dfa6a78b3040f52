#!/usr/bin/env bash
# The entry of hindsight's pre-commit hooks (.pre-commit-hooks.yaml,
# language: script). pre-commit runs it from its clone of this repository at
# the pinned rev, in the user's repository. It builds ./cmd/hindsight of that
# clone once (only that binary; dependencies come through the Go module
# proxy), keeps it in the clone (which pre-commit keeps per repository and
# rev, so it is never stale), and runs it:
#
#   pre-commit-hook.sh ARGS...       hindsight ARGS...
#   pre-commit-hook.sh vet ARGS...   go vet -vettool=hindsight ARGS...
#
# (language: golang would run `go install ./...` in the clone, installing
# every main package of the repository, benchmark tools included.)
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
bindir=$src/.pre-commit-bin
bin=$bindir/hindsight
if [ ! -x "$bin" ]; then
	mkdir -p "$bindir"
	version=$(git -C "$src" describe --tags --always 2>/dev/null || echo "(pre-commit)")
	tmp=$(mktemp "$bindir/hindsight.XXXXXX")
	# The user's GOFLAGS and go.work are for their module, not this build.
	(cd "$src" && GOFLAGS= GOWORK=off go build -trimpath -buildvcs=false \
		-ldflags "-X main.version=$version" -o "$tmp" ./cmd/hindsight) || {
		rm -f "$tmp"
		exit 1
	}
	mv -f "$tmp" "$bin" # atomic: concurrent runs each build, one wins
fi

if [ "${1:-}" = vet ]; then
	shift
	exec go vet -vettool="$bin" "$@"
fi
exec "$bin" "$@"
