#!/usr/bin/env bats
# A hostile environment: missing commands, a /proc that changes under us,
# few file descriptors, a reader that goes away, a full disk.  Whatever
# happens, the programs answer with a status of 0, 1 or 2, a message when
# it is 2, and never a crash, a hang or a malformed row.

load common

setup() {
	TMP=$BATS_TEST_TMPDIR
}

teardown() {
	if [ -n "${HOLDER:-}" ]; then
		kill "$HOLDER" 2>/dev/null || true
	fi
}

# rows_ok FILE: every row of `conns` default columns is laddr, lport,
# raddr, rport, proto, with canonical addresses and ports in range.
rows_ok() {
	local f=$1 bad
	bad=$(awk -F'\t' 'NF != 5 || $2 !~ /^[0-9]+$/ || $2 < 1 || $2 > 65535 ||
	    $4 !~ /^[0-9]+$/ || $4 > 65535 || ($5 != "tcp" && $5 != "udp")' "$f")
	if [ -n "$bad" ]; then
		echo "malformed rows:"; echo "$bad" | head -n 5
		return 1
	fi
	# Every address is valid and written as ipcheck -C writes it.
	bad=$(cut -f1,3 "$f" | tr '\t' '\n' | sort -u | ipcheck -C -H |
	    awk -F'\t' '$1 != $2')
	if [ -n "$bad" ]; then
		echo "addresses not canonical:"; echo "$bad" | head -n 5
		return 1
	fi
}

# A copy of the recorded /proc tree the conns suite uses.
proc_copy() {
	cp -a "$FIXTURES/proc" "$TMP/proc"
}

# --- commands missing from PATH ---------------------------------------

@test "PATH without the resolver commands: conns -r ss says so, status 2" {
	run -2 env PATH=/nonexistent "$BIN/conns" -r ss
	assert_output --regexp '^conns: .*ss'
}

@test "PATH without the resolver commands: -L lists the native resolvers only" {
	run -0 env PATH=/nonexistent "$BIN/conns" -L
	assert_output "$(printf 'netlink\nproc')"
}

# --- a hostile ss -------------------------------------------------------

# stub NAME SCRIPT: an executable /bin/sh script NAME, first in PATH.
stub() {
	mkdir -p "$TMP/bin"
	printf '#!/bin/sh\n%s\n' "$2" >"$TMP/bin/$1"
	chmod +x "$TMP/bin/$1"
	PATH=$TMP/bin:$PATH
}

# One line as ss -nptu prints it, for process 1.
SSLINE='tcp   ESTAB  0      0      127.0.0.1:43321    127.0.0.1:47702   users:(("tor",pid=1,fd=9))'

@test "a stub ss printing garbage: a message naming ss, status 2, no row" {
	stub ss "printf 'Netid State\\nx\\001\\377 ]]]] :::: -> ((\\n'; head -c 3000 /dev/urandom"
	run --separate-stderr "$BIN/conns" -r ss -a
	[ "$status" = 2 ] || fail "status $status"
	[[ $stderr == "conns: ss -nptua: "* ]] || fail "message: $stderr"
	assert_output ""
}

@test "a stub ss that hangs: --timeout 1 ends it, status 2" {
	stub ss "echo 'Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Process'; exec sleep 1000"
	run -2 "$BIN/conns" -r ss --timeout 1
	drop_skipped
	assert_output "conns: ss: timed out after 1 s"
}

@test "a stub ss whose child holds stdout after ss exits: ended by the timeout" {
	stub ss "sleep 1000 & echo '$SSLINE'; exit 0"
	run -2 "$BIN/conns" -r ss --timeout 1
	assert_output --regexp '^conns: ss: '
}

@test "a stub ss printing 1 GB of rows: streamed in bounded memory" {
	stub ss "yes '$SSLINE' | head -c 1G"
	# Rows of process 1 only; the selector is this shell, so none is kept.
	run "$HELPERS/maxrss" "$TMP/rss" "$BIN/conns" -r ss -p $$ --timeout 300
	[ "$status" -le 2 ] || fail "status $status: $output"
	[ "$(cat "$TMP/rss")" -lt 65536 ] || fail "peak RSS $(cat "$TMP/rss") KiB"
}

@test "a stub ss printing 1 GB without a newline: stopped at 1 MiB, status 2" {
	stub ss "head -c 1G /dev/zero"
	run -2 "$HELPERS/maxrss" "$TMP/rss" "$BIN/conns" -r ss --timeout 300
	drop_skipped
	assert_output "conns: ss: a line longer than 1048576 bytes"
	[ "$(cat "$TMP/rss")" -lt 65536 ] || fail "peak RSS $(cat "$TMP/rss") KiB"
}

# --- /proc entries vanishing ------------------------------------------

@test "/proc: a process whose fd directory vanished is no such process" {
	proc_copy
	rm -r "$TMP/proc/100/fd"
	CONNS_PROC_ROOT=$TMP/proc run -2 "$BIN/conns" -r proc -a -p 100
	assert_output "conns: 100: no such process"
	CONNS_PROC_ROOT=$TMP/proc run -0 "$BIN/conns" -r proc -a
	refute_output --partial "conns:"
}

@test "/proc: vanished comm, stat, status, fd links: no crash, no half row" {
	local f
	for f in 100/comm 100/stat 100/status 100/fd/3 100/fd/5; do
		rm -rf "$TMP/proc"
		proc_copy
		rm -f "$TMP/proc/$f"
		CONNS_PROC_ROOT=$TMP/proc run --separate-stderr \
		    "$BIN/conns" -r proc -a
		[ "$status" -le 2 ] || fail "$f: status $status"
		printf '%s\n' "$output" | sed '/^$/d' >"$TMP/rows"
		rows_ok "$TMP/rows"
	done
}

# A status that opens but cannot be read, as when the process exits
# between the two: the buffer leaked (LeakSanitizer, in the churn bench).
@test "/proc: an unreadable status: a message naming the pid, no leak" {
	proc_copy
	rm "$TMP/proc/100/status"
	mkdir "$TMP/proc/100/status"
	CONNS_PROC_ROOT=$TMP/proc run -2 --separate-stderr "$BIN/conns" \
	    -r proc -a -p 100
	[[ $stderr == "conns: 100: "* ]] || fail "message: $stderr"
	CONNS_PROC_ROOT=$TMP/proc run --separate-stderr "$BIN/conns" -r proc -a
	[ "$status" -le 2 ] || fail "status $status: $stderr"
}

@test "/proc: a dangling fd link, an empty table: the rest is answered" {
	proc_copy
	ln -sf nowhere "$TMP/proc/100/fd/5"
	: >"$TMP/proc/100/net/udp"
	CONNS_PROC_ROOT=$TMP/proc run -0 "$BIN/conns" -r proc -a -p 100
	printf '%s\n' "$output" >"$TMP/rows"
	rows_ok "$TMP/rows"
}

@test "/proc: a table cut mid-line loses the line, never prints half of it" {
	proc_copy
	head -c 300 "$FIXTURES/proc/100/net/tcp" >"$TMP/proc/100/net/tcp"
	CONNS_PROC_ROOT=$TMP/proc run -0 "$BIN/conns" -r proc -a -p 100
	printf '%s\n' "$output" >"$TMP/rows"
	rows_ok "$TMP/rows"
}

@test "/proc: garbage in a table: status 2 or rows, never a crash" {
	proc_copy
	head -c 4000 /dev/urandom >"$TMP/proc/100/net/tcp6"
	printf '   0: zz:1 ::: 99 \n\n\0\0\0' >>"$TMP/proc/100/net/tcp"
	CONNS_PROC_ROOT=$TMP/proc run --separate-stderr "$BIN/conns" -r proc -a
	[ "$status" -le 2 ] || fail "status $status"
	if [ "$status" = 2 ]; then
		[[ $stderr == conns:* ]] || fail "no message: $stderr"
	fi
	printf '%s\n' "$output" | sed '/^$/d' >"$TMP/rows"
	rows_ok "$TMP/rows"
}

@test "/proc: a table line not understood names the process, status 2, no row" {
	proc_copy
	printf '   0: zz:1 ::: 99 \n' >>"$TMP/proc/100/net/tcp"
	CONNS_PROC_ROOT=$TMP/proc run -2 --separate-stderr "$BIN/conns" -r proc -a -p 100
	assert_equal "$stderr" "conns: 100: socket table not understood"
	assert_output ""
}

# Processes that exit while conns reads them: statuses 0/1/2, and on 2
# only "no such process".
@test "live processes exiting while read: -p on dying pids" {
	local r i pid n=0
	# As a user too: a zombie's /proc/PID/fd is root's (the kernel owns a
	# task without mm by root), so the EACCES must not read as "permission
	# denied".
	"$HELPERS/churner" 4 "$TMP/pid" 6 >/dev/null &
	for r in netlink proc; do
		for i in $(seq 20); do
			[ -s "$TMP/pid" ] || { sleep 0.05; continue; }
			pid=$(cat "$TMP/pid")
			run --separate-stderr "$BIN/conns" -r "$r" -p "$pid"
			n=$((n + 1))
			case $status in
			0|1) ;;
			2) [ "$stderr" = "conns: $pid: no such process" ] ||
			    fail "-r $r -p $pid: $stderr" ;;
			*) fail "-r $r -p $pid: status $status: $stderr" ;;
			esac
			printf '%s\n' "$output" | sed '/^$/d' >"$TMP/rows"
			rows_ok "$TMP/rows"
		done
	done
	wait
	[ "$n" -gt 0 ]
}

# --- few file descriptors ---------------------------------------------

@test "ulimit -n 16: every program answers as usual" {
	HOLDER=$("$HELPERS/sockhold" -b tcp4:200 udp6:2)
	run -0 bash -c "ulimit -n 16; exec '$BIN/conns' -p $HOLDER -r netlink"
	[ "${#lines[@]}" = 404 ]
	run -0 bash -c "ulimit -n 16; exec '$BIN/conns' -p $HOLDER -r proc"
	[ "${#lines[@]}" = 404 ]
	run -0 bash -c "ulimit -n 16; exec '$BIN/ipcheck' 1.2.3.4"
	assert_output ipv4
	run -0 bash -c "ulimit -n 16; exec '$BIN/ipmask' 1.2.3.4/30"
	run -0 bash -c "ulimit -n 16; exec '$BIN/portname' -S 80"
	assert_output HTTP
}

@test "ulimit -n 4: conns fails with a message and status 2, no crash" {
	# Only 0, 1 and 2 are open (bats holds 3 and up), 3 is free.  Under
	# ASan, LeakSanitizer itself needs descriptors: leaks are not looked
	# for here.
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 \
	    run bash -c "exec 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
	    ulimit -n 4; exec '$BIN/conns' -a"
	[ "$status" = 2 ] || [ "$status" = 0 ] || fail "status $status"
	if [ "$status" = 2 ]; then
		assert_line --regexp '^conns: .*(Too many open files|not available)'
	fi
}

# --- a reader that goes away ------------------------------------------

@test "conns | head -1 on 10 000 rows exits quietly" {
	HOLDER=$("$HELPERS/sockhold" -b tcp4:5000)
	run -0 bash -c "'$BIN/conns' -p $HOLDER 2>'$TMP/err' | head -n 1"
	[ "${#lines[@]}" = 1 ]
	run cat "$TMP/err"
	assert_output ""
}

@test "conns | head -1 with SIGPIPE ignored: quiet, no Broken pipe" {
	HOLDER=$("$HELPERS/sockhold" -b tcp4:5000)
	run bash -c "trap '' PIPE; '$BIN/conns' -p $HOLDER 2>'$TMP/err' |
	    head -n 1 >/dev/null; echo \${PIPESTATUS[0]}"
	[ "$output" -le 2 ] || fail "status $output"
	run cat "$TMP/err"
	assert_output ""
}

@test "ipcheck, ipmask, portname | head -1 over a big stdin: quiet" {
	local p
	seq 200000 >"$TMP/in"
	for p in ipcheck ipmask portname; do
		run -0 bash -c "'$BIN/$p' -q <'$TMP/in'; [ \$? -le 2 ]"
		run bash -c "'$BIN/$p' <'$TMP/in' 2>'$TMP/err' | head -n 1 >/dev/null"
		run grep -i 'pipe\|output' "$TMP/err"
		assert_output ""
	done
}

# With SIGPIPE ignored, a write to a widowed pipe fails with EPIPE: the
# program must notice and stop, not read an endless stdin forever.
@test "SIGPIPE ignored, endless stdin: ipcheck, ipmask, portname stop quietly" {
	local p
	for p in ipcheck ipmask portname; do
		run bash -c "trap '' PIPE; yes 80 2>/dev/null | timeout 20 '$BIN/$p' \
		    2>'$TMP/err' | head -n 1 >/dev/null; echo \${PIPESTATUS[1]}"
		[ "$output" -le 2 ] || fail "$p: status $output (124: still running)"
		run grep -i 'pipe\|output' "$TMP/err"
		assert_output ""
	done
}

# --- a long line --------------------------------------------------------

@test "a 32 MiB line on stdin: answered whole, never cut" {
	head -c 33554432 /dev/zero | tr '\0' 1 >"$TMP/long"
	run -1 bash -c "cat '$TMP/long' | '$BIN/ipcheck' -H >'$TMP/out'"
	[ "$(wc -c <"$TMP/out")" = $((33554432 + 9)) ]
	[ "$(tail -c 9 "$TMP/out")" = "$(printf '\tinvalid')" ]
}

# --- a full disk ------------------------------------------------------

@test "output to /dev/full: a message and status 2, all four programs" {
	run -2 bash -c "'$BIN/ipcheck' 1.2.3.4 2>&1 >/dev/full"
	assert_output --regexp '^ipcheck: .+'
	run -2 bash -c "'$BIN/ipmask' 24 2>&1 >/dev/full"
	assert_output --regexp '^ipmask: .+'
	run -2 bash -c "'$BIN/portname' 80 2>&1 >/dev/full"
	assert_output --regexp '^portname: .+'
	HOLDER=$("$HELPERS/sockhold" -b tcp4:2)
	run -2 bash -c "'$BIN/conns' -p $HOLDER 2>&1 >/dev/full"
	assert_output --regexp '^conns: .+'
}

@test "a big batch to /dev/full: status 2, a message, no crash" {
	seq 100000 >"$TMP/in"
	local p
	for p in ipcheck ipmask portname; do
		run -2 bash -c "'$BIN/$p' <'$TMP/in' 2>'$TMP/err' >/dev/full"
		run grep -c "^$p: .*\(space\|output\|stdout\)" "$TMP/err"
		[ "$output" -ge 1 ] || fail "$p: no message about the output"
	done
}
