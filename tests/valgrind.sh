#!/bin/bash
# Every program under valgrind's memcheck: a batch run of ipcheck, ipmask
# and portname in each mode over a mixed, hostile input, and conns with
# every resolver usable here -- the native ones on real loopback sockets
# (tests/sockhold), the command ones fed by stub commands that replay the
# recorded outputs in tests/fixtures/RESOLVER/*.txt, so the runs are
# deterministic.
#
# A run fails on any memcheck error or a definitely lost block.  valgrind's
# --error-exitcode is 97, not 1: 1 is a program's own "an input failed".
#   usage: CONNUTILS_BIN=build bash tests/valgrind.sh   (or make valgrind)
set -u
here=$(cd "$(dirname "$0")" && pwd)
BIN=${CONNUTILS_BIN:-$here/../build}
HELPERS=${CONNUTILS_HELPERS:-$BIN/tests}
FIXTURES=$here/fixtures
tmp=$(mktemp -d)
holder=
cleanup() {
	[ -n "$holder" ] && kill "$holder" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

VG=(valgrind -q --error-exitcode=97 --leak-check=full
    --errors-for-leak-kinds=definite --show-leak-kinds=definite
    --track-origins=yes)
runs=0 bad=0

# vg LABEL STDIN PROG ARG...: one run; prints a line, counts a failure.
vg() {
	local label=$1 in=$2 prog=$3 rc
	shift 3
	runs=$((runs + 1))
	PATH=${VGPATH:-$PATH} "${VG[@]}" --log-file="$tmp/vg.log" \
	    "$BIN/$prog" "$@" <"$in" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# Memcheck's reports are the ==PID== lines; --PID-- lines are
	# valgrind's own notes, such as a syscall it does not know (pidfd_open
	# on valgrind 3.19: the program then takes its fallback path).
	if [ $rc = 97 ] || [ $rc -gt 128 ] || grep -q '^==[0-9]*==' "$tmp/vg.log"
	then
		bad=$((bad + 1))
		printf 'FAIL  %-58s status %s\n' "$label" "$rc"
		sed 's/^/      /' "$tmp/vg.log" | head -n 40
	else
		printf 'ok    %-58s status %s%s\n' "$label" "$rc" "$(sed -n \
		    's/.*unhandled .* syscall: \([0-9]*\).*/ (valgrind lacks syscall \1)/p' \
		    "$tmp/vg.log" | head -n 1)"
	fi
}

# A batch of good and bad inputs of every kind the programs meet.
{
	for a in 1.2.3.4 0.0.00.0 1.2.3.256 10.1.2.3 192.168.0.1 127.0.0.1 \
	    100.64.0.1 224.0.0.1 255.255.255.255 0.0.0.0 fe80::202:b3ff:fe1e:8329 \
	    ::ffff:5.9.158.75 2001:db8::aaaa::1 ::: ::ffff:5.9.158 ::1 :: \
	    '[::1]' 'fe80::1%eth0' 2001:0DB8:0:0:0:0:0:1 ::1:2 fc00::1 ff02::1 \
	    80 0 65535 65536 -1 +80 0x50 1e3 01 22 443 6881 6999 30000 \
	    0 23 29 32 33 111 128 129 255.255.254.0 255.0.255.0 \
	    ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe 1.2.3.4/24 1.2.3.4/31 \
	    1.2.3.4/32 10.0.0.0/255.0.0.0 2001:db8::/32 ::/0 ::1/127 \
	    1.2.3.4/255.0.255.0 1.2.3.4/ /24 '1.2.3.4 ' '' \
	    '０.０.０.０' http ssh; do
		printf '%s\n' "$a"
	done
	printf '1.2.3.4\r\n'
	printf '1.2.3\0004\n'
	printf '\t\\\377\n'
	head -c 10000 /dev/zero | tr '\0' 1; echo
	head -c 10000 /dev/zero | tr '\0' :; echo
	printf 'no newline at the end'
} >"$tmp/batch"
: >"$tmp/empty"

if [ -x "$BIN/ipcheck" ]; then
	for m in '' -4 -6 -p -P -c -e -C '-p -z' '-6 -b -Z' '-s' '-s -v' \
	    '-f human' '-q' '-N'; do
		# shellcheck disable=SC2086
		vg "ipcheck $m (batch)" "$tmp/batch" ipcheck $m
	done
	vg "ipcheck fe80::1 1.2.3.4 (operands)" "$tmp/empty" ipcheck \
	    fe80::1 1.2.3.4
	vg "ipcheck -x (usage error)" "$tmp/empty" ipcheck -x
fi
if [ -x "$BIN/ipmask" ]; then
	for m in '' -4 -6 '-6 -C' '--header' '-f human' '-q' '-H'; do
		# shellcheck disable=SC2086
		vg "ipmask $m (batch)" "$tmp/batch" ipmask $m
	done
	vg "ipmask 1.2.3.4/24 (operand)" "$tmp/empty" ipmask 1.2.3.4/24
	vg "ipmask -- -1 (operand)" "$tmp/empty" ipmask -- -1
fi
if [ -x "$BIN/portname" ]; then
	for m in '' -S '-S -v' '-f human' '-q' '-H'; do
		# shellcheck disable=SC2086
		vg "portname $m (batch)" "$tmp/batch" portname $m
	done
	vg "portname -l" "$tmp/empty" portname -l
	vg "portname -r http" "$tmp/empty" portname -r http
	vg "portname -r NoSuchThing" "$tmp/empty" portname -r NoSuchThing
	vg "portname 80 (operand)" "$tmp/empty" portname 80
fi

if [ -x "$BIN/conns" ]; then
	if [ -x "$HELPERS/sockhold" ]; then
		holder=$("$HELPERS/sockhold" -b -n 'vg	\hold' tcp4:3 tcp6:2 \
		    udp4 udp6 listen4 listen6 bound4 bound6 closewait4)
	fi
	all=laddr,lport,raddr,rport,proto,family,state,pid,name,uid,inode
	for r in $("$BIN/conns" -L); do
		vg "conns -r $r" "$tmp/empty" conns -r "$r"
		vg "conns -r $r -a -o (all) -f json" "$tmp/empty" conns -r "$r" \
		    -a -o "$all" -f json
		vg "conns -r $r -a -f human -e" "$tmp/empty" conns -r "$r" \
		    -a -f human -e
		vg "conns -r $r -c -l" "$tmp/empty" conns -r "$r" -c -l
		if [ -n "$holder" ]; then
			vg "conns -r $r -p HOLDER -a --header -o (all)" \
			    "$tmp/empty" conns -r "$r" -p "$holder" -a \
			    --header -o "$all"
			vg "conns -r $r -n NAME -l -6" "$tmp/empty" conns \
			    -r "$r" -n "$(cat "/proc/$holder/comm")" -l -6
		fi
		vg "conns -r $r -p 999999999 (no such process)" "$tmp/empty" \
		    conns -r "$r" -p 999999999
		vg "conns -r $r -U root -u" "$tmp/empty" conns -r "$r" -U root -u
	done
	vg "conns -r nosuch (unknown resolver)" "$tmp/empty" conns -r nosuch
	vg "conns -L --system FreeBSD" "$tmp/empty" conns -L --system FreeBSD

	# Command resolvers from recorded outputs: tests/fixtures/RESOLVER/*.txt
	# replayed by a stub CMD first in PATH.
	for r in ss netstat lsof sockstat bsd_sockstat bsd_procstat bsd_fstat; do
		case $r in
		bsd_sockstat) cmd=sockstat sys=FreeBSD ;;
		bsd_procstat) cmd=procstat sys=FreeBSD ;;
		bsd_fstat) cmd=fstat sys=OpenBSD ;;
		*) cmd=$r sys=Linux ;;
		esac
		for f in "$FIXTURES/$r"/*.txt; do
			[ -f "$f" ] || continue
			mkdir -p "$tmp/stub"
			printf '#!/bin/sh\nexec cat %q\n' "$f" >"$tmp/stub/$cmd"
			chmod +x "$tmp/stub/$cmd"
			VGPATH=$tmp/stub:$PATH vg "conns -r $r -a ($(basename "$f"))" \
			    "$tmp/empty" conns -r "$r" -a -o "$all"
			VGPATH=$tmp/stub:$PATH vg "conns -r $r -p 1 ($(basename "$f"))" \
			    "$tmp/empty" conns -r "$r" -p 1
			rm -f "$tmp/stub/$cmd"
		done
		: "$sys"
	done
fi

echo "valgrind: $runs runs, $bad with memcheck errors or definite leaks"
[ $bad = 0 ]
