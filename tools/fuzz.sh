#!/usr/bin/env bash
# fuzz.sh: run every `go test -fuzz` target in the module, one at a time,
# each for FUZZTIME (default 10m), niced. A crasher is written by go test to
# <package>/testdata/fuzz/<FuzzName>/; commit it: it then runs as a
# regression seed in every `go test` (and so in `make test`).
#
#   FUZZTIME=10m FUZZPARALLEL=1 tools/fuzz.sh [FuzzName...]
set -u
cd "$(dirname "$0")/.."
GO=${GO:-go}
FUZZTIME=${FUZZTIME:-10m}
FUZZPARALLEL=${FUZZPARALLEL:-1}

# Every Fuzz function as "package-dir FuzzName" (test files only; not under testdata).
targets=$(git ls-files --cached --others --exclude-standard '*_test.go' 2>/dev/null || find . -name '*_test.go' -not -path '*/testdata/*')
list=$(for f in $targets; do
	case $f in */testdata/*) continue ;; esac
	grep -ho '^func Fuzz[A-Za-z0-9_]*(' "$f" | sed 's/^func //; s/($//' | while read -r fn; do
		echo "./$(dirname "$f") $fn"
	done
done | sort -u)
if [ $# -gt 0 ]; then
	want=" $* "
	list=$(echo "$list" | while read -r dir fn; do case $want in *" $fn "*) echo "$dir $fn" ;; esac; done)
fi
if [ -z "$list" ]; then
	echo "fuzz: no Fuzz targets found" >&2
	exit 1
fi

status=0
while read -r dir fn; do
	echo "== $fn in $dir for $FUZZTIME (parallel $FUZZPARALLEL)"
	start=$(date +%s)
	if nice -n 10 $GO test -run='^$' -fuzz="^${fn}\$" -fuzztime="$FUZZTIME" -parallel="$FUZZPARALLEL" "$dir"; then
		echo "== $fn: ok after $(($(date +%s) - start))s"
	else
		echo "== $fn: FAILED after $(($(date +%s) - start))s; new crashers:" >&2
		git status --short -- "$dir/testdata/fuzz" >&2
		status=1
	fi
done <<<"$list"
exit $status
