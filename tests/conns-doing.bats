#!/usr/bin/env bats
# conns, what a connection is doing (issue 11): the tcp_info columns, the
# queues, cookie, netns, cgroup and unit, their selectors, --watch, -c --by
# and -f prometheus.  tests/sockpump holds TCP pairs with known traffic and
# prints its pid, then per pair the connecting end's local port, the
# accepting end's, the accepting end's receive queue and the connecting
# end's send queue; tests/sockhold holds a known mix with its ground truth.

load common
load hold
load stub

# A name no other process here has, for -n.
NAME=cdoing$$

setup() {
	HELD=
	NETNS=
	TRUTH=$BATS_TEST_TMPDIR/truth
}

teardown() {
	local p
	kill_held
	# sockpump -c leaves its cgroup at SIGTERM: give it the time.
	for p in $HELD; do waitgone "$p"; done
	[ -z "$NETNS" ] || ip netns delete "$NETNS" 2>/dev/null || true
}

# waitgone PID: until PID has ended (a zombie has: our holders' parent
# exited, and the pid 1 of a container may not reap them).
waitgone() {
	local st
	while read -r _ _ st _ 2>/dev/null < "/proc/$1/stat" && [ "$st" != Z ]; do
		sleep 0.05
	done
}

# pump [OPTION...] SPEC...: a sockpump; its pid in PID, per SPEC i the
# connecting end's port in CP[i], the accepting end's in SP[i], the queues
# in RQ[i] and WQ[i].
pump() {
	local out i=0 c s r w
	out=$("${PUMPWRAP[@]}" "$HELPERS/sockpump" -b "$@")
	PID=$(head -1 <<<"$out")
	HELD="$HELD $PID"
	CP=() SP=() RQ=() WQ=()
	while IFS=$'\t' read -r c s r w; do
		CP[i]=$c SP[i]=$s RQ[i]=$r WQ[i]=$w
		i=$((i + 1))
	done < <(tail -n +2 <<<"$out")
}

netns_of() {
	stat -L -c %i "/proc/$1/ns/net"
}

needroot() {
	[ "$(id -u)" -eq 0 ] || skip "needs root"
}

# cgroup2: the cgroup v2 mount, or skip.
cgroup2() {
	local m
	needroot
	for m in /sys/fs/cgroup /sys/fs/cgroup/unified; do
		if [ "$(stat -f -c %T "$m" 2>/dev/null)" = cgroup2fs ] &&
		    [ -w "$m" ]; then
			CGROOT=$m
			return
		fi
	done
	skip "no writable cgroup v2 file system"
}

promcheck() {
	command -v promtool >/dev/null ||
	    { echo "# promtool not installed (make deps): not checked" >&3; return 0; }
	run -0 promtool check metrics <<<"$1"
}

@test "sent and received: exact on both ends, IPv4 and IPv6" {
	pump 1000:2000 0:0 70000:5
	# (Not i: bats' run sets it.)
	sent=(1000 0 70000) recv=(2000 0 5)
	for k in 0 1 2; do
		run -0 conns -p "$PID" --lport "${CP[k]}" -o sent,received
		assert_output "$(printf '%s\t%s' "${sent[k]}" "${recv[k]}")"
		run -0 conns -p "$PID" --rport "${CP[k]}" -o sent,received
		assert_output "$(printf '%s\t%s' "${recv[k]}" "${sent[k]}")"
	done
	pump -6 300:400
	run -0 conns -p "$PID" -o laddr,lport,sent,received
	assert_output "$(printf '::1\t%s\t300\t400\n::1\t%s\t400\t300' "${CP[0]}" "${SP[0]}" |
	    sort -t$'\t' -k2,2n)"
}

@test "sent and received after the connecting end shuts down its write side" {
	pump 1000:2000:shut
	run -0 conns -a -p "$PID" --lport "${CP[0]}" -o state,sent,received
	assert_output "$(printf 'FIN_WAIT2\t1000\t2000')"
	run -0 conns -a -p "$PID" --rport "${CP[0]}" -o state,sent,received
	assert_output "$(printf 'CLOSE_WAIT\t2000\t1000')"
}

@test "rqueue and wqueue with a slow reader: netlink, proc, ss and netstat agree" {
	pump slow:1000 slow:8000000
	[ "${RQ[0]}" -eq 1000 ] && [ "${WQ[0]}" -eq 0 ]
	[ "${RQ[1]}" -gt 0 ] && [ "${WQ[1]}" -gt 0 ]
	for r in netlink proc ss netstat; do
		for k in 0 1; do
			run -0 conns -r "$r" -p "$PID" --lport "${SP[k]}" \
			    --rport "${CP[k]}" -o rqueue,wqueue
			assert_output "$(printf '%s\t0' "${RQ[k]}")"
			run -0 conns -r "$r" -p "$PID" --lport "${CP[k]}" -o rqueue,wqueue
			assert_output "$(printf '0\t%s' "${WQ[k]}")"
		done
	done
}

@test "a LISTEN socket's wqueue is 0 with every resolver" {
	hold listen4 listen6
	for r in netlink proc ss netstat; do
		run -0 conns -r "$r" -l -p "$PID" -o state,rqueue,wqueue
		assert_output "$(printf 'LISTEN\t0\t0\nLISTEN\t0\t0')"
	done
}

@test "rtt and rttvar with three decimals, retrans 0 on loopback, idle whole ms" {
	pump 100:100 5000:0
	run -0 conns -p "$PID" -o rtt,rttvar,retrans,idle
	[ "${#lines[@]}" -eq 4 ]
	for l in "${lines[@]}"; do
		[[ $l =~ ^[0-9]+\.[0-9]{3}$'\t'[0-9]+\.[0-9]{3}$'\t'0$'\t'[0-9]+$ ]]
	done
	run -0 conns -f json -p "$PID" -o rtt,rttvar,retrans,sent,received,idle,rqueue,wqueue,cookie,netns
	run -0 jq -rs '[.[] | .[] | type] | unique | join(",")' <<<"$output"
	assert_output number
}

@test "cookie: a decimal number, stable across runs, one per socket" {
	pump 1:1 1:1
	run -0 conns -p "$PID" -o cookie
	first=$output
	[ "${#lines[@]}" -eq 4 ]
	for l in "${lines[@]}"; do [[ $l =~ ^[1-9][0-9]*$ ]]; done
	[ "$(sort -u <<<"$output" | wc -l)" -eq 4 ]
	run -0 conns -p "$PID" -o cookie
	assert_output "$first"
}

@test "netns is the inode of /proc/PID/ns/net; --netns by inode and path" {
	pump 1:1
	ns=$(netns_of "$PID")
	run -0 conns -p "$PID" -o netns
	assert_output "$(printf '%s\n%s' "$ns" "$ns")"
	run -0 conns -p "$PID" --netns "$ns" -o lport
	[ "${#lines[@]}" -eq 2 ]
	run -0 conns -p "$PID" --netns "/proc/$PID/ns/net" -o lport
	[ "${#lines[@]}" -eq 2 ]
	run -1 conns -p "$PID" --netns "$((ns + 1))"
	assert_output ''
}

@test "a holder in a new network namespace: selected by --netns, excluded otherwise" {
	needroot
	pump -n "$NAME" 1:1
	host=$PID hostns=$(netns_of "$PID")
	pump -N -n "$NAME" 2:2
	[ "$(netns_of "$PID")" != "$hostns" ]
	run -0 conns -n "$NAME" --netns "/proc/$PID/ns/net" -o pid,sent
	assert_output "$(printf '%s\t2\n%s\t2' "$PID" "$PID")"
	run -0 conns -n "$NAME" --netns "$hostns" -o pid,sent
	assert_output "$(printf '%s\t1\n%s\t1' "$host" "$host")"
	run -0 conns -n "$NAME" -o pid,netns
	assert_output "$(printf '%s\t%s\n' "$host" "$hostns" "$host" "$hostns" \
	    "$PID" "$(netns_of "$PID")" "$PID" "$(netns_of "$PID")" | sort -n)"
}

@test "--netns by an ip netns name" {
	needroot
	command -v ip >/dev/null || skip "ip not installed"
	NETNS=$NAME
	ip netns add "$NETNS" || skip "ip netns add failed"
	# A chroot without its own mounts cannot enter a named namespace.
	ip -n "$NETNS" link set lo up ||
	    skip "cannot enter a named network namespace here"
	PUMPWRAP=(ip netns exec "$NETNS")
	pump -n "$NAME" 3:4
	PUMPWRAP=()
	run -0 conns --netns "$NETNS" -o pid,lport,sent,received
	drop_skipped
	assert_output "$(printf '%s\t%s\t3\t4\n%s\t%s\t4\t3\n' "$PID" "${CP[0]}" \
	    "$PID" "${SP[0]}" | sort -t$'\t' -k2,2n)"
	run -0 conns --netns "/run/netns/$NETNS" -c
	drop_skipped
	assert_output 2
	run -1 conns -n "$NAME" --netns "$(netns_of $$)"
}

@test "cgroup and unit of a holder in its own cgroup; --cgroup, --unit" {
	cgroup2
	top=/$NAME
	pump -c "$NAME/a/sub.service" 1:1
	[ "$(grep '^0::' "/proc/$PID/cgroup")" = "0::$top/a/sub.service" ]
	run -0 conns -p "$PID" -o cgroup,unit
	assert_output "$(printf '%s\tsub.service\n%s\tsub.service' \
	    "$top/a/sub.service" "$top/a/sub.service")"
	for sel in "--cgroup=$top" "--cgroup=$top/a" "--cgroup=$top/a/" \
	    "--cgroup=$top/a/sub.service" --unit=sub.service; do
		run -0 conns "$sel" -o pid
		assert_output "$(printf '%s\n%s' "$PID" "$PID")"
	done
	# Whole components: /a/su is not above /a/sub.service.
	for sel in "--cgroup=$top/a/sub" "--cgroup=$top/a/sub.serv" \
	    "--cgroup=$top/a/sub.service/x" --unit=sub --unit=a; do
		run -1 conns "$sel" -o pid
		drop_skipped
		assert_output ''
	done
	# A holder outside the cgroup is not selected.
	pump -n "$NAME" 1:1
	run -1 conns -n "$NAME" --cgroup "$top"
	assert_output ''
	# At its end the holder removes what it made.
	kill $HELD
	for p in $HELD; do waitgone "$p"; done
	[ ! -e "$CGROOT/$NAME" ]
}

@test "bad values of the new options: a message and status 2" {
	run -2 conns --netns /dev/null
	assert_output 'conns: /dev/null: not a network namespace'
	run -2 conns --netns /proc/self/ns/mnt
	assert_output 'conns: /proc/self/ns/mnt: not a network namespace'
	run -2 conns --netns /nonexistent
	assert_output 'conns: /nonexistent: no such network namespace'
	run -2 conns --netns nosuchns$$
	assert_output "conns: nosuchns$$: no network namespace of that name under /run/netns"
	run -2 conns --cgroup system.slice
	assert_output 'conns: system.slice: a cgroup path starts with /, as the cgroup column writes it'
	run -2 conns --unit system.slice/tor.service
	assert_output 'conns: system.slice/tor.service: a unit name holds no /'
	run -2 conns --unit ''
	assert_output 'conns: --unit: an empty unit name'
	run -2 conns --netns 0
	assert_output 'conns: 0: no namespace has inode 0'
	run -2 conns --watch=0.05
	assert_output 'conns: 0.05: watch interval too small, use 0.1 to 86400 seconds'
	run -2 conns --watch=abc
	assert_output 'conns: abc: watch interval invalid, use 0.1 to 86400 seconds'
	run -2 conns --watch=90000
	assert_output 'conns: 90000: watch interval too large, use 0.1 to 86400 seconds'
	run -2 conns -w -c
	assert_output 'conns: --watch shows rows: not with -c or -K'
	run -2 conns -c --by rport,bogus
	assert_output 'conns: bogus: unknown --by column, use laddr, lport, raddr, rport, proto, family, state, pid, name, uid, inode, rtt, rttvar, retrans, sent, received, rqueue, wqueue, idle, cookie, netns, cgroup or unit'
	run -2 conns --by rport
	assert_output 'conns: --by counts: it needs -c'
	run -2 conns -f prometheus
	assert_output 'conns: -f prometheus prints counts: it needs -c'
	run -2 conns -o rtt,bogus
	assert_output --partial 'conns: bogus: unknown column, use '
}

@test "--watch=0.2 sees a connection open and close between samples" {
	pump -n "$NAME" 1:1
	first=$PID
	conns --watch=0.2 -n "$NAME" -o pid,lport,rport > "$BATS_TEST_TMPDIR/w" &
	w=$!
	while [ ! -s "$BATS_TEST_TMPDIR/w" ]; do sleep 0.05; done
	pump -n "$NAME" 5:5
	second=$PID
	sleep 0.6
	kill "$second"
	sleep 0.6
	kill -INT "$w"
	st=0
	wait "$w" || st=$?
	[ "$st" -eq 0 ]
	rows=$(printf '%s\t%s\t%s\n' "$second" "${CP[0]}" "${SP[0]}" \
	    "$second" "${SP[0]}" "${CP[0]}" | sort -t$'\t' -k2,2n)
	assert_equal "$(cat "$BATS_TEST_TMPDIR/w")" "$(
		conns -p "$first" -o pid,lport,rport | sed 's/^/+\t/'
		sed 's/^/+\t/' <<<"$rows"
		sed 's/^/-\t/' <<<"$rows"
	)"
}

# lines N FILE [TENTHS]: waits (up to TENTHS tenths of a second, default
# 40) until FILE has at least N lines.
lines() {
	local i
	for i in $(seq $((${3:-40} * 2))); do
		[ ! -e "$2" ] || [ "$(wc -l < "$2")" -lt "$1" ] || return 0
		sleep 0.05
	done
	return 1
}

@test "--watch of a large process sees each socket opened and closed while its descriptor count stays the same" {
	# 300 pairs, so that conns keeps the process's walk between samples
	# while its count holds; fdswap's every command keeps it.
	local d=$BATS_TEST_TMPDIR a b
	mkfifo "$d/cmd"
	"$HELPERS/fdswap" 10 300 < "$d/cmd" > "$d/ans" &
	HELD="$HELD $!"
	exec 7> "$d/cmd"
	echo open >&7
	lines 2 "$d/ans"
	a=$(sed -n 2p "$d/ans")
	conns --watch=0.5 -p "$(head -1 "$d/ans")" -o lport,rport > "$d/w" &
	w=$!
	lines 602 "$d/w"
	# Samples with the walk kept, then a pair opened in two files' place.
	sleep 1.2
	echo open >&7
	lines 3 "$d/ans"
	b=$(sed -n 3p "$d/ans")
	# In the next sample, not when the kept walk next expires (5 s).
	lines 604 "$d/w" 20
	sleep 0.1
	echo close >&7
	lines 4 "$d/ans"
	lines 606 "$d/w" 20
	kill -INT "$w"
	wait "$w"
	exec 7>&-
	set -- $a $b
	run -0 grep -c '^+' "$d/w"
	assert_output 604
	assert_equal "$(head -602 "$d/w" | awk -v a="$1" -v b="$2" \
	    '$2 == a && $3 == b || $2 == b && $3 == a' | sort)" \
	    "$(printf '+\t%s\t%s\n' "$1" "$2" "$2" "$1" | sort)"
	assert_equal "$(sed -n 603,604p "$d/w" | sort)" \
	    "$(printf '+\t%s\t%s\n' "$3" "$4" "$4" "$3" | sort)"
	assert_equal "$(sed -n '605,$p' "$d/w" | sort)" \
	    "$(printf -- '-\t%s\t%s\n' "$1" "$2" "$2" "$1" | sort)"
}

@test "--watch ends with status 0 when the selected process exits, after its - rows" {
	pump 1:1
	conns -w 0.1 -p "$PID" -o lport -f json > "$BATS_TEST_TMPDIR/w" 2>&1 &
	w=$!
	while [ ! -s "$BATS_TEST_TMPDIR/w" ]; do sleep 0.05; done
	kill "$PID"
	st=0
	wait "$w" || st=$?
	[ "$st" -eq 0 ]
	lo=${CP[0]} hi=${SP[0]}
	[ "$lo" -lt "$hi" ] || { lo=${SP[0]} hi=${CP[0]}; }
	assert_equal "$(cat "$BATS_TEST_TMPDIR/w")" "$(printf '%s\n' \
	    "{\"event\":\"+\",\"lport\":$lo}" "{\"event\":\"+\",\"lport\":$hi}" \
	    "{\"event\":\"-\",\"lport\":$lo}" "{\"event\":\"-\",\"lport\":$hi}")"
}

@test "--watch of a process that does not exist: status 2" {
	run -2 conns --watch=0.1 -p 4194999
	assert_output 'conns: 4194999: no such process'
}

@test "-c --by rport,state counts against the holder's truth, most first" {
	hold tcp4:3 listen4:2 udp4
	run -0 conns -a -p "$PID" -c --by rport,state
	assert_output "$(awk -F'\t' -v OFS='\t' '{ n[$4 "\t" $7]++ }
	    END { for (k in n) print n[k], k }' "$TRUTH" |
	    sort -t$'\t' -k1,1nr -k2,2n -k3,3)"
	run -0 conns -a -p "$PID" -c --by state -f json
	assert_output "$(printf '%s\n' '{"count":8,"state":"ESTABLISHED"}' \
	    '{"count":2,"state":"LISTEN"}')"
	run -0 jq -e '.count | type == "number"' <<<"${lines[0]}"
	run -0 conns -a -p "$PID" -c --by proto -f human
	assert_output "$(printf 'COUNT  PROTO\n    8  tcp\n    2  udp')"
}

@test "-f prometheus: promtool accepts every output" {
	hold tcp4:2 listen4
	run -0 conns -a -p "$PID" -c -f prometheus
	assert_output "$(printf '%s\n' \
	    '# HELP conns_connections TCP and UDP connections, as conns selects them.' \
	    '# TYPE conns_connections gauge' 'conns_connections 5')"
	promcheck "$output"
	run -0 conns -a -p "$PID" -c --by rport,state -f prometheus
	assert_line --index 2 --regexp '^conns_connections\{rport="[0-9]+",state="ESTABLISHED"\} 2$'
	assert_line --index 3 'conns_connections{rport="0",state="LISTEN"} 1'
	[ "${#lines[@]}" -eq 6 ]
	promcheck "$output"
	run -1 conns -p "$PID" -s SYN_SENT -c --by state -f prometheus
	[ "${#lines[@]}" -eq 2 ]
}

@test "-f prometheus escapes label values: \\\\, \\\" and \\n" {
	hold -n 'a"b\c' tcp4
	run -0 conns -p "$PID" -c --by name -f prometheus
	assert_line --index 2 'conns_connections{name="a\"b\\c"} 2'
	promcheck "$output"
	hold -n $'x\ny' tcp4
	run -0 conns -p "$PID" -c --by name,proto -f prometheus
	assert_line --index 2 'conns_connections{name="x\ny",proto="tcp"} 2'
	promcheck "$output"
}

@test "a resolver that cannot know a column leaves it empty: - and null" {
	# netlink: no tcp_info for UDP.
	hold udp4
	run -0 conns -p "$PID" -f human -o proto,rtt,sent,rqueue
	assert_line --index 1 --regexp '^udp +- +- +0$'
	run -0 conns -p "$PID" -f json -o rtt,sent,retrans,idle
	assert_line --index 0 '{"rtt":null,"sent":null,"retrans":null,"idle":null}'
	# proc: the queues and netns, no tcp_info and no cookie.
	pump 1:1
	ns=$(netns_of "$PID")
	run -0 conns -r proc -p "$PID" --lport "${CP[0]}" -f json -o rtt,received,cookie,rqueue,netns
	assert_output "{\"rtt\":null,\"received\":null,\"cookie\":null,\"rqueue\":0,\"netns\":$ns}"
	# ss and netstat: the queues, no tcp_info, no cookie.
	for r in ss netstat; do
		run -0 conns -r "$r" -p "$PID" --lport "${CP[0]}" -f json -o rtt,cookie,wqueue,netns
		assert_output "{\"rtt\":null,\"cookie\":null,\"wqueue\":0,\"netns\":$ns}"
	done
	# lsof and sockstat: none of the new figures.
	run -0 conns -r lsof -p "$PID" --lport "${CP[0]}" -f json -o rqueue,wqueue,sent,netns
	assert_output "{\"rqueue\":null,\"wqueue\":null,\"sent\":null,\"netns\":$ns}"
	if command -v sockstat >/dev/null; then
		run -0 conns -r sockstat -p "$PID" --lport "${CP[0]}" -f human -o rqueue,rtt,cookie
		assert_line --index 1 --regexp '^- +- +-$'
	fi
	# The BSD tools (a recorded FreeBSD sockstat).
	stub_cmd sockstat "$FIXTURES/bsd_sockstat/new.txt"
	run -0 conns -r bsd_sockstat -f json -o rqueue,rtt,cookie
	assert_line --index 0 '{"rqueue":null,"rtt":null,"cookie":null}'
}
