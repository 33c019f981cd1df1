#!/bin/sh
# Man-page lint: mandoc -Tlint at warning level on each page, and the
# SYNOPSIS of each tool's page must read exactly as its usage line.
# Prints one "ok" / "not ok" line per check.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-build}
status=0
for page in "$@"; do
	if msg=$(mandoc -Tlint -Wwarning "$page" 2>&1) && [ -z "$msg" ]; then
		echo "ok - mandoc -Tlint $page"
	else
		echo "not ok - mandoc -Tlint $page"
		printf '%s\n' "$msg" | sed 's/^/#   /'
		status=1
	fi
	case $page in *.1) ;; *) continue ;; esac
	tool=$(basename "$page" .1)
	# A tool is a binary in the build tree or a script (leadership-report).
	bin=$top/$B/$tool
	[ -x "$bin" ] || bin=$top/scripts/$tool
	[ -x "$bin" ] || continue
	want=$("$bin" --help | sed -n '1s/^usage: //p')
	got=$(MANWIDTH=300 mandoc -Tascii -Owidth=300 "$page" | col -b |
	    sed -n '/^SYNOPSIS/{n;p;}' | sed 's/^ *//')
	if [ "$want" = "$got" ]; then
		echo "ok - synopsis of $page matches --help"
	else
		echo "not ok - synopsis of $page matches --help"
		echo "#   --help: $want"
		echo "#   man:    $got"
		status=1
	fi
done
exit $status
