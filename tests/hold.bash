# Holders of sockets for the conns suites (load it after common): hold
# and hold_at start tests/sockhold in the background, its pid in PID and
# in HELD, its ground truth in $TRUTH when that is set; kill_held (in a
# suite's teardown) ends them; expect reads the truth.

# hold [OPTION]... SPEC...: a new holder (with -F: PID is "HOLDER SECOND").
hold() {
	PID=$("$HELPERS/sockhold" -b ${TRUTH:+-o "$TRUTH"} "$@")
	HELD="$HELD $PID"
}

# hold_at SPEC...: hold, or skip the test when a fixed port is taken.
hold_at() {
	PID=$("$HELPERS/sockhold" -b ${TRUTH:+-o "$TRUTH"} "$@" 2>/dev/null) ||
	    skip "a port of $* is in use"
	HELD="$HELD $PID"
}

kill_held() {
	local p
	for p in $HELD; do kill "$p" 2>/dev/null || true; done
}

# expect AWK-CONDITION [FIELDS]: the truth rows passing the condition, as
# conns prints them (fields: 1 laddr 2 lport 3 raddr 4 rport 5 proto
# 6 family 7 state 8 pid 9 uid 10 inode; all of them by default).
expect() {
	awk -F'\t' -v OFS='\t' "$1 { print ${2:-\$0} }" "$TRUTH"
}
