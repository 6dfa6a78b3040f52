#!/usr/bin/env bash
# The shell steps of hindsight's GitHub Action (action.yml at the repository
# root); internal/recipes runs them locally with fake go and hindsight
# commands. Inputs come as environment variables, never spliced into the
# script:
#
#   run.sh install   go install .../cmd/hindsight@$INPUT_VERSION
#   run.sh run       hindsight -format=sarif -o $INPUT_SARIF -severity=$INPUT_SEVERITY
#                      [-baseline=$INPUT_BASELINE] $INPUT_ARGS $INPUT_PATTERNS
#
# `run` exits 0 when hindsight reports nothing at or above the severity,
# and fails the step on findings (hindsight's exit code 3) and on failures
# (exit code 1: bad pattern, type errors, internal error).
set -euo pipefail

module=github.com/hindsight-lint/hindsight/cmd/hindsight

output() { # output NAME VALUE: a step output, when run by GitHub Actions
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		echo "$1=$2" >>"$GITHUB_OUTPUT"
	fi
}

case "${1:-}" in
install)
	version=${INPUT_VERSION:-}
	if ! [[ $version =~ ^v[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
		echo "::error::hindsight action: version must be a release tag such as v0.1.0 (see CHANGELOG.md), got '$version'"
		exit 1
	fi
	go install "$module@$version"
	gobin=$(go env GOBIN)
	if [ -z "$gobin" ]; then
		gobin=$(go env GOPATH)/bin
	fi
	if [ -n "${GITHUB_PATH:-}" ]; then
		echo "$gobin" >>"$GITHUB_PATH"
	fi
	;;
run)
	severity=${INPUT_SEVERITY:-warning}
	case "$severity" in
	error | warning | info) ;;
	*)
		echo "::error::hindsight action: severity must be error, warning or info, got '$severity'"
		exit 1
		;;
	esac
	sarif=${INPUT_SARIF:-hindsight.sarif}
	args=(-format=sarif -o "$sarif" -severity="$severity")
	if [ -n "${INPUT_BASELINE:-}" ]; then
		if [ ! -f "$INPUT_BASELINE" ]; then
			echo "::error::hindsight action: baseline file '$INPUT_BASELINE' does not exist"
			exit 1
		fi
		args+=(-baseline="$INPUT_BASELINE")
	fi
	read -r -a extra <<<"${INPUT_ARGS:-}"
	read -r -a patterns <<<"${INPUT_PATTERNS:-./...}"
	if [ ${#patterns[@]} -eq 0 ]; then
		patterns=(./...)
	fi
	code=0
	hindsight "${args[@]}" ${extra[@]+"${extra[@]}"} "${patterns[@]}" || code=$?
	output exit-code "$code"
	if [ -f "$sarif" ]; then
		output sarif-file "$sarif" # the upload step runs only then
	fi
	case $code in
	0) echo "hindsight: no findings at or above $severity" ;;
	3)
		echo "::error::hindsight: findings at or above $severity (exit code 3); see $sarif and the code scanning alerts"
		exit 3
		;;
	*)
		echo "::error::hindsight failed (exit code $code): a bad pattern, packages that do not type-check, or an internal error"
		exit "$code"
		;;
	esac
	;;
*)
	echo "usage: run.sh install|run" >&2
	exit 2
	;;
esac
