#!/bin/sh
# cadence-check over 1,000,000 one-on-one records for 10,000 reps (100
# managers), next to a peer doing the simplest part of the job, the last
# meeting per rep, with sort | awk.  Run by bench/run (B set); alone:
#   B=build sh bench/tool-cadence-check.sh
# Environment: BENCH_RUNS (timed runs each, default 5).  Data is generated
# deterministically (a Park-Miller generator in awk, exact in doubles) into
# bench/out/ and kept while the generator is unchanged.
# Reports medians of wall time, the ratio to the peer, and the peak RSS at
# 100,000 and 1,000,000 records (memory grows with reps, not meetings).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
LC_ALL=C TZ=UTC
export LC_ALL TZ
unset SALES_AS_OF
B=${B:-build}
CC_TOOL=${CADENCE_CHECK:-$B/cadence-check}
RUNS=${BENCH_RUNS:-5}
OUT=bench/out
mkdir -p "$OUT"
[ -x "$CC_TOOL" ] || { echo "bench: no $CC_TOOL" >&2; exit 2; }
if [ ! -x "$OUT/measure" ]; then
	cc -O2 -o "$OUT/measure" bench/measure.c ||
	    { echo "bench: cannot build measure" >&2; exit 2; }
fi

GEN_VERSION=3
gen() {	# gen ROWS FILE
	if [ -f "$2" ] && [ "$(cat "$2.ver" 2>/dev/null)" = "$GEN_VERSION $1" ]
	then
		return
	fi
	awk -v n="$1" 'BEGIN {
		s = 20261128
		print "date,manager,rep,type"
		# days of 2025-12-01 .. 2026-11-28 as y-m-d
		split("31 31 28 31 30 31 30 31 31 30 31 28", ml, " ")
		k = 0
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= ml[m] + 0; d++) {
				y = m == 1 ? 2025 : 2026
				mo = m == 1 ? 12 : m - 1
				day[k++] = sprintf("%04d-%02d-%02d", y, mo, d)
			}
		for (i = 0; i < n; i++) {
			s = (s * 16807) % 2147483647
			r = s % 10000
			s = (s * 16807) % 2147483647
			t = (s % 10 == 0) ? "Pipeline review" : "1:1"
			printf "%s,Manager %03d,Rep %05d,%s\n", day[s % k],
			    r % 100, r, t
		}
	}' > "$2"
	echo "$GEN_VERSION $1" > "$2.ver"
}
ROSTER=$OUT/cadence-roster.csv
if [ ! -f "$ROSTER" ]; then
	awk 'BEGIN { print "rep,manager,team"
		for (i = 0; i < 10000; i++)
			printf "Rep %05d,Manager %03d,Team %02d\n", i, i % 100,
			    (i % 100) / 10
		for (i = 0; i < 100; i++)
			printf "Manager %03d,VP %d,Leadership\n", i, i % 5
	}' > "$ROSTER"
fi
BIG=$OUT/meetings-1m.csv
SMALL=$OUT/meetings-100k.csv
gen 1000000 "$BIG"
gen 100000 "$SMALL"

run_ours() {
	"$OUT/measure" "$1" "$CC_TOOL" --as-of 2026-11-28 -q -r "$ROSTER" \
	    "$2" > /dev/null
}
# The peer: latest 1:1 date per rep (header and other types dropped).
PEER='grep -v "^date," "$0" | grep ",1:1$" | sort -t, -k3,3 -k1,1r |
    awk -F, '"'"'$3 != p { print $3 "," $1; p = $3 }'"'"
run_peer() {
	"$OUT/measure" "$1" sh -c "$PEER" "$2" > /dev/null
}
median() {	# column of RESULTS
	awk -v c="$2" '{ print $c }' "$1" | sort -n |
	    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# Same answer first: the last one-on-one per rep, on the small file.
"$CC_TOOL" --as-of 2026-11-28 -q -r "$ROSTER" "$SMALL" |
    awk -F, 'NR > 1 && $4 != "" && $1 ~ /^Rep/ { print $1 "," $4 }' |
    sort > "$OUT/cad-ours-last.csv"
sh -c "$PEER" "$SMALL" | sort > "$OUT/cad-peer-last.csv"
if cmp -s "$OUT/cad-ours-last.csv" "$OUT/cad-peer-last.csv"; then
	echo "same result: last one-on-one per rep agrees with the peer" \
	    "($(wc -l < "$OUT/cad-peer-last.csv") reps, 100k meetings)"
else
	echo "DIFFERENT result from the peer on $SMALL"
fi

R1=$OUT/cad-ours.res
R2=$OUT/cad-peer.res
R3=$OUT/cad-small.res
: > "$R1"; : > "$R2"; : > "$R3"
i=0
while [ "$i" -lt "$RUNS" ]; do
	run_ours "$R1" "$BIG"
	run_peer "$R2" "$BIG"
	i=$((i + 1))
done
run_ours "$R3" "$SMALL"
o=$(median "$R1" 1)
p=$(median "$R2" 1)
echo "cadence-check: 1,000,000 meetings, 10,000 reps, $RUNS runs each"
printf '  %-32s %8s %8s %12s\n' contender "median s" "cpu s" "max RSS MiB"
printf '  %-32s %8.3f %8.3f %12.1f\n' "cadence-check (full report)" "$o" \
    "$(median "$R1" 2)" "$(echo "$(median "$R1" 3)" | awk '{ print $1 / 1024 }')"
printf '  %-32s %8.3f %8.3f %12.1f\n' "sort | awk (last per rep only)" "$p" \
    "$(median "$R2" 2)" "$(echo "$(median "$R2" 3)" | awk '{ print $1 / 1024 }')"
echo "  ratio cadence-check / peer: $(awk -v a="$o" -v b="$p" 'BEGIN { printf "%.2f", a / b }')"
echo "  peak RSS at 100k meetings: $(awk '{ printf "%.1f", $3 / 1024 }' "$R3") MiB;" \
    "at 1M: $(awk -v v="$(median "$R1" 3)" 'BEGIN { printf "%.1f", v / 1024 }') MiB"
