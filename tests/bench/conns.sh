#!/bin/bash
# Benchmarks conns -p PID against ss -tunp, netstat -tunp and lsof, in the
# two scenarios of issue 4, and prints the ratios of the medians (every
# figure from this one run):
#   1. one process holding 5000 established TCP pairs and 100 connected UDP
#      pairs: conns -p PID at most 0.6 times ss -tunp, peak RSS <= 8 MiB;
#   2. a process holding 10 connections while 20 others hold 1000 each:
#      conns -p PID at most 0.1 times ss -tunp;
# (issue 10 asks 0.3 of scenario 1, with the walk and the dump overlapped)
# and the one of issue 10 (filters by socket):
#   3. 20 processes, each with 250 TCP pairs over IPv4, 250 over IPv6 and 5
#      listeners: "who listens on port P", conns -l --lport P -o pid,name
#      at most 0.4 times ss -ltnp 'sport = :P' (and beside lsof -nP
#      -iTCP:P -sTCP:LISTEN); "the processes connected to remote port P",
#      conns --rport P at most 0.4 times ss -tnp 'dport = :P'.
#   4. the whole machine, 5 processes of 18 000 sockets: conns at most 0.1
#      times ss -tunp (both walk every /proc/PID/fd; ss's own time varies
#      twofold between runs with the kernel's caches, so read the ratio
#      of one run only).
# RUNS (default 10, at least 5) sets the runs per command.  Needs hyperfine,
# jq and GNU time; run as root for the whole picture.
set -eu

. "$(dirname "$0")/common.bash"

# median NAME COMMAND: the median wall time in ms of one command of a run.
median() {
	jq -r --arg c "$2" '.results[] | select(.command == $c) | .median * 1000' \
	    "$TMP/$1.json"
}

# scenario NAME PID TARGETS: times the commands, prints medians and the
# ratio against each target (a blank-separated list).
scenario() {
	local name=$1 pid=$2 target=$3 ss c m r t
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
	for t in $target; do
		printf 'conns -p PID / ss -tunp = %.3f (target <= %s): %s\n' \
		    "$r" "$t" "$(ok "$r" "$t")"
	done
	/usr/bin/time -v "$BIN/conns" -p "$pid" 2>"$TMP/time" >/dev/null
	m=$(awk '/Maximum resident/ { print $NF }' "$TMP/time")
	printf 'conns -p PID peak RSS %d KiB (target <= 8192): %s\n' "$m" \
	    "$([ "$m" -le 8192 ] && echo ok || echo MISSED)"
}

need hyperfine jq ss netstat lsof /usr/bin/time

echo "# scenario 1: 5000 TCP pairs and 100 UDP pairs in one process ($RUNS runs)"
hold tcp4:5000 udp4:100
pid=$PID
echo "rows: $("$BIN/conns" -c -p "$pid")"
scenario one "$pid" "0.6 0.3"
kill "$pid"
HELD=()

echo
echo "# scenario 2: 10 connections, 20 other processes with 1000 each ($RUNS runs)"
for i in $(seq 20); do hold tcp4:500; done
hold tcp4:5
pid=$PID
echo "rows: $("$BIN/conns" -c -p "$pid")"
scenario two "$pid" 0.1

kill "${HELD[@]}"
HELD=()

# ratio NAME COMMAND REFERENCE [TARGET]: one ratio line of a run.
ratio() {
	local a b r
	a=$(median "$1" "$2")
	b=$(median "$1" "$3")
	r=$(awk -v a="$a" -v b="$b" 'BEGIN { print a / b }')
	if [ $# -lt 4 ]; then
		printf '%s / %s = %.3f\n' "${2#"$BIN"/}" "$3" "$r"
		return
	fi
	printf '%s / %s = %.3f (target <= %s): %s\n' "${2#"$BIN"/}" "$3" "$r" \
	    "$4" "$(awk -v r="$r" -v t="$4" 'BEGIN { print r <= t ? "ok" : "MISSED" }')"
}

# table NAME COMMAND...: times the commands, prints their medians.
table() {
	local name=$1 c
	shift
	hyperfine -N -i -w 2 -r "$RUNS" --export-json "$TMP/$name.json" \
	    "$@" >/dev/null 2>&1
	printf '%-52s %10s\n' command "median ms"
	for c in "$@"; do
		printf '%-52s %10.2f\n' "${c#"$BIN"/}" "$(median "$name" "$c")"
	done
}

echo
echo "# scenario 3: 20 processes, each 250 TCP pairs over IPv4, 250 over IPv6, 5 listeners ($RUNS runs)"
for i in $(seq 20); do
	hold -o "$TMP/truth$i" tcp4:250 tcp6:250 listen4:3 listen6:2
done
# P: a listener of the tenth process; Q: the port its IPv4 pairs were
# made on, the remote port of 250 of its connections.
p=$(awk -F'\t' '$7 == "LISTEN" { print $2; exit }' "$TMP/truth10")
q=$(awk -F'\t' '$6 == "ipv4" && $7 == "ESTABLISHED" { n[$4]++ }
    END { for (k in n) if (n[k] > 1) print k }' "$TMP/truth10")
echo "sockets: $("$BIN/conns" -a -c 2>/dev/null), listening on $p:" \
    "$("$BIN/conns" -l --lport "$p" -c 2>/dev/null), to remote port $q:" \
    "$("$BIN/conns" --rport "$q" -c 2>/dev/null)"
table listen "$BIN/conns -l --lport $p -o pid,name" \
    "$BIN/conns -r proc -l --lport $p -o pid,name" \
    "ss -ltnp 'sport = :$p'" "lsof -nP -iTCP:$p -sTCP:LISTEN"
ratio listen "$BIN/conns -l --lport $p -o pid,name" "ss -ltnp 'sport = :$p'" 0.4
ratio listen "$BIN/conns -l --lport $p -o pid,name" "lsof -nP -iTCP:$p -sTCP:LISTEN"
echo
table rport "$BIN/conns --rport $q" "$BIN/conns -r proc --rport $q" \
    "ss -tnp 'dport = :$q'"
ratio rport "$BIN/conns --rport $q" "ss -tnp 'dport = :$q'" 0.4

kill "${HELD[@]}"
HELD=()

echo
echo "# scenario 4: the whole machine, 5 processes of 18 000 sockets ($RUNS runs)"
for i in $(seq 5); do hold tcp4:9000; done
echo "rows: $("$BIN/conns" -c 2>/dev/null)"
table whole "$BIN/conns" "$BIN/conns -r proc" "ss -tunp"
ratio whole "$BIN/conns" "ss -tunp" 0.1
