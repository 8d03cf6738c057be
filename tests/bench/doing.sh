#!/bin/bash
# Benchmarks of issue 11 (what a connection is doing), every figure from
# this one run:
#   1. one process holding 10 000 sockets (5000 TCP pairs):
#      conns -p PID -o laddr,lport,raddr,rport,rtt,sent,received at most
#      0.5 times ss -tinp;
#   2. conns --watch=1 -p PID on that process for 30 s: CPU time (user +
#      system, GNU time) at most 5% of the wall time, and no growth of its
#      RSS (VmRSS) from 10 s to 30 s.
# RUNS (default 10, at least 5) sets the runs per command of 1.  Needs
# hyperfine, jq and GNU time; run as root for the whole picture.
set -eu

BIN=${CONNUTILS_BIN:-build}
HELPERS=${CONNUTILS_HELPERS:-$BIN/tests}
RUNS=${RUNS:-10}
[ "$RUNS" -ge 5 ] || RUNS=5
TMP=$(mktemp -d)
HELD=()

cleanup() {
	[ ${#HELD[@]} -eq 0 ] || kill "${HELD[@]}" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT

ok() {
	awk -v a="$1" -v t="$2" 'BEGIN { print a <= t ? "ok" : "MISSED" }'
}

for t in hyperfine jq ss /usr/bin/time; do
	command -v "$t" >/dev/null || { echo "bench: $t: not installed" >&2; exit 1; }
done

PID=$("$HELPERS/sockhold" -b tcp4:5000)
HELD+=("$PID")
COLS=laddr,lport,raddr,rport,rtt,sent,received
echo "# one process with 10 000 sockets ($RUNS runs); rows: $("$BIN/conns" -c -p "$PID")"
CONNS="$BIN/conns -p $PID -o $COLS"
hyperfine -N -i -w 2 -r "$RUNS" --export-json "$TMP/one.json" \
    "ss -tinp" "$CONNS" >/dev/null 2>&1
ss=$(jq -r '.results[] | select(.command == "ss -tinp") | .median * 1000' "$TMP/one.json")
c=$(jq -r --arg c "$CONNS" '.results[] | select(.command == $c) | .median * 1000' "$TMP/one.json")
r=$(awk -v a="$c" -v b="$ss" 'BEGIN { print a / b }')
printf 'ss -tinp median %.2f ms, conns -p PID -o %s median %.2f ms\n' "$ss" "$COLS" "$c"
printf 'conns -o ...,rtt,sent,received / ss -tinp = %.3f (target <= 0.5): %s\n' "$r" "$(ok "$r" 0.5)"

echo "# conns --watch=1 -p PID for 30 s"
/usr/bin/time -f '%U %S %e' -o "$TMP/time" "$BIN/conns" --watch=1 -p "$PID" \
    >/dev/null &
tpid=$!
sleep 1
wpid=$(pgrep -P "$tpid" -x conns)
sleep 9
rss10=$(awk '/^VmRSS/ { print $2 }' "/proc/$wpid/status")
sleep 20
rss30=$(awk '/^VmRSS/ { print $2 }' "/proc/$wpid/status")
kill -INT "$wpid"
wait "$tpid" || true
read -r u s e < "$TMP/time"
share=$(awk -v u="$u" -v s="$s" -v e="$e" 'BEGIN { print 100 * (u + s) / e }')
printf 'watch CPU %.2f s user + %.2f s system over %.2f s wall = %.2f%% (target <= 5%%): %s\n' \
    "$u" "$s" "$e" "$share" "$(ok "$share" 5)"
printf 'watch RSS %d KiB after 10 s, %d KiB after 30 s (target: no growth): %s\n' \
    "$rss10" "$rss30" "$([ "$rss30" -le "$rss10" ] && echo ok || echo MISSED)"
