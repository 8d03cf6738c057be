#!/usr/bin/env bats
# conns' socket filters (issue 10): --lport, --rport, -P, --laddr, --raddr,
# -A, -s, --unowned and -K, against real sockets from tests/sockhold (its
# ground truth: laddr lport raddr rport proto family state pid uid inode).
# Fixed ports are below the ephemeral range (32768-60999 here) and each
# test has its own, so that the TIME_WAIT sockets a test leaves behind
# match no later one; a test whose port is taken by something else skips.
# Where no -p narrows the answer, a filter on the test's own ports does.

load common
load hold
load stub

ALL=laddr,lport,raddr,rport,proto,family,state,pid,uid,inode
ALL9=laddr,lport,raddr,rport,proto,family,state,pid,uid
NOBODY=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
TOOLS="ss netstat lsof sockstat"

setup() {
	TRUTH=$BATS_TEST_TMPDIR/truth
	HELD=
}

teardown() {
	kill_held
}

# field N CONDITION: the Nth field of the first truth row passing it.
field() {
	awk -F'\t' "$2 { print \$$1; exit }" "$TRUTH"
}

# --- ports ------------------------------------------------------------------

@test "--lport, --rport, -P: the local, the remote, either end" {
	hold_at listen4@18201 tcp4@18202:2 tcp6@18203 udp4 bound6
	for r in netlink proc; do
		run -0 conns -r "$r" -a -p "$PID" --lport 18202 -o "$ALL"
		assert_output "$(expect '$2 == 18202')"
		run -0 conns -r "$r" -a -p "$PID" --rport 18202 -o "$ALL"
		assert_output "$(expect '$4 == 18202')"
		run -0 conns -r "$r" -a -p "$PID" -P 18202 -o "$ALL"
		assert_output "$(expect '$2 == 18202 || $4 == 18202')"
		run -0 conns -r "$r" -a -p "$PID" --port=18203 -o "$ALL"
		assert_output "$(expect '$2 == 18203 || $4 == 18203')"
		run -0 conns -r "$r" -l -p "$PID" --lport 18201 -o "$ALL"
		assert_output "$(expect '$2 == 18201')"
		# The default states still hold: the listener is not connected.
		run -1 conns -r "$r" -p "$PID" --lport 18201
		assert_output ''
		run -1 conns -r "$r" -a -p "$PID" --rport 18201
		assert_output ''
	done
}

@test "ranges, comma lists, a list given twice: OR inside a list" {
	hold_at listen4@18210 listen4@18211 listen6@18212 listen4@18213 listen4@18215
	for r in netlink proc; do
		run -0 conns -r "$r" -l -p "$PID" --lport 18211-18213 -o "$ALL"
		assert_output "$(expect '$2 >= 18211 && $2 <= 18213')"
		run -0 conns -r "$r" -l -p "$PID" --lport 18210,18213 -o "$ALL"
		assert_output "$(expect '$2 == 18210 || $2 == 18213')"
		run -0 conns -r "$r" -l -p "$PID" --lport 18210 --lport 18213 -o "$ALL"
		assert_output "$(expect '$2 == 18210 || $2 == 18213')"
		run -0 conns -r "$r" -l -p "$PID" -P 18215,18210-18211 -P 18212-18212 -o "$ALL"
		assert_output "$(expect '$2 != 18213')"
		run -0 conns -r "$r" -l -p "$PID" --lport 18214-18215 -o lport
		assert_output 18215
		run -1 conns -r "$r" -l -p "$PID" --lport 18214
		assert_output ''
	done
}

@test "service names: the port table in any case, then the system database" {
	hold_at listen4@22 listen4@443 listen6@10050 listen4@2710 listen4@6881 listen6@6999 listen4@7000 listen4@30301
	for r in netlink proc; do
		run -0 conns -r "$r" -l -p "$PID" --lport ssh -o lport
		assert_output 22
		run -0 conns -r "$r" -l -p "$PID" --lport SSH -o lport
		assert_output 22
		run -0 conns -r "$r" -l -p "$PID" --lport HTTPS -o lport
		assert_output 443
		run -0 conns -r "$r" -l -p "$PID" --lport Https,ssh -o lport
		assert_output "$(printf '22\n443')"
		# A name the table gives several entries, one of them a range.
		run -0 conns -r "$r" -l -p "$PID" --lport bittorrent -o lport
		assert_output "$(printf '2710\n6881\n30301\n6999')"
		run -0 conns -r "$r" -l -p "$PID" --lport 6881-6999 -o lport
		assert_output "$(printf '6881\n6999')"
		# Not in the table: /etc/services has it (netbase; a minimal
		# Debian has none), in its own case only.
		if getent services zabbix-agent >/dev/null; then
			run -0 conns -r "$r" -l -p "$PID" --lport zabbix-agent \
			    -o lport
			assert_output 10050
			run -0 conns -r "$r" -l -p "$PID" -P ZABBIX-Agent -o lport
			assert_output 10050
		fi
		# A table name that holds a dash is a name, not a range.
		run -1 conns -r "$r" -l -p "$PID" --lport print-srv -o lport
		run -0 conns -r "$r" -l -p "$PID" --lport ssh,7000,10050-10050 -o lport
		assert_output "$(printf '22\n7000\n10050')"
	done
}

@test "AND between options: ports, addresses, states, families" {
	hold_at tcp4@18220:2 tcp6@18221 listen4@18222
	local c
	c=$(field 2 '$4 == 18220')
	for r in netlink proc; do
		run -0 conns -r "$r" -p "$PID" --lport 18220 --rport "$c" -o "$ALL"
		assert_output "$(expect "\$2 == 18220 && \$4 == $c")"
		run -1 conns -r "$r" -p "$PID" --lport 18220 --rport 18221
		assert_output ''
		run -0 conns -r "$r" -p "$PID" -P 18220,18221 -6 -o "$ALL"
		assert_output "$(expect '$4 == 18221 || $2 == 18221')"
		run -1 conns -r "$r" -p "$PID" -P 18221 --laddr 127.0.0.1
		assert_output ''
		run -0 conns -r "$r" -a -p "$PID" -P 18220-18222 -s listen -o "$ALL"
		assert_output "$(expect '$2 == 18222')"
		run -0 conns -r "$r" -a -p "$PID" -A ::1 -P 18221 -o "$ALL"
		assert_output "$(expect '$6 == "ipv6"')"
	done
}

# --- states -----------------------------------------------------------------

@test "-s: names in any case, - or _, lists, given twice; connected" {
	hold tcp4 tcp6 listen4 listen6 closewait4 closewait6 udp4 bound4 bound6
	for r in netlink proc; do
		run -0 conns -r "$r" -p "$PID" -s listen -o "$ALL"
		assert_output "$(expect '$7 == "LISTEN"')"
		run -0 conns -r "$r" -p "$PID" --state=LISTEN -o "$ALL"
		assert_output "$(expect '$7 == "LISTEN"')"
		run -0 conns -r "$r" -p "$PID" -s close-wait -o "$ALL"
		assert_output "$(expect '$7 == "CLOSE_WAIT"')"
		run -0 conns -r "$r" -p "$PID" -s Close_Wait -o "$ALL"
		assert_output "$(expect '$7 == "CLOSE_WAIT"')"
		run -0 conns -r "$r" -p "$PID" -s listen,CLOSE-wait -o "$ALL"
		assert_output "$(expect '$7 == "LISTEN" || $7 == "CLOSE_WAIT"')"
		run -0 conns -r "$r" -p "$PID" -s listen -s close_wait -o "$ALL"
		assert_output "$(expect '$7 == "LISTEN" || $7 == "CLOSE_WAIT"')"
		# UDP: connected is ESTABLISHED, bound but unconnected CLOSE.
		run -0 conns -r "$r" -p "$PID" -s established -o "$ALL"
		assert_output "$(expect '$7 == "ESTABLISHED"')"
		run -0 conns -r "$r" -p "$PID" -s close -o "$ALL"
		assert_output "$(expect '$7 == "CLOSE"')"
		run -0 conns -r "$r" -p "$PID" -s connected -o "$ALL"
		assert_output "$(expect '$7 == "ESTABLISHED" || $7 == "CLOSE_WAIT"')"
		run -0 conns -r "$r" -p "$PID" -s CONNECTED,listen -o "$ALL"
		assert_output "$(expect '$7 != "CLOSE"')"
		run -1 conns -r "$r" -p "$PID" -s syn-sent,time_wait,fin-wait1,FIN_WAIT2,syn_recv,last-ack,closing
		assert_output ''
	done
}

@test "-s replaces the default, -l and -a: the states named are the states shown" {
	hold tcp4 listen4 closewait4 udp6 bound6
	for r in netlink proc; do
		run -0 conns -r "$r" -p "$PID" -l -s close_wait -o "$ALL"
		assert_output "$(expect '$7 == "CLOSE_WAIT"')"
		run -0 conns -r "$r" -p "$PID" -s close_wait -a -o "$ALL"
		assert_output "$(expect '$7 == "CLOSE_WAIT"')"
		run -0 conns -r "$r" -p "$PID" -a -s listen -l -o "$ALL"
		assert_output "$(expect '$7 == "LISTEN"')"
		run -0 conns -r "$r" -p "$PID" -u -s close -o "$ALL"
		assert_output "$(expect '$7 == "CLOSE"')"
		run -1 conns -r "$r" -p "$PID" -t -s close
		assert_output ''
	done
}

# --- addresses --------------------------------------------------------------

@test "--laddr, --raddr, -A: addresses and blocks of both families, host bits set" {
	hold tcp4 tcp6 listen4 listen6 bound4 udp6
	for r in netlink proc; do
		run -0 conns -r "$r" -l -p "$PID" --laddr 127.0.0.1 -o "$ALL"
		assert_output "$(expect '$6 == "ipv4"')"
		run -0 conns -r "$r" -l -p "$PID" --laddr 127.1.2.3/8 -o "$ALL"
		assert_output "$(expect '$6 == "ipv4"')"
		run -0 conns -r "$r" -l -p "$PID" --laddr 127.0.0.0/255.0.0.0 -o "$ALL"
		assert_output "$(expect '$6 == "ipv4"')"
		run -1 conns -r "$r" -l -p "$PID" --laddr 127.0.0.2,10.0.0.0/8
		assert_output ''
		run -0 conns -r "$r" -l -p "$PID" --laddr ::1 -o "$ALL"
		assert_output "$(expect '$6 == "ipv6"')"
		run -0 conns -r "$r" -l -p "$PID" --laddr 0:0:0:0:0:0:0:1/128 -o "$ALL"
		assert_output "$(expect '$6 == "ipv6"')"
		run -0 conns -r "$r" -l -p "$PID" --laddr ::ff/120 -o "$ALL"
		assert_output "$(expect '$6 == "ipv6"')"
		run -0 conns -r "$r" -l -p "$PID" --laddr 2001:db8::/32,::1 -o "$ALL"
		assert_output "$(expect '$6 == "ipv6"')"
		run -0 conns -r "$r" -l -p "$PID" --laddr ::1 --laddr 127.0.0.1/32 -o "$ALL"
		assert_output "$(cat "$TRUTH")"
		# Unconnected: the peer is the unspecified address.
		run -0 conns -r "$r" -l -p "$PID" --raddr 0.0.0.0,:: -o "$ALL"
		assert_output "$(expect '$4 == 0')"
		run -0 conns -r "$r" -l -p "$PID" --raddr ::/0 -o "$ALL"
		assert_output "$(expect '$6 == "ipv6"')"
		run -0 conns -r "$r" -l -p "$PID" --raddr 0.0.0.0/0 -o "$ALL"
		assert_output "$(expect '$6 == "ipv4"')"
		run -0 conns -r "$r" -l -p "$PID" --raddr 127.0.0.1 -o "$ALL"
		assert_output "$(expect '$3 == "127.0.0.1"')"
		run -0 conns -r "$r" -l -p "$PID" -A 127.0.0.1 -o "$ALL"
		assert_output "$(expect '$6 == "ipv4"')"
		run -0 conns -r "$r" -l -p "$PID" --addr=::1 -u -o "$ALL"
		assert_output "$(expect '$6 == "ipv6" && $5 == "udp"')"
		run -1 conns -r "$r" -l -p "$PID" -A ::1 --laddr 127.0.0.0/8
		assert_output ''
	done
}

@test "an IPv4 address or block matches the IPv4-mapped address of a dual-stack socket" {
	hold mapped tcp4 tcp6
	for r in netlink proc; do
		run -0 conns -r "$r" -p "$PID" -6 -o laddr,raddr,family
		assert_line --index 0 "$(printf '::1\t::1\tipv6')"
		assert_line --index 2 "$(printf '::ffff:127.0.0.1\t::ffff:127.0.0.1\tipv6')"
		run -0 conns -r "$r" -p "$PID" --laddr 127.0.0.1 -o "$ALL"
		assert_output "$(expect '$1 ~ /127\.0\.0\.1/')"
		run -0 conns -r "$r" -p "$PID" --raddr 127.200.0.0/8 -o "$ALL"
		assert_output "$(expect '$1 ~ /127\.0\.0\.1/')"
		run -0 conns -r "$r" -p "$PID" -A 127.0.0.1/32 -6 -o "$ALL"
		assert_output "$(expect '$1 == "::ffff:127.0.0.1"')"
		# The mapped form itself, and its block, hold only the mapped.
		run -0 conns -r "$r" -p "$PID" --laddr ::ffff:127.0.0.1 -o "$ALL"
		assert_output "$(expect '$1 == "::ffff:127.0.0.1"')"
		run -0 conns -r "$r" -p "$PID" -A ::ffff:0:0/96 -o "$ALL"
		assert_output "$(expect '$1 == "::ffff:127.0.0.1"')"
		run -0 conns -r "$r" -p "$PID" --laddr ::1 -o "$ALL"
		assert_output "$(expect '$1 == "::1"')"
		run -1 conns -r "$r" -p "$PID" --laddr 127.0.0.1 -4 -6 --rport 1
		assert_output ''
	done
}

# --- bad input --------------------------------------------------------------

# rejects OPTION...: each key of the caller's array bad, given to each
# OPTION, is status 2 and "conns: " with its value.
rejects() {
	local a o
	for a in "${!bad[@]}"; do
		for o in "$@"; do
			run -2 conns "$o" "$a"
			assert_output "conns: ${bad[$a]}"
		done
	done
}

@test "bad ports: a message naming the item, status 2" {
	local -A bad=(
		[0]='0: not a port 1-65535'
		[65536]='65536: not a port 1-65535'
		[022]='022: not a port 1-65535'
		[12-]='12-: not a range of ports 1-65535'
		[-12]='-12: not a range of ports 1-65535'
		[20-10]='20-10: range ends before it starts'
		[1-65536]='1-65536: not a range of ports 1-65535'
		[no-such-service]='no-such-service: unknown service name'
		[22,httpz]='httpz: unknown service name'
	)
	rejects --lport --rport -P --port
	run -2 conns --lport 22 --lport 0
	assert_output 'conns: 0: not a port 1-65535'
}

@test "bad addresses and states: a message naming the item, status 2" {
	local -A bad=(
		[10.0.0.0/33]='10.0.0.0/33: mask bits out of range 0-32'
		[::1/129]='::1/129: mask bits out of range 0-128'
		[host.example]='host.example: not an address or a CIDR block'
		[::1,256.1.1.1]='256.1.1.1: not an address or a CIDR block'
		[10.0.0.0/8/8]='10.0.0.0/8/8: invalid mask bits'
	)
	rejects --laddr --raddr -A --addr
	local a
	for a in bogus listening established,syn; do
		run -2 conns -s "$a"
		assert_output "conns: ${a##*,}: unknown state, use ESTABLISHED, SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK, LISTEN, CLOSING or connected"
	done
}

@test "--unowned with a selector, -K without one, -K or --unowned where the resolver cannot: status 2" {
	local o
	for o in "-p 1" "-n init" "-U root" "-p 1 -p 2"; do
		run -2 conns --unowned $o
		assert_output 'conns: --unowned shows sockets of no process: it takes no -p, -n, -U, --netns, --cgroup or --unit'
	done
	for o in "" "-t -l -a" "-t" "-a -4 -u" "-s listen" "--unowned"; do
		run -2 conns -K $o
		assert_output 'conns: -K closes what -p, -n, -U, --lport, --rport, -P, --laddr, --raddr or -A select: give one'
	done
	for o in proc ss netstat lsof sockstat; do
		run -2 conns -K -r "$o" -p 1
		assert_output "conns: $o: cannot close sockets; -K needs the netlink resolver"
	done
	for o in lsof sockstat; do
		run -2 conns --unowned -r "$o" --lport 1
		assert_output "conns: $o: sees no socket that no process holds; --unowned needs netlink, proc, ss, netstat or bsd_sockstat"
	done
}

# --- unowned ----------------------------------------------------------------

@test "--unowned as root: TIME_WAIT rows with an empty pid, sorted first" {
	local a b l tw=$BATS_TEST_TMPDIR/tw
	hold timewait4:2 timewait6
	a=$(field 4 '$6 == "ipv4"')
	b=$(field 4 '$6 == "ipv6"')
	# Their local ports too: a TIME_WAIT socket of another test may have
	# one of these remote ports (in the other family, say), never both.
	l=$(cut -f2 "$TRUTH" | paste -sd,)
	cp "$TRUTH" "$tw"
	for r in netlink proc; do
		run -0 conns -r "$r" --unowned -s time_wait --lport "$l" --rport "$a,$b" -o "$ALL"
		drop_skipped
		assert_output "$(cat "$tw")"
		run -0 conns -r "$r" --unowned -s time-wait --lport "$l" --rport "$a,$b" -o pid,name,state
		drop_skipped
		assert_output "$(printf '\t\tTIME_WAIT\n%.0s' 1 2 3)"
		# Without it, no process holds them.
		run -1 conns -r "$r" -a --lport "$l" --rport "$a,$b"
		drop_skipped
		assert_output ''
	done
	for r in ss netstat; do
		command -v "$r" >/dev/null || continue
		run -0 conns -r "$r" --unowned -a --lport "$l" --rport "$a,$b" -o laddr,lport,raddr,rport,proto,family,state,pid,name
		drop_skipped
		assert_output "$(cut -f1-8 "$tw" | sed 's/$/\t/')"
	done
	# A process's sockets on the same port keep their process, and sort
	# after the rows of none.
	hold tcp4@"$a"
	for r in netlink proc; do
		run -0 conns -r "$r" --unowned -a -4 -P "$a" -o "$ALL"
		drop_skipped
		assert_output "$(grep -P '\tipv4\t' "$tw"; cat "$TRUTH")"
	done
}

@test "--unowned as nobody: a root process's sockets, its uid, no pid" {
	command -v setpriv >/dev/null || skip "setpriv not installed"
	[ "$(id -u)" -eq 0 ] || skip "needs root to change user"
	hold_at listen4@18240 tcp4@18241
	for r in netlink proc; do
		run -1 "${NOBODY[@]}" "$BIN/conns" -r "$r" -a -P 18240,18241
		drop_skipped
		assert_output ''
		run -0 "${NOBODY[@]}" "$BIN/conns" -r "$r" --unowned -l -P 18240,18241 -o "$ALL"
		drop_skipped
		assert_output "$(expect 1 '$1,$2,$3,$4,$5,$6,$7,"",0,$10')"
		run -0 "${NOBODY[@]}" "$BIN/conns" -r "$r" --unowned -l --lport 18240 -o pid,name,uid
		drop_skipped
		assert_output "$(printf '\t\t0')"
	done
	# What a tool shows of it: no process, no user.
	for r in ss netstat; do
		run -0 "${NOBODY[@]}" "$BIN/conns" -r "$r" --unowned -l --lport 18240 -o lport,state,pid,name,uid
		drop_skipped
		assert_output "$(printf '18240\tLISTEN\t\t\t')"
	done
}

# --- kill -------------------------------------------------------------------

# report: the holder's view of its TCP sockets (sockhold -R), now.
report() {
	local rep=$BATS_TEST_TMPDIR/report i
	rm -f "$rep"
	kill -USR1 "$PID"
	for i in $(seq 100); do [ -e "$rep" ] && break; sleep 0.05; done
	cat "$rep"
}

@test "-K closes exactly the matching connections, prints them; their peers are reset" {
	[ "$(id -u)" -eq 0 ] || skip "needs root: SOCK_DESTROY needs CAP_NET_ADMIN"
	PID=$("$HELPERS/sockhold" -b -o "$TRUTH" -R "$BATS_TEST_TMPDIR/report" \
	    tcp4@18250:2 tcp6@18251 tcp4@18252 listen4@18253 udp4 2>/dev/null) ||
	    skip "a port is in use"
	HELD=$PID
	run -0 conns -K --rport 18250 -o "$ALL"
	drop_skipped
	assert_output "$(expect '$4 == 18250')"
	# Both ends are gone from the tables, nothing else is.
	run -0 conns -a -p "$PID" -o "$ALL"
	assert_output "$(expect '$2 != 18250 && $4 != 18250')"
	run -0 report
	assert_output "$(expect '$5 == "tcp"' '$1,$2,$3,$4,($2 == 18250 ? "CLOSE\tECONNRESET" : $4 == 18250 ? "CLOSE\tECONNABORTED" : $7 "\t0")')"
	# The server end of one IPv6 connection, by -p and a local port.
	run -0 conns -K -p "$PID" -6 --lport 18251 -o "$ALL"
	assert_output "$(expect '$2 == 18251')"
	run -0 conns -a -p "$PID" -o "$ALL"
	assert_output "$(expect '$2 != 18250 && $4 != 18250 && $2 != 18251 && $4 != 18251')"
	# A listener, when the states say so; UDP is never closed.
	run -0 conns -K -p "$PID" -l --lport 18253 -o lport,state
	assert_output "$(printf '18253\tLISTEN')"
	run -1 conns -K -p "$PID" -u
	assert_output ''
	run -1 conns -K -p "$PID" --lport 18250-18251
	assert_output ''
	run -0 conns -a -p "$PID" -o "$ALL"
	assert_output "$(expect '$2 == 18252 || $4 == 18252 || $5 == "udp"')"
	# SO_ERROR was read (and so cleared) for 18250 above; this time the
	# closed end is the one with local port 18251.
	run -0 report
	assert_output "$(expect '$5 == "tcp"' '$1,$2,$3,$4,($2 == 18250 || $4 == 18250 ? "CLOSE\t0" : $2 == 18251 || $2 == 18253 ? "CLOSE\tECONNABORTED" : $4 == 18251 ? "CLOSE\tECONNRESET" : $7 "\t0")')"
}

@test "-K without CAP_NET_ADMIN: status 2, says so, closes nothing" {
	command -v setpriv >/dev/null || skip "setpriv not installed"
	[ "$(id -u)" -eq 0 ] || skip "needs root to change user"
	hold_at tcp4@18260
	run -2 "${NOBODY[@]}" "$BIN/conns" -K --unowned --lport 18260
	drop_skipped
	assert_output 'conns: -K: closing a socket needs CAP_NET_ADMIN'
	run -0 conns -p "$PID" -o "$ALL"
	assert_output "$(cat "$TRUTH")"
}

# --- a socket two processes hold --------------------------------------------

@test "a socket passed to a second process is a row of each" {
	local a b
	hold -F -n passed-$$ tcp4 listen6 udp4
	read -r a b <<<"$PID"
	for r in netlink proc; do
		run -0 conns -r "$r" -a -p "$a" -p "$b" -o "$ALL"
		assert_output "$(cat "$TRUTH")"
		run -0 conns -r "$r" -a -p "$b" -o "$ALL"
		assert_output "$(expect "\$8 == $b")"
		run -0 conns -r "$r" -l -n "passed-$$" --lport "$(field 2 '$7 == "LISTEN"')" -o pid,state
		assert_output "$(printf '%s\tLISTEN\n' "$a" "$b" | sort -n)"
	done
}

@test "many sockets of two processes: each a row of each, selected or not" {
	local a b
	# More descriptors than netlink looks up one by one: a dump, taken
	# over row by row, with the second holder's rows added.
	hold -F -n many-$$ tcp4@18250:150 listen6@18251
	read -r a b <<<"$PID"
	run -0 conns -a -p "$a" -p "$b" -o "$ALL"
	assert_output "$(cat "$TRUTH")"
	run -0 conns -a -P 18250,18251 -o "$ALL"
	drop_skipped
	assert_output "$(cat "$TRUTH")"
}

@test "a descriptor table with a hole and a socket past its count: every socket" {
	# Numbers below the count are read without a listing; the socket
	# moved past it is found only by listing the rest.
	hold -H tcp4:40 udp6:3
	for r in netlink proc; do
		run -0 conns -r "$r" -a -p "$PID" -o "$ALL"
		assert_output "$(cat "$TRUTH")"
	done
	run -0 conns -a -p "$PID" -c
	assert_output 86
}

@test "descriptors opened and closed while they are read: a socket past the count still found" {
	local i
	# A file opened in the hole now and then brings the numbers below
	# the count to the count: the socket past it must still be listed.
	hold -H -C tcp4:40
	for i in $(seq 40); do
		run -0 conns -a -p "$PID" -c
		assert_output 80
	done
}

@test "a recorded /proc with a descriptor past its count: read whole" {
	local d=$BATS_TEST_TMPDIR
	# A directory's size there is no count of descriptors, nor its
	# offsets the numbers plus 2: a reader taking them for procfs's
	# skips the entry where offsets are small (btrfs, ext4 without
	# dir_index).
	cp -a "$FIXTURES/proc" "$d/proc"
	want=$(CONNS_PROC_ROOT=$d/proc "$BIN/conns" -r proc -a -p 100 -o inode)
	mv "$d/proc/100/fd/9" "$d/proc/100/fd/5000"
	CONNS_PROC_ROOT=$d/proc run -0 conns -r proc -a -p 100 -o inode
	assert_output "$want"
	[ "$(grep -c . <<<"$want")" -ge 4 ]
}

# --- every resolver alike ---------------------------------------------------

# same HOLDER-PID FILTER...: for each filter, every resolver prints what
# netlink prints.
same() {
	local pid=$1 f t want; shift
	for f in "$@"; do
		run conns -r netlink -p "$pid" $f -o "$ALL9,name"
		[ "$status" -le 1 ] || { echo "netlink $f: $output"; false; }
		want=$output
		for t in proc $TOOLS; do
			[ "$t" = proc ] || command -v "$t" >/dev/null || continue
			run conns -r "$t" -p "$pid" $f -o "$ALL9,name"
			[ "$output" = "$want" ] || {
				printf '%s %s:\n%s\nnetlink:\n%s\n' "$t" "$f" "$output" "$want"
				false
			}
		done
	done
}

# The filters, for a holder of tcp4@18270:2 tcp6@18271 mapped@18272
# listen4@18273 listen6@18274 closewait4@18275 udp4 udp6 bound4 bound6.
FILTERS=(
	"--lport 18270" "--rport 18270" "-P 18270" "-l --lport 18273-18274"
	"-a --lport 18270,18274 --lport 18275" "-a -P 18271,18272"
	"-a --rport 18270-18275" "-a --lport 18270 --rport 18270"
	"--laddr 127.0.0.1" "-a --laddr 127.1.2.3/8" "-a --laddr ::1"
	"-a --raddr ::/0" "-a --raddr 0.0.0.0/0,::1" "-A ::ffff:127.0.0.1"
	"-a -A 127.0.0.1 -P 18272" "-a -A ::ffff:0:0/96" "-a -6 --laddr 127.0.0.0/8"
	"-s listen" "-s close-wait,LISTEN" "-s connected" "-s close" "-s established -u"
	"-l -s Close_Wait" "-a -s listen --lport 18273" "-s connected -A ::1 -t"
	"--lport print-srv,18270" "-a --lport 1-18269,18276-65535 -t"
)

@test "live: every resolver answers as netlink, for every filter" {
	hold_at -n "flt $$" tcp4@18270:2 tcp6@18271 mapped@18272 listen4@18273 listen6@18274 closewait4@18275 udp4 udp6 bound4 bound6
	same "$PID" "${FILTERS[@]}"
	run -0 conns -a -p "$PID" -A ::ffff:127.0.0.1 -o "$ALL"
	assert_output "$(expect '$1 == "::ffff:127.0.0.1"')"
}

@test "live: with more than 256 sockets (a netlink dump with bytecode) every resolver answers alike" {
	hold_at -n "fltd $$" tcp4@18280:140 tcp6@18281:2 mapped@18282 listen4@18283 listen6@18284 closewait4@18285 udp4 udp6 bound4 bound6
	[ "$(wc -l < "$TRUTH")" -gt 256 ]
	same "$PID" "${FILTERS[@]//1827/1828}" "-a -P 18280 --laddr 127.0.0.1"
	run -0 conns -a -p "$PID" --rport 18280 -c
	assert_output 140
	run -0 conns -a -p "$PID" -P 18280 -c
	assert_output 280
	run -0 conns -p "$PID" -A ::1,::ffff:127.0.0.1 -o "$ALL"
	assert_output "$(expect '$6 == "ipv6" && $7 == "ESTABLISHED"')"
}

@test "live: --unowned, every resolver that sees such sockets alike" {
	local a b t f want
	hold timewait4:2 timewait6
	a=$(field 4 '$6 == "ipv4"')
	b=$(field 4 '$6 == "ipv6"')
	# Held sockets on the same ports.
	hold tcp4@"$a" listen6@"$b" udp4
	# A TIME_WAIT socket of another test on these ports is a row of every
	# resolver alike.
	for f in "-a" "-s time_wait" "-l" "-a -6" "-a -t -4 --laddr 127.0.0.0/8" "--rport $a,$b"; do
		run -0 conns -r netlink --unowned $f -P "$a,$b" -o laddr,lport,raddr,rport,proto,family,state,pid,name
		drop_skipped
		want=$output
		for t in proc ss netstat; do
			command -v "$t" >/dev/null || [ "$t" = proc ] || continue
			run -0 conns -r "$t" --unowned $f -P "$a,$b" -o laddr,lport,raddr,rport,proto,family,state,pid,name
			drop_skipped
			assert_output "$want"
		done
	done
}

# --- what the tools print of a dual-stack socket ----------------------------

@test "netstat and lsof: a dotted address of an IPv6 socket is the IPv4-mapped one" {
	local d=$BATS_TEST_TMPDIR
	mkdir -p "$d/proc"
	export CONNS_PROC_ROOT=$d/proc
	printf '%s\n' 'Active Internet connections (w/o servers)' \
	    'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name' \
	    'tcp6       0      0 127.0.0.1:9050          127.0.0.1:41002         ESTABLISHED 15843/tor' \
	    'tcp        0      0 127.0.0.1:41002         127.0.0.1:9050          ESTABLISHED 15844/curl' \
	    'tcp6       0      0 :::22                   :::*                    LISTEN      700/sshd' > "$d/netstat.txt"
	printf '%s\n' 'COMMAND     PID       USER   FD   TYPE DEVICE SIZE/OFF NODE NAME' \
	    'tor       15843 debian-tor   12u  IPv6  20004      0t0  TCP 127.0.0.1:9050->127.0.0.1:41002 (ESTABLISHED)' \
	    'curl      15844       root    3u  IPv4  20005      0t0  TCP 127.0.0.1:41002->127.0.0.1:9050 (ESTABLISHED)' \
	    'tor       15843 debian-tor   13u  IPv6  20006      0t0  TCP 127.0.0.1:9050 (LISTEN)' \
	    'sshd        700       root    4u  IPv6  15003      0t0  TCP *:22 (LISTEN)' > "$d/lsof.txt"
	stub_cmd netstat "$d/netstat.txt"
	stub_cmd lsof "$d/lsof.txt"
	run -0 conns -r netstat -a -o laddr,lport,raddr,rport,family,pid
	assert_output "$(printf '%s\n' ':: 22 :: 0 ipv6 700' \
	    '::ffff:127.0.0.1 9050 ::ffff:127.0.0.1 41002 ipv6 15843' \
	    '127.0.0.1 41002 127.0.0.1 9050 ipv4 15844' | tr ' ' '\t')"
	run -0 conns -r netstat -a -6 -A 127.0.0.1 -o lport,family
	assert_output "$(printf '9050\tipv6')"
	run -0 conns -r lsof -a -o laddr,lport,raddr,rport,family,pid
	assert_output "$(printf '%s\n' ':: 22 :: 0 ipv6 700' \
	    '::ffff:127.0.0.1 9050 :: 0 ipv6 15843' \
	    '::ffff:127.0.0.1 9050 ::ffff:127.0.0.1 41002 ipv6 15843' \
	    '127.0.0.1 41002 127.0.0.1 9050 ipv4 15844' | tr ' ' '\t')"
	run -0 conns -r lsof -a --laddr ::ffff:0:0/96 -o lport,rport
	assert_output "$(printf '9050\t0\n9050\t41002')"
}

# --- the man page -----------------------------------------------------------

@test "man/conns.1: lint-clean, SYNOPSIS as --usage, every option, who listens on 8080 first" {
	local man=$BATS_TEST_DIRNAME/../man/conns.1 page syn o
	command -v mandoc >/dev/null || skip "mandoc not installed"
	run -0 mandoc -Tlint -W warning "$man"
	assert_output ''
	page=$(mandoc -Tascii -O width=1000 "$man" | sed 's/.\x08//g')
	syn=$(awk '/^SYNOPSIS/ { getline; sub(/^ +/, ""); print; getline; sub(/^ +/, "       "); print; exit }' <<<"$page")
	run -0 conns --usage
	assert_output "Usage: $syn"
	for o in state lport rport port laddr raddr addr unowned kill; do
		[[ $page == *"--$o"* ]] || fail "--$o is not in conns.1"
	done
	run -0 awk '/^EXAMPLES/ { f = 1 } f && /^ +\$ / { sub(/^ +/, ""); print; exit }' <<<"$page"
	assert_output '$ conns -l --lport 8080 -o pid,name'
}
