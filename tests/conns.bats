#!/usr/bin/env bats
# conns against real sockets: tests/sockhold holds a known mix and writes
# its ground truth (laddr lport raddr rport proto family state pid uid
# inode); conns must print exactly that, with both native resolvers.
# Nothing here assumes anything of the machine's other sockets except
# through a selector.

load common
load hold

ALL=laddr,lport,raddr,rport,proto,family,state,pid,uid,inode
NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups)

setup() {
	TRUTH=$BATS_TEST_TMPDIR/truth
	HELD=
}

teardown() {
	kill_held
}

CONNECTED='$7 == "ESTABLISHED"'
LISTENING='$7 == "ESTABLISHED" || ($5 == "tcp" && $7 == "LISTEN") || ($5 == "udp" && $7 == "CLOSE")'
DEFAULT='$1,$2,$3,$4,$5'

@test "--help, --usage and --version" {
	run -0 conns --help
	assert_line --index 0 --regexp '^Usage: conns \[-p PID\]\.\.\. \[-n NAME\]'
	assert_line --partial -- '--list-resolvers'
	run -0 conns --usage
	assert_line '       conns -L [--system NAME]'
	run -0 conns --version
	assert_output --regexp '^conns [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "-L lists netlink, then proc, first" {
	run -0 conns -L
	assert_line --index 0 netlink
	assert_line --index 1 proc
	run -0 conns --list-resolvers --system linux
	assert_line --index 0 netlink
}

@test "--system with an unknown platform" {
	run -2 conns -L --system Plan9
	assert_output 'conns: Plan9: unknown system, use Linux, FreeBSD, OpenBSD or Darwin'
}

@test "default: established TCP and connected UDP, IPv4 and IPv6, both resolvers" {
	hold tcp4:3 tcp6:2 udp4:2 udp6 listen4 listen6 bound4 bound6 closewait4 closewait6
	for r in netlink proc; do
		run -0 conns -r "$r" -p "$PID"
		assert_output "$(expect "$CONNECTED" "$DEFAULT")"
	done
	[ "$(conns -p "$PID" | wc -l)" -eq 16 ]
}

@test "-a: every column and every state, equal to the ground truth" {
	hold tcp4:2 tcp6 udp4 udp6:2 listen4 listen6:2 bound4 bound6 closewait4 closewait6
	for r in netlink proc; do
		run -0 conns -r "$r" -a -p "$PID" -o "$ALL"
		assert_output "$(cat "$TRUTH")"
		run -0 conns -r "$r" --all --pid="$PID" --columns="$ALL"
		assert_output "$(cat "$TRUTH")"
	done
}

@test "-l adds listening TCP and unconnected UDP, not CLOSE_WAIT" {
	hold tcp4 udp6 listen4 listen6 bound4 bound6 closewait4
	for r in netlink proc; do
		run -0 conns -r "$r" -l -p "$PID" -o "$ALL"
		assert_output "$(expect "$LISTENING" '$0')"
		refute_output --partial CLOSE_WAIT
	done
}

@test "-t, -u, -4, -6 narrow, and combine" {
	hold tcp4:2 tcp6:2 udp4:2 udp6:2 listen4 bound6
	for r in netlink proc; do
		run -0 conns -r "$r" -t -p "$PID" -o "$ALL"
		assert_output "$(expect '$7 == "ESTABLISHED" && $5 == "tcp"' '$0')"
		run -0 conns -r "$r" -u -p "$PID" -o "$ALL"
		assert_output "$(expect '$7 == "ESTABLISHED" && $5 == "udp"' '$0')"
		run -0 conns -r "$r" -4 -p "$PID" -o "$ALL"
		assert_output "$(expect '$7 == "ESTABLISHED" && $6 == "ipv4"' '$0')"
		run -0 conns -r "$r" -6 -p "$PID" -o "$ALL"
		assert_output "$(expect '$7 == "ESTABLISHED" && $6 == "ipv6"' '$0')"
		run -0 conns -r "$r" -u -6 -l -p "$PID" -o "$ALL"
		assert_output "$(expect '$5 == "udp" && $6 == "ipv6"' '$0')"
		run -0 conns -r "$r" -t -u -4 -6 -p "$PID" -o "$ALL"
		assert_output "$(expect "$CONNECTED" '$0')"
	done
}

@test "--header names the columns; -o repeats and reorders" {
	hold tcp4
	run -0 conns --header -p "$PID" -o rport,lport,state,lport
	assert_line --index 0 "$(printf 'rport\tlport\tstate\tlport')"
	assert_line --index 1 "$(expect "$CONNECTED" '$4,$2,$7,$2' | head -1)"
	[ "${#lines[@]}" -eq 3 ]
}

@test "-f json: one valid object a connection, numbers as numbers" {
	command -v jq >/dev/null || skip "jq not installed"
	hold tcp4 udp6:2 bound4
	for r in netlink proc; do
		run -0 conns -r "$r" -l -f json -p "$PID" -o "$ALL"
		run -0 jq -r '[.laddr, .lport, .raddr, .rport, .proto, .family, .state, .pid, .uid, .inode] | @tsv' <<<"$output"
		assert_output "$(expect "$LISTENING" '$0')"
	done
	run -0 conns -f json -p "$PID"
	run -0 jq -c 'select((.lport | type) != "number" or (.laddr | type) != "string") ' <<<"$output"
	assert_output ''
}

@test "-f human: a header, aligned columns" {
	hold tcp4
	run -0 conns -f human -p "$PID" -o pid,state,proto
	assert_output "$(printf '%s  %-11s  %s\n' PID STATE PROTO "$PID" ESTABLISHED tcp "$PID" ESTABLISHED tcp | sed 's/^PID/'"$(printf '%*s' ${#PID} PID)"'/')"
}

@test "-e prints IPv6 in full" {
	hold tcp6
	run -0 conns -e -p "$PID" -o laddr
	assert_output "$(printf '0000:0000:0000:0000:0000:0000:0000:0001\n%.0s' 1 2)"
	run -0 conns -p "$PID" -o laddr
	assert_output "$(printf '::1\n::1')"
}

@test "-c counts, -q prints nothing, the status tells" {
	hold tcp4:3 udp4 listen4
	run -0 conns -c -p "$PID"
	assert_output 8
	run -0 conns -c -l -p "$PID"
	assert_output 9
	run -0 conns -q -p "$PID"
	assert_output ''
	run -1 conns -q -u -l -p "$PID" -6
	assert_output ''
	run -1 conns -c -6 -p "$PID"
	assert_output 0
}

@test "a process without sockets: no rows, status 1" {
	sleep 60 &
	HELD=$!
	for r in netlink proc; do
		run -1 conns -r "$r" -a -p "$HELD"
		assert_output ''
	done
}

@test "a process with only listening sockets: status 1, 0 with -l" {
	hold listen4 bound6
	run -1 conns -p "$PID"
	assert_output ''
	run -0 conns -l -p "$PID" -o state
	assert_output "$(printf 'LISTEN\nCLOSE')"
}

@test "several -p: rows of each, ordered by pid; -p twice is once" {
	hold tcp4
	a=$PID
	hold udp6
	b=$PID
	run -0 conns -p "$b" -p "$a" -p "$a" -o pid,proto
	assert_output "$(printf '%s\ttcp\n%s\ttcp\n%s\tudp\n%s\tudp\n' "$a" "$a" "$b" "$b" | sort -n)"
}

@test "-n: every process of that exact name, and only them" {
	hold -n conns-t1 tcp4
	a=$PID
	hold -n conns-t1 udp4
	b=$PID
	hold -n conns-t12 tcp6
	run -0 conns -n conns-t1 -o pid,name,proto
	assert_output "$(printf '%s\tconns-t1\ttcp\n%s\tconns-t1\ttcp\n%s\tconns-t1\tudp\n%s\tconns-t1\tudp\n' "$a" "$a" "$b" "$b")"
	run -1 conns -n 'conns-t.*' -p "$a"
	assert_output ''
}

@test "-n and -p combine as AND" {
	hold -n conns-and tcp4
	run -0 conns -n conns-and -p "$PID" -c
	assert_output 2
	run -1 conns -n other-name -p "$PID" -c
	assert_output 0
}

@test "-U: by user name or uid, AND with -p" {
	hold tcp4
	for r in netlink proc; do
		run -0 conns -r "$r" -U "$(id -un)" -p "$PID" -c
		assert_output 2
		run -0 conns -r "$r" -U "$(id -u)" -p "$PID" -o uid
		assert_output "$(printf '%s\n%s' "$(id -u)" "$(id -u)")"
		run -1 conns -r "$r" -U nobody -p "$PID"
		assert_output ''
	done
}

@test "odd process names are escaped in tsv and human, valid JSON in json" {
	name=$'t\tb\\c\nd\x80'
	hold -n "$name" tcp4
	run -0 conns -p "$PID" -o name
	assert_output "$(printf '%s\n%s' 't\tb\\c\nd\x80' 't\tb\\c\nd\x80')"
	run -0 conns -p "$PID" -o name,proto -f human
	assert_line --index 1 't\tb\\c\nd\x80  tcp'
	run -0 conns -p "$PID" -o name -f json
	assert_line --index 0 '{"name":"t\tb\\c\nd\u0080"}'
	run -0 jq -e . <<<"$output"
	run -0 conns -n "$name" -o name -c
	assert_output 2
}

@test "a process in its own network namespace shows its own connections" {
	[ "$(id -u)" -eq 0 ] || skip "unshare needs root"
	hold -N tcp4:2 tcp6 udp4 listen6
	for r in netlink proc; do
		run -0 conns -r "$r" -a -p "$PID" -o "$ALL"
		assert_output "$(cat "$TRUTH")"
	done
	# Without a selector too: each namespace is asked about its own.
	run -0 conns -a -o "$ALL"
	[ "$(grep -c "	$PID	" <<<"$output")" -eq "$(wc -l <"$TRUTH")" ]
}

@test "no such process" {
	pid=$(cat /proc/sys/kernel/pid_max)
	for r in netlink proc; do
		run -2 conns -r "$r" -p "$pid"
		assert_output "conns: $pid: no such process"
	done
	hold tcp4
	run -2 conns -p "$PID" -p "$pid" -o pid
	assert_output "$(printf 'conns: %s: no such process\n%s\n%s' "$pid" "$PID" "$PID")"
}

@test "no process of that name" {
	run -2 conns -n 'no such name, surely'
	assert_output 'conns: no such name, surely: no process of that name'
	run -2 conns -n $'odd\tname\n'
	assert_output 'conns: odd\tname\n: no process of that name'
}

@test "no such user" {
	run -2 conns -U 'nosuchuser'
	assert_output 'conns: nosuchuser: no such user'
}

@test "permission denied for a process the caller may not inspect" {
	command -v setpriv >/dev/null || skip "setpriv not installed"
	[ "$(id -u)" -eq 0 ] || skip "needs root to change user"
	hold tcp4
	for r in netlink proc; do
		run -2 "${NOBODY[@]}" "$BIN/conns" -r "$r" -p "$PID"
		assert_output "conns: $PID: permission denied"
	done
	run -2 "${NOBODY[@]}" "$BIN/conns" -n sockhold
	assert_output --partial "conns: $PID: permission denied"
}

@test "without a selector, processes that may not be inspected are counted" {
	command -v setpriv >/dev/null || skip "setpriv not installed"
	[ "$(id -u)" -eq 0 ] || skip "needs root to change user"
	hold tcp4
	run "${NOBODY[@]}" "$BIN/conns" -a
	[ "$status" -le 1 ]
	assert_line --regexp '^conns: [0-9]+ process(es)? skipped: permission denied$'
	[ "$(grep -c skipped <<<"$output")" -eq 1 ]
	refute_output --partial "	$PID	"
}

@test "a process exiting while it is read: all of it, or no such process" {
	for i in 1 2 3 4 5 6 7 8; do
		hold tcp4:300
		n=$(expect "$CONNECTED" '$0' | wc -l)
		(sleep "0.0$i"; kill "$PID") &
		run conns -p "$PID" -o "$ALL"
		wait
		case $status in
		0)	assert_output "$(expect "$CONNECTED" '$0')" ;;
		2)	assert_output "conns: $PID: no such process" ;;
		*)	fail "status $status: $output" ;;
		esac
	done
}

@test "CONNS_PROC_ROOT: a recorded /proc tree, through the proc resolver" {
	CONNS_PROC_ROOT=$FIXTURES/proc run -0 conns -r proc -a -f human -o pid,name,uid,proto,family,laddr,lport,raddr,rport,state,inode
	assert_output - <<'OUT'
PID  NAME               UID  PROTO  FAMILY  LADDR            LPORT  RADDR             RPORT  STATE        INODE
100  tor               1000  tcp    ipv4    10.0.0.5           443  0.0.0.0               0  LISTEN        1002
100  tor               1000  tcp    ipv4    127.0.0.1         8080  127.0.0.1         50000  CLOSE_WAIT    1007
100  tor               1000  tcp    ipv4    127.0.0.1         9050  127.0.0.1         41234  ESTABLISHED   1001
100  tor               1000  tcp    ipv6    ::1               9051  ::                    0  LISTEN        1003
100  tor               1000  tcp    ipv6    ::ffff:10.0.0.1     80  ::ffff:192.0.2.7   5000  ESTABLISHED   1004
100  tor               1000  udp    ipv4    0.0.0.0             68  0.0.0.0               0  CLOSE         1005
100  tor               1000  udp    ipv6    2001:db8::1         53  2001:db8::2        5353  ESTABLISHED   1006
200  a\tb\\c\nd\x80)Z     0  udp    ipv4    127.0.0.1           53  127.0.0.1         60000  ESTABLISHED   2001
OUT
	CONNS_PROC_ROOT=$FIXTURES/proc run -0 conns -r proc -f json -o pid,name,laddr,rport,state -e
	assert_output - <<'OUT'
{"pid":100,"name":"tor","laddr":"127.0.0.1","rport":41234,"state":"ESTABLISHED"}
{"pid":100,"name":"tor","laddr":"0000:0000:0000:0000:0000:ffff:0a00:0001","rport":5000,"state":"ESTABLISHED"}
{"pid":100,"name":"tor","laddr":"2001:0db8:0000:0000:0000:0000:0000:0001","rport":5353,"state":"ESTABLISHED"}
{"pid":200,"name":"a\tb\\c\nd\u0080)Z","laddr":"127.0.0.1","rport":60000,"state":"ESTABLISHED"}
OUT
	CONNS_PROC_ROOT=$FIXTURES/proc run -0 conns -r proc -U 1000 -4 -t
	assert_output "$(printf '127.0.0.1\t9050\t127.0.0.1\t41234\ttcp')"
	CONNS_PROC_ROOT=$FIXTURES/proc run -2 conns -r proc -p 300
	assert_output 'conns: 300: no such process'
}

@test "usage errors: status 2 and a message naming the input" {
	run -2 conns -p abc
	assert_output 'conns: abc: invalid pid'
	run -2 conns -p 0
	assert_output 'conns: 0: invalid pid'
	run -2 conns -p ' 12'
	assert_output 'conns:  12: invalid pid'
	run -2 conns -o laddr,bogus
	assert_output 'conns: bogus: unknown column, use laddr, lport, raddr, rport, proto, family, state, pid, name, uid, inode, rtt, rttvar, retrans, sent, received, rqueue, wqueue, idle, cookie, netns, cgroup or unit'
	run -2 conns -o laddr,
	assert_output 'conns: : unknown column, use laddr, lport, raddr, rport, proto, family, state, pid, name, uid, inode, rtt, rttvar, retrans, sent, received, rqueue, wqueue, idle, cookie, netns, cgroup or unit'
	run -2 conns -f xml
	assert_output 'conns: xml: unknown format, use tsv, human, json or prometheus'
	run -2 conns -r nosuch
	assert_output 'conns: nosuch: unknown resolver'
	run -2 conns --timeout 0
	assert_output 'conns: 0: timeout too small, use 1-86400 seconds'
	run -2 conns --timeout 1x
	assert_output 'conns: 1x: timeout invalid, use 1-86400 seconds'
	run -2 conns extra
	assert_output 'conns: extra: unexpected operand'
	run -2 conns --bogus
	assert_output 'conns: --bogus: unknown option'
}

@test "a resolver not usable here" {
	for r in bsd_fstat bsd_procstat bsd_sockstat; do
		if ! conns -L | grep -qx "$r"; then
			run -2 conns -r "$r"
			assert_output "conns: $r: resolver not available here"
			return
		fi
	done
	skip "every resolver is usable here"
}

@test "-o takes any number of columns; a repeated -f or -o: the last one wins" {
	hold tcp4:1
	run -0 conns -p $PID -o "$(printf 'pid,%.0s' {1..299})pid"
	[ "$(head -1 <<<"$output" | awk -F'\t' '{ print NF }')" = 300 ]
	# Under ASan this is also a leak check: each earlier value is freed.
	run -0 conns -f human -f tsv -o raddr -o pid -p $PID
	assert_output "$(printf '%s\n' $PID $PID)"
	run -0 conns -f tsv -f json -L
	assert_line --index 0 netlink
}

@test "a closed output pipe ends conns quietly" {
	hold tcp4:2000
	# Killed by SIGPIPE, as cat is; with SIGPIPE ignored, EPIPE is quiet.
	run bash -c "'$BIN/conns' -p $PID | head -1 >/dev/null; exit \${PIPESTATUS[0]}"
	[ "$status" -eq 0 ] || [ "$status" -eq 141 ]
	assert_output ''
}

@test "SIGPIPE ignored, the reader gone: status 2, nothing on stderr" {
	# 8 000 rows, more than a pipe and the reader's first read hold.
	hold tcp4:4000
	run -2 --separate-stderr bash -c "trap '' PIPE; '$BIN/conns' -p $PID |
	    head -1 >/dev/null; exit \${PIPESTATUS[0]}"
	assert_output ''
	assert_equal "$stderr" ''
}

@test "a write error: status 2 and a message" {
	[ -w /dev/full ] || skip "no /dev/full"
	hold tcp4:2000
	run -2 bash -c "'$BIN/conns' -p $PID >/dev/full"
	assert_output 'conns: standard output: No space left on device'
	run -2 bash -c "'$BIN/conns' -c -p $PID >/dev/full"
	assert_output 'conns: standard output: No space left on device'
}

@test "netlink: many sockets are dumped, few looked up, the same answer" {
	hold tcp4:150 tcp6:10 udp4:5 udp6:5 listen4 bound6 closewait4
	for r in netlink proc; do
		run -0 conns -r "$r" -a -p "$PID" -o "$ALL"
		assert_output "$(cat "$TRUTH")"
	done
	hold tcp4:2 udp6 listen4 bound6 closewait6
	run -0 conns -r netlink -p "$PID" -l -o "$ALL"
	assert_output "$(expect "$LISTENING" '$0')"
}

@test "an unprivileged user's own process, both resolvers" {
	command -v setpriv >/dev/null || skip "setpriv not installed"
	[ "$(id -u)" -eq 0 ] || skip "needs root to change user"
	# Somewhere nobody may write its ground truth.
	dir=$(mktemp -d /tmp/conns-bats.XXXXXX)
	chmod 777 "$dir"
	TRUTH=$dir/truth
	PID=$("${NOBODY[@]}" "$HELPERS/sockhold" -b -o "$TRUTH" tcp4:2 udp6 listen6 bound4)
	HELD="$HELD $PID"
	for r in netlink proc; do
		run -0 "${NOBODY[@]}" "$BIN/conns" -r "$r" -a -p "$PID" -o "$ALL"
		assert_output "$(cat "$TRUTH")"
	done
	# -U alone: every process of the user, this one among them.
	for r in netlink proc; do
		run -0 conns -r "$r" -U nobody -a -o "$ALL"
		run -0 awk -F'\t' -v p="$PID" '$8 == p' <<<"$output"
		assert_output "$(cat "$TRUTH")"
	done
	rm -r "$dir"
}

@test "on a terminal the default format is human" {
	command -v script >/dev/null || skip "script not installed"
	hold tcp4
	run -0 script -qec "'$BIN/conns' -p $PID -o proto,state" /dev/null
	assert_output "$(printf 'PROTO  STATE\r\ntcp    ESTABLISHED\r\ntcp    ESTABLISHED\r')"
	run -0 script -qec "'$BIN/conns' -f tsv -p $PID -o proto" /dev/null
	assert_output "$(printf 'tcp\r\ntcp\r')"
}

@test "a namespace the caller may not enter is read through /proc/PID/net" {
	command -v setpriv >/dev/null || skip "setpriv not installed"
	[ "$(id -u)" -eq 0 ] || skip "needs root to change user"
	"${NOBODY[@]}" unshare -r true 2>/dev/null || skip "no user namespaces"
	dir=$(mktemp -d /tmp/conns-bats.XXXXXX)
	chmod 777 "$dir"
	TRUTH=$dir/truth
	# nobody's process, root only in a user namespace of its own, in a
	# network namespace nobody outside may enter (setns: EPERM).
	PID=$("${NOBODY[@]}" unshare -r "$HELPERS/sockhold" -b -N -o "$TRUTH" tcp4:2 udp6 listen4)
	HELD="$HELD $PID"
	for r in netlink proc; do
		run -0 "${NOBODY[@]}" "$BIN/conns" -r "$r" -a -p "$PID" -o laddr,lport,raddr,rport,proto,family,state,pid,inode
		assert_output "$(cut -f1-8,10 "$TRUTH")"
	done
	rm -r "$dir"
}

@test "a socket shared by two processes is a row for each" {
	hold listen4
	port=$(cut -f2 "$TRUTH")
	# bash connects on descriptor 3; the sleep it starts inherits it.
	bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; sleep 60 & echo \$\$ \$!; wait" \
	    >"$BATS_TEST_TMPDIR/pids" 3>&- &
	for i in 1 2 3 4 5 6 7 8 9 10; do
		[ -s "$BATS_TEST_TMPDIR/pids" ] && break
		sleep 0.2
	done
	read -r a b <"$BATS_TEST_TMPDIR/pids"
	HELD="$HELD $b"
	for r in netlink proc; do
		run -0 conns -r "$r" -p "$a" -p "$b" -o pid,rport
		assert_output "$(printf '%s\t%s\n%s\t%s' "$a" "$port" "$b" "$port")"
	done
}
