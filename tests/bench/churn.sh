#!/bin/bash
# Churn: for CHURN_SECONDS (60), tests/churner keeps short-lived processes
# opening and closing loopback sockets (and kills some of them mid-flight)
# while conns runs in a loop -- with no selector, and with -p on the
# newest churner child, which is about to die -- through each resolver in
# CHURN_RESOLVERS that is usable here.  It counts runs, crashes (a signal,
# a sanitizer report), statuses other than 0/1/2, malformed rows (not five
# fields, a port out of 1-65535, an address ipcheck -C does not give back
# unchanged) and messages other than "PID: no such process" and the
# "skipped" line.  No timing is asserted: the figures are for reading.
#
# CHURN_JOBS (2) conns loops run at once against CHURN_WORKERS (8) churner
# children.  Runs against CONNUTILS_BIN, then against its ASan/UBSan build
# ($CONNUTILS_BIN/san, from `make check-sanitize`) when there is one;
# CHURN_BINS overrides the list.  Exit 1 on any crash, bad status or
# malformed row.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
BIN=${CONNUTILS_BIN:-$here/../build}
HELPERS=${CONNUTILS_HELPERS:-$BIN/tests}
secs=${CHURN_SECONDS:-60}
jobs=${CHURN_JOBS:-2}
workers=${CHURN_WORKERS:-8}
resolvers=${CHURN_RESOLVERS:-netlink proc ss}
bins=${CHURN_BINS:-$BIN}
[ -z "${CHURN_BINS:-}" ] && [ -x "$BIN/san/conns" ] && bins="$bins $BIN/san"

for f in "$BIN/conns" "$BIN/ipcheck" "$HELPERS/churner"; do
	[ -x "$f" ] || { echo "churn: $f: not built" >&2; exit 2; }
done

tmp=$(mktemp -d)
churner=
loops=
cleanup() {
	local p
	for p in $loops $churner; do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:exitcode=99
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=99

# loop ID BIN RESOLVER...: runs conns until the deadline, one line of
# counts per run into $tmp/ID.runs, rows into $tmp/ID.rows, stderr lines
# (with the pid asked for) into $tmp/ID.err.  Only builtins between two
# runs, so the loop measures conns rather than the shell's forks.
loop() {
	local id=$1 bin=$2 end=$3 i=0 r pid rc sel line
	shift 3
	local rs=("$@")
	while [ "$EPOCHSECONDS" -lt "$end" ]; do
		r=${rs[i % ${#rs[@]}]}
		pid=
		if [ $((i / ${#rs[@]} % 2)) = 0 ]; then
			sel=all
			"$bin/conns" -r "$r" >>"$tmp/$id.rows" 2>"$tmp/$id.e"
		else
			sel=pid
			read -r pid <"$tmp/pid" 2>/dev/null
			"$bin/conns" -r "$r" -p "${pid:-1}" >>"$tmp/$id.rows" \
			    2>"$tmp/$id.e"
		fi
		rc=$?
		i=$((i + 1))
		echo "$r $sel $rc" >>"$tmp/$id.runs"
		if { [ "$rc" -gt 128 ] || [ "$rc" = 99 ]; } &&
		    [ ! -e "$tmp/$id.crash" ]; then
			{ echo "conns -r $r ($sel): status $rc"
			  cat "$tmp/$id.e"; } >"$tmp/$id.crash"
		fi
		[ -s "$tmp/$id.e" ] || continue
		while IFS= read -r line; do
			printf '%s\t%s %s %s\t%s\n' "${pid:-1}" "$r" "$sel" \
			    "$rc" "$line"
		done <"$tmp/$id.e" >>"$tmp/$id.err"
	done
}

status=0
for b in $bins; do
	rm -f "$tmp"/*.runs "$tmp"/*.rows "$tmp"/*.err "$tmp"/*.crash "$tmp/pid"
	usable=
	for r in $resolvers; do
		"$b/conns" -L 2>/dev/null | grep -qx "$r" && usable="$usable $r"
	done
	# shellcheck disable=SC2086
	set -- $usable
	[ $# -gt 0 ] || { echo "churn: no usable resolver" >&2; exit 2; }
	"$HELPERS/churner" "$((secs + 2))" "$tmp/pid" "$workers" >"$tmp/churner.out" &
	churner=$!
	end=$(($(date +%s) + secs))
	loops=
	for j in $(seq "$jobs"); do
		loop "$j" "$b" "$end" "$@" &
		loops="$loops $!"
	done
	# shellcheck disable=SC2086
	wait $loops
	loops=
	kill "$churner" 2>/dev/null
	wait "$churner" 2>/dev/null
	churner=

	cat "$tmp"/*.runs >"$tmp/runs"
	cat "$tmp"/*.rows >"$tmp/rows" 2>/dev/null || : >"$tmp/rows"
	# Expected messages: the skipped line, the pid asked for gone.
	cat "$tmp"/*.err 2>/dev/null | awk -F'\t' '
	    $3 !~ /^conns: [0-9]+ process(es)? skipped: permission denied$/ &&
	    $3 != "conns: " $1 ": no such process" { print $2 ": " $3 }' \
	    >"$tmp/msgs"
	runs=$(wc -l <"$tmp/runs")
	nrows=$(wc -l <"$tmp/rows")
	per=$(awk '{ n[$1 " " $2]++ } END { for (r in n) { printf "%s%s %d", s, r, n[r]; s = ", " } }' "$tmp/runs")
	st=$(awk '{ n[$3]++ } END { for (c in n) { printf "%s%s: %d", s, c, n[c]; s = ", " } }' "$tmp/runs")
	crashes=$(awk '$3 > 128 || $3 == 99' "$tmp/runs" | wc -l)
	badst=$(awk '$3 != 0 && $3 != 1 && $3 != 2 && $3 <= 128 && $3 != 99' "$tmp/runs" | wc -l)
	# Rows: five fields, ports in range, tcp or udp.
	badrows=$(awk -F'\t' 'NF != 5 || $2 !~ /^[0-9]+$/ || $2 < 1 ||
	    $2 > 65535 || $4 !~ /^[0-9]+$/ || $4 < 1 || $4 > 65535 ||
	    ($5 != "tcp" && $5 != "udp")' "$tmp/rows" | wc -l)
	# Addresses: valid, and canonical as ipcheck -C writes them.
	awk -F'\t' 'NF == 5 { print $1; print $3 }' "$tmp/rows" | sort -u |
	    "$BIN/ipcheck" -C -H 2>/dev/null | awk -F'\t' '$1 != $2 { print $1 }' \
	    >"$tmp/badaddrs"
	badaddr=0
	if [ -s "$tmp/badaddrs" ]; then
		badaddr=$(awk -F'\t' 'NR == FNR { bad[$1] = 1; next }
		    NF == 5 && (($1 in bad) || ($3 in bad))' "$tmp/badaddrs" \
		    "$tmp/rows" | wc -l)
	fi
	msgs=$(wc -l <"$tmp/msgs")
	printf 'churn %s: %s s, %d runs (%s), %d rows\n' "$b" "$secs" \
	    "$runs" "$per" "$nrows"
	printf '  statuses %s; crashes %d; other statuses %d\n' "$st" \
	    "$crashes" "$badst"
	printf '  malformed rows %d (bad address %d); unexpected messages %d\n' \
	    "$((badrows + badaddr))" "$badaddr" "$msgs"
	printf '  %s\n' "$(cat "$tmp/churner.out")"
	if [ "$msgs" -gt 0 ]; then
		sort "$tmp/msgs" | uniq -c | sort -rn | head -n 5 | sed 's/^/    /'
	fi
	if [ -s "$tmp/badaddrs" ]; then
		head -n 5 "$tmp/badaddrs" | sed 's/^/    bad address: /'
	fi
	for f in "$tmp"/*.crash; do
		[ -e "$f" ] || continue
		echo "  first crash:"
		head -n 40 "$f" | sed 's/^/    /'
		break
	done
	if [ "$crashes" -gt 0 ] || [ "$badst" -gt 0 ] || [ "$badrows" -gt 0 ] ||
	    [ "$badaddr" -gt 0 ]; then
		status=1
	fi
done
exit $status
