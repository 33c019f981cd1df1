#!/bin/sh
# Part of make bench (run by bench/run): pipeline-forecast on two threads
# against one thread and against DuckDB on two threads, on a file of
# 10,000,000 opportunities (about 1.2 GB, generated into bench/out/ by
# bench/gen-opps.c, never committed).
#
# DuckDB runs the same aggregation (per owner: count, amount and
# amount x probability of the open deals closing in the 90-day horizon)
# as one prepared statement through its Node.js client, installed with
# npm into ${XDG_CACHE_HOME:-~/.cache}/sales-tools/duckdb, outside the
# repository.  Without npm (or without network for npm) it is skipped
# with a message.  The contenders run round robin BENCH_JOBS_RUNS times
# (default 3), so that a noisy neighbour hurts all of them alike; medians
# and ratios are reported.  "-j 2, libcsv only" is -j 2 with
# SALES_CSV_LIBCSV_ONLY set: without the CSV reader's fast path.
#
# Environment: B (build dir), BENCH_JOBS_ROWS (default 10000000),
# BENCH_JOBS_RUNS, BENCH_SEED.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
LC_ALL=C
export LC_ALL
B=${B:-build}
PF=$B/pipeline-forecast
OUT=bench/out
ROWS=${BENCH_JOBS_ROWS:-10000000}
RUNS=${BENCH_JOBS_RUNS:-3}
SEED=${BENCH_SEED:-20261128}
BIG=$OUT/opps-10m.csv
ASOF=2026-11-28
END=2027-02-26
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/sales-tools/duckdb

die() {
	echo "bench: $*" >&2
	exit 2
}
calc() {
	awk "BEGIN { printf \"%s\", ($1) }"
}
median() {
	cut -d' ' -f"$1" "$2" | sort -n | awk '{ v[NR] = $1 }
	    END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

mkdir -p "$OUT"
[ -x "$PF" ] || die "$PF is not built (make all)"
for h in gen-opps measure; do
	if [ ! -x "$OUT/$h" ]; then
		cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -o "$OUT/$h" \
		    "bench/$h.c" || die "cannot build $OUT/$h"
	fi
done
want="rows=$ROWS seed=$SEED gen=$(cksum <bench/gen-opps.c | cut -d' ' -f1)"
if ! { [ -f "$BIG" ] && [ -f "$BIG.stamp" ] &&
    [ "$(cat "$BIG.stamp")" = "$want bytes=$(wc -c <"$BIG" | tr -d ' ')" ]; }
then
	echo "bench: generating $BIG ($ROWS rows, seed $SEED)" >&2
	"$OUT/gen-opps" "$ROWS" "$SEED" >"$BIG.tmp" || die "gen-opps failed"
	mv "$BIG.tmp" "$BIG"
	echo "$want bytes=$(wc -c <"$BIG" | tr -d ' ')" >"$BIG.stamp"
fi
bytes=$(wc -c <"$BIG" | tr -d ' ')

duck=0
if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
	if [ ! -d "$CACHE/node_modules/@duckdb/node-api" ]; then
		echo "bench: installing @duckdb/node-api into $CACHE" >&2
		mkdir -p "$CACHE"
		(cd "$CACHE" && npm install --silent --no-audit --no-fund \
		    @duckdb/node-api >/dev/null 2>&1) || true
	fi
	[ -d "$CACHE/node_modules/@duckdb/node-api" ] && duck=1
fi
[ $duck -eq 1 ] || echo "bench: DuckDB skipped: npm/node missing or the install failed"

run_j1() {
	"$OUT/measure" "$1" "$PF" -j 1 --method weighted --by owner \
	    --as-of "$ASOF" "$BIG" >/dev/null
}
run_j2() {
	"$OUT/measure" "$1" "$PF" -j 2 --method weighted --by owner \
	    --as-of "$ASOF" "$BIG" >/dev/null
}
run_j2lib() {
	SALES_CSV_LIBCSV_ONLY=1 "$OUT/measure" "$1" "$PF" -j 2 --method \
	    weighted --by owner --as-of "$ASOF" "$BIG" >/dev/null
}
run_duck() {
	"$OUT/measure" "$1" node bench/duckdb-agg.mjs "$CACHE/node_modules" \
	    "$BIG" 2 "$ASOF" "$END" >/dev/null
}

# The same result: per owner, deals and pipeline of the 90-day horizon.
if [ $duck -eq 1 ]; then
	"$PF" -j 2 --by owner --horizon 90 --as-of "$ASOF" "$BIG" |
	    awk -F, 'NR > 1 { print $1 "," $3 "," $4 }' >"$OUT/agree.jobs"
	node bench/duckdb-agg.mjs "$CACHE/node_modules" "$BIG" 2 "$ASOF" "$END" |
	    awk -F, '{ printf "%s,%s,%.2f\n", $1, $2, $3 }' >"$OUT/agree.duck"
	if cmp -s "$OUT/agree.jobs" "$OUT/agree.duck"; then
		echo "same result: deals and pipeline per owner agree with DuckDB ($(wc -l <"$OUT/agree.duck") owners)"
	else
		die "pipeline-forecast and DuckDB disagree: diff $OUT/agree.jobs $OUT/agree.duck"
	fi
fi

who="j1 j2 j2lib"
[ $duck -eq 1 ] && who="$who duck"
for w in $who; do rm -f "$OUT/t.$w"; done
i=0
while [ $i -lt "$RUNS" ]; do
	for w in $who; do "run_$w" "$OUT/t.$w" || die "$w failed"; done
	i=$((i + 1))
done

mb=$(calc "$bytes / 1000000")
printf '%s, %s bytes, %s runs each, round robin; median wall seconds:\n' \
    "$BIG" "$bytes" "$RUNS"
for w in $who; do
	case $w in
	j1) label="pipeline-forecast -j 1" ;;
	j2) label="pipeline-forecast -j 2" ;;
	j2lib) label="-j 2, libcsv only" ;;
	duck) label="DuckDB, 2 threads" ;;
	esac
	t=$(median 1 "$OUT/t.$w")
	printf '  %-24s %7.2f s %7.0f MB/s  cpu %6.2f s\n' "$label" "$t" \
	    "$(calc "$mb / $t")" "$(median 2 "$OUT/t.$w")"
done
t1=$(median 1 "$OUT/t.j1")
t2=$(median 1 "$OUT/t.j2")
r=$(calc "$t1 / $t2")
printf '%s -j 1 / -j 2 = %.2f (target >= 1.7) %s\n' pipeline-forecast "$r" \
    "$( [ "$(calc "$r >= 1.7")" = 1 ] && echo PASS || echo FAIL)"
if [ $duck -eq 1 ]; then
	td=$(median 1 "$OUT/t.duck")
	r=$(calc "$td / $t2")
	printf 'DuckDB / pipeline-forecast -j 2 = %.2f (target >= 1) %s\n' "$r" \
	    "$( [ "$(calc "$r >= 1")" = 1 ] && echo PASS || echo FAIL)"
	printf 'DuckDB / pipeline-forecast -j 2, libcsv only = %.2f\n' \
	    "$(calc "$td / $(median 1 "$OUT/t.j2lib")")"
fi
exit 0
