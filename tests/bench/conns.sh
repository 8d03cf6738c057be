#!/bin/bash
# Benchmarks conns -p PID against ss -tunp, netstat -tunp and lsof, in the
# two scenarios of issue 4, and prints the ratios of the medians (every
# figure from this one run):
#   1. one process holding 5000 established TCP pairs and 100 connected UDP
#      pairs: conns -p PID at most 0.6 times ss -tunp, peak RSS <= 8 MiB;
#   2. a process holding 10 connections while 20 others hold 1000 each:
#      conns -p PID at most 0.1 times ss -tunp.
# RUNS (default 10, at least 5) sets the runs per command.  Needs hyperfine,
# jq and GNU time; run as root for the whole picture.
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

# hold SPEC...: a new holder of sockets, its pid in PID (and in HELD, so
# that it is killed at the end).
hold() {
	PID=$("$HELPERS/sockhold" -b "$@")
	HELD+=("$PID")
}

# median NAME COMMAND: the median wall time in ms of one command of a run.
median() {
	jq -r --arg c "$2" '.results[] | select(.command == $c) | .median * 1000' \
	    "$TMP/$1.json"
}

# scenario NAME PID TARGET: times the commands, prints medians and ratios.
scenario() {
	local name=$1 pid=$2 target=$3 ss c m r
	local cmds=("ss -tunp" "netstat -tunp" "lsof -a -nP -i -p $pid"
	    "$BIN/conns -p $pid" "$BIN/conns -r netlink -p $pid"
	    "$BIN/conns -r proc -p $pid")
	hyperfine -N -i -w 2 -r "$RUNS" --export-json "$TMP/$name.json" \
	    "${cmds[@]}" >/dev/null 2>&1
	ss=$(median "$name" "ss -tunp")
	printf '%-44s %10s %8s\n' command "median ms" "x ss"
	for c in "${cmds[@]}"; do
		m=$(median "$name" "$c")
		printf '%-44s %10.2f %8.3f\n' "${c#"$BIN"/}" "$m" \
		    "$(awk -v a="$m" -v b="$ss" 'BEGIN { print a / b }')"
	done
	m=$(median "$name" "$BIN/conns -p $pid")
	r=$(awk -v a="$m" -v b="$ss" 'BEGIN { print a / b }')
	printf 'conns -p PID / ss -tunp = %.3f (target <= %s): %s\n' "$r" \
	    "$target" "$(awk -v r="$r" -v t="$target" 'BEGIN { print r <= t ? "ok" : "MISSED" }')"
	/usr/bin/time -v "$BIN/conns" -p "$pid" 2>"$TMP/time" >/dev/null
	m=$(awk '/Maximum resident/ { print $NF }' "$TMP/time")
	printf 'conns -p PID peak RSS %d KiB (target <= 8192): %s\n' "$m" \
	    "$([ "$m" -le 8192 ] && echo ok || echo MISSED)"
}

for t in hyperfine jq ss netstat lsof /usr/bin/time; do
	command -v "$t" >/dev/null || { echo "bench: $t: not installed" >&2; exit 1; }
done

echo "# scenario 1: 5000 TCP pairs and 100 UDP pairs in one process ($RUNS runs)"
hold tcp4:5000 udp4:100
pid=$PID
echo "rows: $("$BIN/conns" -c -p "$pid")"
scenario one "$pid" 0.6
kill "$pid"
HELD=()

echo
echo "# scenario 2: 10 connections, 20 other processes with 1000 each ($RUNS runs)"
for i in $(seq 20); do hold tcp4:500; done
hold tcp4:5
pid=$PID
echo "rows: $("$BIN/conns" -c -p "$pid")"
scenario two "$pid" 0.1
