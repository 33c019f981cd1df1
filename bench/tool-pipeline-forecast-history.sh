#!/bin/sh
# The history method's benchmark, run by bench/run (or alone):
#
#   1. the default method (history, calibrated on a year of past origins)
#      on the 1,000,000-row file against --method weighted on the same
#      file: target at most 3x the weighted time;
#   2. a 52-origin weekly backtest over that file, --by owner: target
#      under a minute;
#   3. Monte Carlo with 10,000 trials over 100,000 open deals (200 owners,
#      no past outcomes, so every group is simulated): target under 10 s.
#
# Medians of BENCH_RUNS runs (default 3; the backtest BENCH_BT_RUNS,
# default 1), wall time.  Everything generated goes to bench/out/.  The
# exit status is 0 whether or not the targets are met (this is a report),
# 2 when something could not be built or run.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
LC_ALL=C TZ=UTC
export LC_ALL TZ
unset SALES_AS_OF

B=${B:-build}
PF=${PIPELINE_FORECAST:-$B/pipeline-forecast}
CC=${CC:-cc}
RUNS=${BENCH_RUNS:-3}
BT_RUNS=${BENCH_BT_RUNS:-1}
SEED=${BENCH_SEED:-1}
OUT=bench/out
BIG=$OUT/opps-1m.csv
MC=$OUT/mc-100k-open.csv
AS_OF=2026-11-28

die() {
	echo "tool-pipeline-forecast-history: $*" >&2
	exit 2
}

[ -x "$PF" ] || die "$PF not built (run make)"
mkdir -p "$OUT"
for t in measure gen-opps; do
	[ -x "$OUT/$t" ] ||
	    $CC -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -o "$OUT/$t" \
	    "bench/$t.c" || die "cannot build $OUT/$t"
done
if [ ! -f "$BIG" ]; then
	echo "bench: generating $BIG" >&2
	"$OUT/gen-opps" 1000000 "$SEED" >"$BIG.tmp" || die "gen-opps failed"
	mv "$BIG.tmp" "$BIG"
fi

# 100,000 open deals created in the 60 days before the as-of date and
# 2,000 resolved ones, 200 owners; a Park-Miller generator in integer
# arithmetic that every awk computes exactly, so the file is the same
# everywhere.
if [ ! -f "$MC" ]; then
	echo "bench: generating $MC" >&2
	awk -v seed="$SEED" 'function rnd(n) {
		x = (x * 16807) % 2147483647
		return x % n
	}
	function day(d,	y, m, md) {
		# 2026-11-28 plus d days, d in -400..400.
		y = 2026; m = 11; d += 28
		split("31 28 31 30 31 30 31 31 30 31 30 31", md, " ")
		while (d < 1) {
			m--; if (m == 0) { m = 12; y-- }
			d += md[m]
		}
		while (d > md[m]) {
			d -= md[m]; m++; if (m == 13) { m = 1; y++ }
		}
		return sprintf("%04d-%02d-%02d", y, m, d)
	}
	BEGIN {
		x = seed * 7919 + 1
		print "owner,amount,stage,close_date,created_date"
		for (i = 0; i < 100000; i++)
			printf "Rep%03d,%d.%02d,Prospecting,%s,%s\n", i % 200,
			    10 + rnd(5000), rnd(100), day(rnd(120)),
			    day(-1 - rnd(60))
		for (i = 0; i < 2000; i++) {
			c = -31 - rnd(30)
			printf "Rep%03d,%d.%02d,%s,%s,%s\n", i % 200,
			    10 + rnd(5000), rnd(100),
			    i % 3 ? "Closed Lost" : "Closed Won",
			    day(c + 1 + rnd(29)), day(c)
		}
	}' >"$MC.tmp" || die "cannot generate $MC"
	mv "$MC.tmp" "$MC"
fi

# time RESULTS command...: one measured run, output discarded.
timed() {
	res=$1
	shift
	"$OUT/measure" "$res" "$@" >/dev/null 2>"$OUT/hist.err" ||
	    { cat "$OUT/hist.err" >&2; die "failed: $*"; }
}

# median FILE [COLUMN]: wall seconds (1) or CPU seconds (2).
median() {
	cut -d' ' -f"${2:-1}" "$1" | sort -n | awk '{ v[NR] = $1 }
	    END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

verdict() {
	awk -v v="$1" -v lim="$2" 'BEGIN { print (v <= lim) ? "ok" : "MISSED" }'
}

cat "$BIG" >/dev/null
rm -f "$OUT"/h.*
i=0
while [ "$i" -lt "$RUNS" ]; do
	timed "$OUT/h.weighted" "$PF" --as-of "$AS_OF" --method weighted "$BIG"
	timed "$OUT/h.history" "$PF" --as-of "$AS_OF" "$BIG"
	timed "$OUT/h.mc" "$PF" --as-of "$AS_OF" --method history \
	    --trials 10000 "$MC"
	i=$((i + 1))
done
i=0
while [ "$i" -lt "$BT_RUNS" ]; do
	timed "$OUT/h.backtest" "$PF" --as-of "$AS_OF" --backtest --summary \
	    --by owner --total "$BIG"
	i=$((i + 1))
done

tw=$(median "$OUT/h.weighted")
th=$(median "$OUT/h.history")
tb=$(median "$OUT/h.backtest")
tm=$(median "$OUT/h.mc")
ratio=$(awk -v a="$th" -v b="$tw" 'BEGIN { printf "%.2f", a / b }')
cw=$(median "$OUT/h.weighted" 2)
ch=$(median "$OUT/h.history" 2)
cratio=$(awk -v a="$ch" -v b="$cw" 'BEGIN { printf "%.2f", a / b }')
echo "runs: $RUNS (backtest $BT_RUNS); median wall seconds (CPU seconds)"
printf '%-46s %8s  (cpu %s)\n' "weighted, 1,000,000 rows" "$tw" "$cw"
printf '%-46s %8s  (cpu %s) %sx weighted, cpu %sx (target <= 3): %s\n' \
    "history (default), 1,000,000 rows" "$th" "$ch" "$ratio" "$cratio" \
    "$(verdict "$ratio" 3)"
printf '%-46s %8s  target < 60: %s\n' \
    "backtest, 52 weekly origins, --by owner" "$tb" "$(verdict "$tb" 60)"
printf '%-46s %8s  target < 10: %s\n' \
    "Monte Carlo, 10,000 trials x 100,000 open" "$tm" "$(verdict "$tm" 10)"
exit 0
