#!/usr/bin/env bats
# conns with the FreeBSD and OpenBSD command resolvers (bsd_sockstat,
# bsd_procstat, bsd_fstat): their fixtures, written from the tools' source
# (see each fixtures/bsd_*/README), replayed by stub commands first in PATH.

load common
load stub

# A pid no process has here (Linux pids stop at 4194304).
NOPID=4194999

# stub_script NAME SCRIPT: like stub_cmd, a stub NAME first in PATH that
# logs its arguments, but running the sh SCRIPT (which gets them too).
stub_script() {
	mkdir -p "$STUB_DIR"
	printf '#!/bin/sh\necho "$*" >> "%s/%s.args"\n%s\n' "$STUB_DIR" "$1" \
	    "$2" > "$STUB_DIR/$1"
	chmod 755 "$STUB_DIR/$1"
	case :$PATH: in
	:"$STUB_DIR":*) ;;
	*) PATH=$STUB_DIR:$PATH; export PATH ;;
	esac
}

sockstat_stub() {
	stub_cmd sockstat "$FIXTURES/bsd_sockstat/$1"
}

# procstat -f -a prints the fixture; procstat -f PID its header and that
# pid's lines, or, as procstat does for a pid no process has, fails.
procstat_stub() {
	stub_script procstat "f='$FIXTURES/bsd_procstat/$1'
if [ \"\$2\" = -a ]; then cat \"\$f\"; exit; fi
awk -v p=\"\$2\" 'NR == 1 || \$1 == p' \"\$f\" > '$STUB_DIR/out'
[ \$(wc -l < '$STUB_DIR/out') -gt 1 ] || { echo 'procstat: procstat_getprocs()' >&2; exit 1; }
cat '$STUB_DIR/out'"
}

# fstat prints the fixture; fstat -p PID its header and that pid's lines
# (a bare header for a pid no process has, as fstat does).
fstat_stub() {
	stub_script fstat "f='$FIXTURES/bsd_fstat/$1'
if [ \$# -eq 0 ]; then cat \"\$f\"; exit; fi
awk -v p=\"\$2\" 'NR == 1 || substr(\$0, 21, 5) + 0 == p' \"\$f\""
}

# Rows given with blanks for tabs.
tsv() {
	printf '%s\n' "$@" | tr ' ' '\t'
}

# ---- bsd_sockstat --------------------------------------------------------

@test "bsd_sockstat: runs sockstat -4c, pid's connected sockets (FreeBSD 14 columns)" {
	sockstat_stub new.txt
	run -0 conns -r bsd_sockstat -p 4397
	assert_output "$(tsv \
	    '172.27.72.202 51946 192.0.2.72 443 tcp' \
	    '172.27.72.202 54011 198.51.100.2 9001 tcp' \
	    '172.27.72.202 59374 198.51.100.102 9001 tcp' \
	    '172.27.72.202 59673 203.0.113.160 9001 tcp' \
	    '172.27.72.202 5353 172.27.72.1 53 udp')"
	assert_equal "$(stub_args sockstat)" "-4c"
}

@test "bsd_sockstat: every process, with names, users and states" {
	sockstat_stub new.txt
	run -0 conns -r bsd_sockstat -o pid,name,uid,proto,state,lport,rport
	assert_output "$(printf '%s\n' \
	    $'777\tunbound-an\t1001\tudp\tESTABLISHED\t40001\t53' \
	    $'901\tsshd\t0\ttcp\tESTABLISHED\t22\t60000' \
	    $'1234\tnginx\t\ttcp\tESTABLISHED\t443\t51234' \
	    $'1234\tnginx\t\ttcp\tESTABLISHED\t443\t40022' \
	    $'4397\ttor\t\ttcp\tESTABLISHED\t51946\t443' \
	    $'4397\ttor\t\ttcp\tESTABLISHED\t54011\t9001' \
	    $'4397\ttor\t\ttcp\tESTABLISHED\t59374\t9001' \
	    $'4397\ttor\t\ttcp\tESTABLISHED\t59673\t9001' \
	    $'4397\ttor\t\tudp\tESTABLISHED\t5353\t53' \
	    $'5555\tweb srv\t0\ttcp\tESTABLISHED\t8080\t41000')"
}

@test "bsd_sockstat: older fixed columns, '?' rows and SCTP lines skipped" {
	sockstat_stub old.txt
	run -0 conns -r bsd_sockstat -o pid,name,proto,laddr,lport,raddr,rport
	assert_output "$(printf '%s\n' \
	    $'640\tntpd\tudp\t192.0.2.5\t123\t192.0.2.123\t123' \
	    $'4397\ttor\ttcp\t172.27.72.202\t51946\t192.0.2.72\t443' \
	    $'4397\ttor\ttcp\t172.27.72.202\t54011\t198.51.100.2\t9001' \
	    $'4397\ttor\ttcp\t172.27.72.202\t59374\t198.51.100.102\t9001')"
}

@test "bsd_sockstat: -l adds a '*:*' peer as listening TCP and bound UDP" {
	sockstat_stub old.txt
	run -0 conns -r bsd_sockstat -p 4397 -l -o proto,state,lport,raddr,rport
	assert_output "$(tsv \
	    'tcp LISTEN 9050 0.0.0.0 0' \
	    'tcp ESTABLISHED 51946 192.0.2.72 443' \
	    'tcp ESTABLISHED 54011 198.51.100.2 9001' \
	    'tcp ESTABLISHED 59374 198.51.100.102 9001' \
	    'udp CLOSE 53 0.0.0.0 0')"
	run -0 conns -r bsd_sockstat -p 4397 -a -c
	assert_output 5
}

@test "bsd_sockstat: -t, -u, -4 narrow" {
	sockstat_stub new.txt
	run -0 conns -r bsd_sockstat -p 4397 -u
	assert_output "$(tsv '172.27.72.202 5353 172.27.72.1 53 udp')"
	run -0 conns -r bsd_sockstat -p 4397 -t -c
	assert_output 4
	run -0 conns -r bsd_sockstat -p 4397 -4 -c
	assert_output 5
}

@test "bsd_sockstat: -6 is refused, sockstat -4c shows no IPv6" {
	sockstat_stub new.txt
	run -2 conns -r bsd_sockstat -p 4397 -6
	assert_output "conns: bsd_sockstat: sockstat -4c shows no IPv6 socket; try bsd_procstat"
	[ ! -e "$STUB_DIR/sockstat.args" ]
}

@test "bsd_sockstat: -n is an exact name, blanks and all" {
	sockstat_stub new.txt
	run -0 conns -r bsd_sockstat -n tor -c
	assert_output 5
	run -1 conns -r bsd_sockstat -n to
	assert_output ""
	run -1 conns -r bsd_sockstat -n 't.r'
	assert_output ""
	run -0 conns -r bsd_sockstat -n 'web srv' -o pid,name
	assert_output $'5555\tweb srv'
	run -0 conns -r bsd_sockstat -n unbound-an -o pid,name
	assert_output $'777\tunbound-an'
}

@test "bsd_sockstat: a name longer than sockstat shows is refused" {
	sockstat_stub new.txt
	run -2 conns -r bsd_sockstat -n unbound-anchor
	assert_output "conns: bsd_sockstat: unbound-anchor: sockstat shows 10 characters of a name at most; try bsd_procstat"
}

@test "bsd_sockstat: -U by name and by a uid sockstat prints as a number" {
	sockstat_stub new.txt
	run -0 conns -r bsd_sockstat -U root -o pid,name
	assert_output "$(printf '%s\n' $'901\tsshd' $'5555\tweb srv')"
	run -0 conns -r bsd_sockstat -U 1001 -o pid,uid
	assert_output $'777\t1001'
	run -0 conns -r bsd_sockstat -U root -p 901 -o pid
	assert_output 901
	run -1 conns -r bsd_sockstat -U root -p 4397
	assert_output ""
}

@test "bsd_sockstat: a pid with no socket is no match, a pid of no process an error" {
	sockstat_stub new.txt
	run -1 conns -r bsd_sockstat -p $$
	assert_output ""
	run -2 conns -r bsd_sockstat -p $NOPID
	assert_output "conns: $NOPID: no such process"
	run -2 conns -r bsd_sockstat -p 4397 -p $NOPID -c
	assert_output "$(printf '%s\n' "conns: $NOPID: no such process" 5)"
}

@test "bsd_sockstat: a header alone is no match" {
	sockstat_stub header.txt
	run -1 conns -r bsd_sockstat
	assert_output ""
}

@test "bsd_sockstat: a malformed line is an error naming it" {
	sockstat_stub malformed.txt
	run -2 conns -r bsd_sockstat -p 4397
	assert_output "conns: sockstat -4c: unexpected output on line 3: www      nginx       1234  7 tcp4  10.0.0.2:443          203.0.113.300:40022  "
}

@test "bsd_sockstat: truncated output is an error" {
	sockstat_stub truncated.txt
	run -2 conns -r bsd_sockstat -p 1234
	assert_line --index 0 "conns: sockstat -4c: unexpected output on line 6: root     web srv     5555  7 tcp4  10.0.0.2:8080         10.0."
}

@test "bsd_sockstat: nothing, or nothing it prints, is an error" {
	sockstat_stub empty.txt
	run -2 conns -r bsd_sockstat
	assert_output "conns: sockstat -4c: printed nothing"
	sockstat_stub garbage.txt
	run -2 conns -r bsd_sockstat
	assert_output "conns: sockstat -4c: unexpected output on line 1: sockstat: kvm_openfiles: /dev/mem: Permission denied"
}

@test "bsd_sockstat: lines no sockstat prints are an error, shown escaped" {
	stub_cmd sockstat "$FIXTURES/bsd_sockstat/new.txt" --garbage
	run -2 conns -r bsd_sockstat
	assert_output 'conns: sockstat -4c: unexpected output on line 15: x\x01\xff ]]]]'
}

@test "bsd_sockstat: a failing sockstat is an error" {
	stub_cmd sockstat - --stderr 'sockstat: sysctl: Operation not permitted' --exit 1
	run -2 conns -r bsd_sockstat
	assert_output "conns: sockstat: exited with status 1"
}

@test "bsd_sockstat: --timeout stops a sockstat that hangs" {
	stub_script sockstat "head -3 '$FIXTURES/bsd_sockstat/new.txt'; exec sleep 30"
	SECONDS=0
	run -2 conns -r bsd_sockstat --timeout 1
	assert_output "conns: sockstat: timed out after 1 s"
	[ "$SECONDS" -lt 10 ]
}

# ---- bsd_procstat --------------------------------------------------------

@test "bsd_procstat: runs procstat -f PID, pid's connected sockets" {
	procstat_stub all.txt
	run -0 conns -r bsd_procstat -p 3561
	assert_output "$(tsv \
	    '10.0.0.2 9050 10.0.0.1 22370 tcp' \
	    '10.0.0.2 9050 10.0.0.1 44381 tcp' \
	    '10.0.0.2 33734 198.51.100.2 443 tcp' \
	    '10.0.0.2 47704 203.0.113.102 9001 tcp' \
	    '::ffff:10.0.0.2 8443 ::ffff:10.0.0.4 50000 tcp' \
	    '10.0.0.2 5353 10.0.0.1 53 udp')"
	assert_equal "$(stub_args procstat)" "-f 3561"
}

@test "bsd_procstat: -l adds 0.0.0.0:0, *:0, ::.0 and *.0 peers" {
	procstat_stub all.txt
	run -0 conns -r bsd_procstat -p 901 -l -o proto,state,laddr,lport,raddr,rport
	assert_output "$(tsv \
	    'tcp LISTEN 0.0.0.0 22 0.0.0.0 0' \
	    'tcp ESTABLISHED 192.0.2.5 22 198.51.100.7 60000' \
	    'tcp LISTEN :: 22 :: 0' \
	    'tcp ESTABLISHED 2001:db8::5 22 2001:db8:1::9 51000')"
	run -0 conns -r bsd_procstat -p 3561 -l -u -o state,laddr,lport
	assert_output "$(tsv 'CLOSE 10.0.0.2 53' 'ESTABLISHED 10.0.0.2 5353' 'CLOSE :: 5353')"
}

@test "bsd_procstat: -6, -4, -t, -a" {
	procstat_stub all.txt
	run -0 conns -r bsd_procstat -p 901 -6
	assert_output "$(tsv '2001:db8::5 22 2001:db8:1::9 51000 tcp')"
	run -0 conns -r bsd_procstat -p 3561 -4 -t -c
	assert_output 4
	run -0 conns -r bsd_procstat -p 3561 -a -c
	assert_output 11
}

@test "bsd_procstat: several pids, one run each" {
	procstat_stub all.txt
	run -0 conns -r bsd_procstat -p 4100 -p 901 -p 4100 -o pid,name,lport
	assert_output "$(printf '%s\n' $'901\tsshd\t22' $'901\tsshd\t22' $'4100\tweb srv\t8080')"
	assert_equal "$(stub_args procstat)" "$(printf '%s\n' '-f 4100' '-f 901')"
}

@test "bsd_procstat: no pid: procstat -f -a, and -n is an exact name" {
	procstat_stub all.txt
	run -0 conns -r bsd_procstat -c
	assert_output 9
	assert_equal "$(stub_args procstat)" "-f -a"
	run -0 conns -r bsd_procstat -n 'web srv' -o pid,name,lport
	assert_output $'4100\tweb srv\t8080'
	run -2 conns -r bsd_procstat -n web
	assert_output "conns: web: no process of that name"
}

@test "bsd_procstat: a name no process has, a pid of no process" {
	procstat_stub all.txt
	run -2 conns -r bsd_procstat -n nosuch
	assert_output "conns: nosuch: no process of that name"
	run -2 conns -r bsd_procstat -p $NOPID
	assert_output "conns: $NOPID: no such process"
	run -2 conns -r bsd_procstat -p $NOPID -p 4100
	assert_output "$(printf '%s\n' "conns: $NOPID: no such process" $'10.0.0.2\t8080\t10.0.0.3\t41000\ttcp')"
}

@test "bsd_procstat: -n of a process without connections is no match" {
	procstat_stub all.txt
	run -1 conns -r bsd_procstat -p 901 -n tor
	assert_output ""
	run -1 conns -r bsd_procstat -n sshd -u
	assert_output ""
}

@test "bsd_procstat: -U is refused, procstat -f shows no user" {
	procstat_stub all.txt
	run -2 conns -r bsd_procstat -U root
	assert_output "conns: bsd_procstat: procstat -f shows no user; -U needs another resolver"
}

@test "bsd_procstat: malformed and truncated output are errors" {
	procstat_stub malformed.txt
	run -2 conns -r bsd_procstat -p 901
	assert_output "conns: procstat -f 901: unexpected output on line 9:   901 sshd                 8 s - rw------   1       0 TCP 192.0.2.5:22 198.51.100.7:6000O"
	procstat_stub truncated.txt
	run -2 conns -r bsd_procstat
	assert_output "conns: procstat -f -a: unexpected output on line 17:  3561 tor                  4 s - rw---n--   2       0 TCP 10.0.0.2:9050 10.0.0"
}

@test "bsd_procstat: a header alone for a live pid is no match" {
	stub_cmd procstat "$FIXTURES/bsd_procstat/header.txt"
	run -1 conns -r bsd_procstat -p $$
	assert_output ""
}

@test "bsd_procstat: --timeout stops a procstat that hangs" {
	stub_cmd procstat - --sleep 30
	SECONDS=0
	run -2 conns -r bsd_procstat -p $$ --timeout 1
	assert_output "conns: procstat: timed out after 1 s"
	[ "$SECONDS" -lt 10 ]
}

@test "bsd_procstat: --timeout counts for all the runs" {
	stub_cmd procstat - --sleep 30
	SECONDS=0
	run -2 conns -r bsd_procstat -p $$ -p $PPID --timeout 1
	assert_output "$(printf '%s\n' "conns: procstat: timed out after 1 s" "conns: procstat: timed out after 1 s")"
	[ "$SECONDS" -lt 5 ]
	assert_equal "$(stub_args procstat)" "-f $$"
}

# ---- bsd_fstat ----------------------------------------------------------

@test "bsd_fstat: runs fstat -p PID, pid's connected sockets" {
	fstat_stub all.txt
	run -0 conns -r bsd_fstat -p 15843
	assert_output "$(tsv \
	    '192.168.1.100 9001 198.51.100.23 50211 tcp' \
	    '192.168.1.100 36174 203.0.113.1 443 tcp' \
	    '192.168.1.100 36180 203.0.113.2 443 tcp' \
	    '192.168.1.100 36200 203.0.113.3 80 tcp' \
	    '2001:db8::100 41234 2001:db8:1::1 9001 tcp' \
	    '192.168.1.100 40000 192.168.1.1 53 udp' \
	    'fe80::1 546 fe80::2 547 udp')"
	assert_equal "$(stub_args fstat)" "-p 15843"
}

@test "bsd_fstat: -l adds sockets without a peer" {
	fstat_stub all.txt
	run -0 conns -r bsd_fstat -p 15843 -l -o proto,state,laddr,lport -c
	assert_output 12
	run -0 conns -r bsd_fstat -p 15843 -l -o proto,state,laddr,lport,raddr
	assert_line --index 0 $'tcp\tLISTEN\t0.0.0.0\t9030\t0.0.0.0'
	assert_line --index 7 $'tcp\tLISTEN\t::1\t9050\t::'
	assert_line --index 9 $'udp\tCLOSE\t127.0.0.1\t5353\t0.0.0.0'
}

@test "bsd_fstat: -6 and -u narrow, e.g. to the link-local pair" {
	fstat_stub all.txt
	run -0 conns -r bsd_fstat -p 15843 -6 -u
	assert_output "$(tsv 'fe80::1 546 fe80::2 547 udp')"
	run -0 conns -r bsd_fstat -p 15843 -6 -e -t
	assert_output "$(tsv '2001:0db8:0000:0000:0000:0000:0000:0100 41234 2001:0db8:0001:0000:0000:0000:0000:0001 9001 tcp')"
}

@test "bsd_fstat: no pid: plain fstat, -n and -U" {
	fstat_stub all.txt
	run -0 conns -r bsd_fstat -o pid,name,uid,state,lport
	assert_output "$(printf '%s\n' \
	    $'600\tunbound\t\tESTABLISHED\t41844' \
	    $'901\tsshd\t0\tESTABLISHED\t22' \
	    $'4100\tweb srv\t\tESTABLISHED\t8080' \
	    $'15843\ttor\t\tESTABLISHED\t9001' \
	    $'15843\ttor\t\tESTABLISHED\t36174' \
	    $'15843\ttor\t\tESTABLISHED\t36180' \
	    $'15843\ttor\t\tESTABLISHED\t36200' \
	    $'15843\ttor\t\tESTABLISHED\t41234' \
	    $'15843\ttor\t\tESTABLISHED\t40000' \
	    $'15843\ttor\t\tESTABLISHED\t546')"
	assert_equal "$(stub_args fstat)" ""
	run -0 conns -r bsd_fstat -U root -l -o pid,state,lport
	assert_output "$(tsv '901 LISTEN 22' '901 ESTABLISHED 22' '901 LISTEN 22')"
	run -0 conns -r bsd_fstat -n 'web srv' -o pid
	assert_output 4100
	run -2 conns -r bsd_fstat -n nosuch
	assert_output "conns: nosuch: no process of that name"
}

@test "bsd_fstat: a pid fstat prints nothing for is no process" {
	fstat_stub all.txt
	run -2 conns -r bsd_fstat -p $NOPID
	assert_output "conns: $NOPID: no such process"
	fstat_stub header.txt
	run -1 conns -r bsd_fstat -p $$
	assert_output ""
}

@test "bsd_fstat: malformed and truncated output are errors" {
	fstat_stub malformed.txt
	run -2 conns -r bsd_fstat -p 901
	assert_output "conns: fstat -p 901: unexpected output on line 9: root     sshd         901    7* internet stream tcp 0x0 192.0.2.5:22 <=> 198.51.100.7:60001"
	fstat_stub truncated.txt
	run -2 conns -r bsd_fstat
	assert_output "conns: fstat: unexpected output on line 25: _tor     tor        15843   21* internet stream tcp 0x0 192.168.1.100:9001 <--"
}

@test "bsd_fstat: a failing fstat is an error, a hanging one stopped" {
	stub_cmd fstat - --exit 1
	run -2 conns -r bsd_fstat -p $$
	assert_output "conns: fstat: exited with status 1"
	stub_cmd fstat - --signal SEGV
	run -2 conns -r bsd_fstat
	assert_output --partial "conns: fstat: killed by signal"
	stub_cmd fstat - --sleep 30
	SECONDS=0
	run -2 conns -r bsd_fstat --timeout 1
	assert_output "conns: fstat: timed out after 1 s"
	[ "$SECONDS" -lt 10 ]
}

# ---- which are usable ---------------------------------------------------

@test "--system FreeBSD lists bsd_sockstat and bsd_procstat when in PATH" {
	stub_cmd sockstat
	stub_cmd procstat
	run -0 stub_only conns -L --system FreeBSD
	assert_output "$(printf '%s\n' bsd_sockstat bsd_procstat)"
	rm "$STUB_DIR/sockstat"
	run -0 stub_only conns -L --system FreeBSD
	assert_output bsd_procstat
}

@test "--system FreeBSD falls back to lsof" {
	stub_cmd procstat
	stub_cmd lsof
	run -0 stub_only conns -L --system Darwin
	assert_output lsof
	run -0 stub_only conns -L --system FreeBSD
	assert_output "$(printf '%s\n' bsd_procstat lsof)"
}

@test "--system OpenBSD lists bsd_fstat; Darwin none of these" {
	stub_cmd fstat
	stub_cmd sockstat
	stub_cmd procstat
	run -0 stub_only conns -L --system OpenBSD
	assert_output bsd_fstat
	run -1 stub_only conns -L --system Darwin
	assert_output ""
	rm "$STUB_DIR/fstat"
	run -1 stub_only conns -L --system OpenBSD
	assert_output ""
}

@test "a BSD resolver whose tool is not in PATH is unavailable" {
	run -2 stub_only conns -r bsd_fstat -p $$
	assert_output "conns: bsd_fstat: resolver not available here"
	run -2 stub_only conns -r bsd_sockstat
	assert_output "conns: bsd_sockstat: resolver not available here"
	run -2 stub_only conns -r bsd_procstat
	assert_output "conns: bsd_procstat: resolver not available here"
}
