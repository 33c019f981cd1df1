#!/usr/bin/env bash
# Command-level tests: run the real binaries on fixture files and compare
# stdout, stderr and exit status byte for byte with what the case expects.
#
# A case is a directory tests/golden/<tool>/<case>/ holding
#   cmd      one line of shell, run in tests/fixtures; a tool is named as
#            itself (pipeline-forecast ...) and pipes between tools work
#   stdin    optional, fed to the command
# The command may use $T, an empty scratch directory of its own.
#   stdout, stderr, status   what must come out (missing = empty / 0)
#   normal-only  optional: skipped in the sanitizer and valgrind runs
# Binaries come from $PIPELINE_FORECAST etc., default the build tree;
# $SALES_WRAP, when set, is put before each (make memcheck: valgrind).
# A case that kills a tool it put in the background names the binary,
# "$VISIT_LOG" rather than visit-log: $! of a backgrounded shell function
# is a subshell, and killing that would leave the tool running.
# Prints one "ok" / "not ok" line per case and a diff for a failure.
#   scripts/run-golden.sh [case-dir ...]
#   scripts/run-golden.sh --update CASE...   rewrite the expected files
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-build}
# Each tool's binary: $PIPELINE_FORECAST, $CADENCE_CHECK, $VISIT_LOG,
# $GOAL_SCORE (upper case, - as _), default the build tree.
tools="pipeline-forecast cadence-check visit-log goal-score"
for t in $tools; do
	v=$(echo "$t" | tr a-z- A-Z_)
	eval ": \"\${$v:=$top/$B/$t}\"; export $v"
done
export LC_ALL=C TZ=UTC
unset SALES_AS_OF NO_COLOR

update=0
if [ "${1:-}" = --update ]; then update=1; shift; fi
if [ $# -eq 0 ]; then
	set -- "$top"/tests/golden/*/*/
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for dir in "$@"; do
	dir=$(cd "$dir" && pwd) || { echo "not ok - $dir: no such case"; status=1; continue; }
	name=${dir#"$top"/tests/golden/}
	[ -f "$dir/cmd" ] || continue
	# A case marked normal-only (a 4 GB stream) is too slow under the
	# sanitizers or valgrind.
	if [ -f "$dir/normal-only" ] && { [ -n "${SALES_WRAP:-}" ] ||
	    [ "$B" != build ]; }; then
		echo "ok - $name # SKIP normal build only"
		continue
	fi
	stdin=/dev/null
	[ -f "$dir/stdin" ] && stdin=$dir/stdin
	rm -rf "$out/T" && mkdir "$out/T"
	(
		T=$out/T
		cd "$top/tests/fixtures" || exit 99
		for t in $tools; do
			v=$(echo "$t" | tr a-z- A-Z_)
			eval "$t() { \${SALES_WRAP:+\$SALES_WRAP} \"\$$v\" \"\$@\"; }"
		done
		eval "$(cat "$dir/cmd")"
	) <"$stdin" >"$out/stdout" 2>"$out/stderr"
	echo $? >"$out/status"
	# The scratch directory's path differs between runs: call it $T.
	for f in stdout stderr; do
		sed "s|$out/T|\$T|g" "$out/$f" >"$out/$f.t" && mv "$out/$f.t" "$out/$f"
	done
	if [ $update -eq 1 ]; then
		for f in stdout stderr status; do cp "$out/$f" "$dir/$f"; done
	fi
	ok=1
	for f in stdout stderr status; do
		want=$dir/$f
		if [ ! -f "$want" ]; then
			want=/dev/null
			[ $f = status ] && { echo 0 >"$out/want0"; want=$out/want0; }
		fi
		if ! cmp -s "$want" "$out/$f"; then
			[ $ok -eq 1 ] && echo "not ok - $name"
			ok=0
			diff -u --label "expected $f" --label "actual $f" \
			    "$want" "$out/$f" | head -40 | sed 's/^/#   /'
		fi
	done
	if [ $ok -eq 1 ]; then echo "ok - $name"; else status=1; fi
done
exit $status
