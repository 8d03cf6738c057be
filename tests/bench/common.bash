# Sourced by the benches that hold sockets (conns.sh, doing.sh,
# resolvers.sh); not one itself, as make bench runs tests/bench/*.sh.
# Where the programs are, RUNS (at least MINRUNS, default 5), a TMP that
# goes at the end, and the holders of sockets, killed then.
BIN=${CONNUTILS_BIN:-build}
HELPERS=${CONNUTILS_HELPERS:-$BIN/tests}
RUNS=${RUNS:-10}
[ "$RUNS" -ge "${MINRUNS:-5}" ] || RUNS=${MINRUNS:-5}
TMP=$(mktemp -d)
HELD=()

cleanup() {
	[ ${#HELD[@]} -eq 0 ] || kill "${HELD[@]}" 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT

# hold SPEC...: a new holder of sockets, its pid in PID (and in HELD, so
# that it is killed at the end).  Its sockets are reset when it ends (-L):
# the TIME_WAIT sockets a killed holder leaves would be walked by the next
# scenario's dumps, conns' and ss's alike, for a minute.
hold() {
	PID=$("$HELPERS/sockhold" -b -L "$@")
	HELD+=("$PID")
}

# need COMMAND...: stops the bench, saying so, when one is missing.
need() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null ||
		    { echo "bench: $t: not installed" >&2; exit 1; }
	done
}

# ok VALUE TARGET: "ok" when VALUE is at most TARGET, else "MISSED".
ok() {
	awk -v a="$1" -v t="$2" 'BEGIN { print a <= t ? "ok" : "MISSED" }'
}
