#!/usr/bin/env bats
# portname: the common use of a port.

load common

TOP=$BATS_TEST_DIRNAME/..

# Skips unless the system services database has PORT/PROTO; prints its name.
sysname() {
	getent services "$1" | awk '{ print $1; exit }'
}

# --- one operand: the result alone

@test "80 is HTTP" {
	run -0 --separate-stderr portname 80
	assert_output 'HTTP'
	assert_equal "$stderr" ''
}

@test "22 is SSH, 443 HTTPS, 65535 unknown" {
	run -0 portname 22
	assert_output 'SSH'
	run -0 portname 443
	assert_output 'HTTPS'
	run -1 portname 65535
	assert_output ''
}

@test "both ends of a range, and just outside it" {
	run -0 portname 6881
	assert_output 'BitTorrent'
	run -0 portname 6999
	assert_output 'BitTorrent'
	run -0 portname 6900
	assert_output 'BitTorrent'
	run -1 portname 6880
	assert_output ''
	run -1 portname 7000
	assert_output ''
}

@test "added entries: Redis, etcd range, WireGuard, X11 range ends" {
	run -0 portname -N 6379 2379 2380 51820 6000 6063 27017 9001
	assert_output "$(printf '%s\n' Redis etcd etcd WireGuard X11 X11 MongoDB Tor)"
	run -1 portname 6064
	assert_output ''
}

@test "an unknown valid port: empty result, status 1, no message" {
	run -1 --separate-stderr portname 30000
	assert_output ''
	assert_equal "$stderr" ''
	# One record per input, an empty one included.
	run -0 bash -c 'portname 30000 | od -An -c'
	assert_output '  \n'
}

# --- invalid inputs: a message naming the input, status 1

@test "0 and 65536 are out of range" {
	run -1 --separate-stderr portname 0
	assert_output ''
	assert_equal "$stderr" 'portname: 0: port out of range 1-65535'
	run -1 --separate-stderr portname 65536
	assert_equal "$stderr" 'portname: 65536: port out of range 1-65535'
	run -1 --separate-stderr portname 99999999999999999999999
	assert_equal "$stderr" 'portname: 99999999999999999999999: invalid port'
}

@test "abc, blank, leading zero, signs are invalid" {
	local in
	for in in abc ' 15' '15 ' 01 00 +80 0x50 8.0; do
		run -1 --separate-stderr portname -- "$in"
		assert_output ''
		assert_equal "$stderr" "portname: $in: invalid port"
	done
	run -1 --separate-stderr portname -- -1
	assert_equal "$stderr" 'portname: -1: invalid port'
}

@test "an empty operand is invalid" {
	run -1 --separate-stderr portname ''
	assert_equal "$stderr" 'portname: empty input: invalid port'
}

@test "a tab and a NUL in an input are escaped, in the record and the message" {
	run -1 --separate-stderr portname -H $'8\t0'
	assert_output '8\t0	'
	assert_equal "$stderr" 'portname: 8\t0: invalid port'
	run -1 --separate-stderr bash -c "printf '80\\0\\n22\\n' | portname"
	assert_output "$(printf '80\\x00\t\n22\tSSH')"
	assert_equal "$stderr" 'portname: 80\x00: invalid port'
}

@test "a 10 000-byte line is one invalid input, not truncated" {
	local long
	long=$(printf '8%.0s' {1..10000})
	run -1 --separate-stderr bash -c "printf '%s\n80\n' $long | portname"
	assert_output "$(printf '%s\t\n80\tHTTP' "$long")"
	assert_equal "$stderr" "portname: $long: invalid port"
}

@test "an option-like operand needs --" {
	run -2 --separate-stderr portname -1
	assert_equal "$stderr" 'portname: -1: unknown option'
}

# --- several operands and standard input: INPUT<TAB>RESULT

@test "several operands: INPUT<TAB>RESULT in input order" {
	run -1 --separate-stderr portname 80 abc 30000 6881
	assert_output "$(printf '80\tHTTP\nabc\t\n30000\t\n6881\tBitTorrent')"
	assert_equal "$stderr" 'portname: abc: invalid port'
}

@test "all passing operands: status 0" {
	run -0 portname 21 22 23
	assert_output "$(printf '21\tFTP\n22\tSSH\n23\tTelnet')"
}

@test "standard input, CRLF and an empty line" {
	run -1 --separate-stderr bash -c "printf '22\r\n\n6999\n1' | portname"
	assert_output "$(printf '22\tSSH\n\t\n6999\tBitTorrent\n1\tTCPMUX')"
	assert_equal "$stderr" 'portname: empty input: invalid port'
}

@test "standard input with one line still gives INPUT<TAB>RESULT" {
	run -0 bash -c 'echo 80 | portname'
	assert_output "$(printf '80\tHTTP')"
}

@test "empty standard input: no output, status 0" {
	run -0 portname < /dev/null
	assert_output ''
}

@test "every port once: one record each, the known ones as in --list" {
	local n want
	n=$(seq 1 65535 | portname | wc -l)
	assert_equal "$n" 65535
	n=$(seq 1 65535 | portname | awk -F'\t' '$2 != ""' | wc -l)
	want=$(portname -l | awk -F'\t' '{ n = split($1, r, "-");
	    c += n == 1 ? 1 : r[2] - r[1] + 1 } END { print c }')
	assert_equal "$n" "$want"
}

@test "a long stdin of mixed lines answers as the same inputs given as operands" {
	# Lines of every shape, across many input blocks, so that some fall
	# on a block's end: stdin parses ports in place, operands do not.
	awk 'BEGIN { split("80 0 080 65535 65536 443x 12\r 99999 -1 6881", odd)
	    for (i = 0; i < 150000; i++)
		print i % 7 ? (i * 7919) % 65535 + 1 : odd[i % 10 + 1] }' \
	    > "$BATS_TEST_TMPDIR/in"
	portname < "$BATS_TEST_TMPDIR/in" > "$BATS_TEST_TMPDIR/stdin" \
	    2> "$BATS_TEST_TMPDIR/stdin.err" || true
	tr -d '\r' < "$BATS_TEST_TMPDIR/in" | xargs -d '\n' -n 4000 \
	    "$BIN/portname" -H -- > "$BATS_TEST_TMPDIR/args" \
	    2> "$BATS_TEST_TMPDIR/args.err" || true
	run -0 cmp "$BATS_TEST_TMPDIR/stdin" "$BATS_TEST_TMPDIR/args"
	run -0 cmp "$BATS_TEST_TMPDIR/stdin.err" "$BATS_TEST_TMPDIR/args.err"
	run -0 wc -l < "$BATS_TEST_TMPDIR/stdin"
	assert_output 150000
}

@test "-H forces INPUT<TAB>RESULT for one operand" {
	run -0 portname -H 80
	assert_output "$(printf '80\tHTTP')"
	run -0 portname --with-input 22
	assert_output "$(printf '22\tSSH')"
}

@test "-N forces the result alone, one line per input" {
	run -1 portname -N 80 30000 22
	assert_output "$(printf 'HTTP\n\nSSH\n')"
	run -0 bash -c 'printf "80\n22\n" | portname --no-input'
	assert_output "$(printf 'HTTP\nSSH')"
}

@test "of -H and -N the last counts" {
	run -0 portname -H -N 80 22
	assert_output "$(printf 'HTTP\nSSH')"
	run -0 portname -N -H 80
	assert_output "$(printf '80\tHTTP')"
}

# --- -v, -S

@test "-v adds the source: table, or empty" {
	run -1 portname -v 80 30000
	assert_output "$(printf '80\tHTTP\ttable\n30000\t\t')"
	run -0 portname --verbose 22
	assert_output "$(printf 'SSH\ttable')"
}

@test "-S answers from the services database for a port the table lacks" {
	local want
	run -1 portname 8081
	assert_output ''
	want=$(sysname 8081/tcp)
	[ -n "$want" ] || want=$(sysname 8081/udp)
	[ -n "$want" ] || skip 'no 8081 in the services database'
	run -0 portname -S 8081
	assert_output "$want"
	run -0 portname --system -v 8081
	assert_output "$(printf '%s\tsystem' "$want")"
}

@test "-S over every port agrees with the services database" {
	local d=$BATS_TEST_TMPDIR
	getent services > "$d/db" || skip 'no services database'
	# The first tcp entry of a port, else its first udp entry.
	awk '{ split($2, p, "/") }
	    p[2] == "tcp" && !(p[1] in t) { t[p[1]] = $1 }
	    p[2] == "udp" && !(p[1] in u) { u[p[1]] = $1 }
	    END { for (k in u) if (!(k in t)) t[k] = u[k]
		for (k in t) print k "\t" t[k] }' "$d/db" | sort -n > "$d/sys"
	seq 1 65535 | portname | awk -F'\t' '$2 == "" { print $1 }' > "$d/lack"
	awk 'NR == FNR { lack[$1] = 1; next } $1 in lack' "$d/lack" "$d/sys" \
	    > "$d/want"
	seq 1 65535 | portname -S -v |
	    awk -F'\t' -v OFS='\t' '$3 == "system" { print $1, $2 }' > "$d/got"
	run -0 diff "$d/want" "$d/got"
}

@test "-S: the table wins over the database" {
	run -0 portname -S -v 22
	assert_output "$(printf 'SSH\ttable')"
}

@test "-S: a port neither knows is still empty, status 1" {
	if [ -n "$(sysname 30000/tcp)$(sysname 30000/udp)" ]; then
		skip '30000 is in the services database'
	fi
	run -1 portname -S -v -H 30000
	assert_output "$(printf '30000\t\t')"
}

@test "-S -r falls back to getservbyname, case-insensitively" {
	local want
	want=$(getent services tproxy | awk '{ split($2, p, "/"); print p[1]; exit }')
	[ -n "$want" ] || skip 'no tproxy in the services database'
	run -1 portname -r tproxy
	assert_output ''
	run -0 portname -S -r TPROXY -v
	assert_output "$(printf '%s\tsystem' "$want")"
}

# --- -r

@test "-r prints each port or range with that name, case-insensitively" {
	run -0 portname -r irc
	assert_output "$(printf '194\n6660-6669\n6679\n6697')"
	run -0 portname --reverse=BITTORRENT
	assert_output "$(printf '2710\n6881-6999\n30301')"
}

@test "-r compares the whole name" {
	run -0 portname -r ircs
	assert_output '994'
	run -0 portname -r 'Kubernetes API'
	assert_output '6443'
}

@test "-r with no match: nothing, status 1, no message" {
	run -1 --separate-stderr portname -r nosuchservice
	assert_output ''
	assert_equal "$stderr" ''
}

@test "-r with -H and -v" {
	run -0 portname -r ssh -H -v
	assert_output "$(printf 'ssh\t22\ttable')"
}

@test "-r with -f human" {
	run -0 portname -r etcd -f human
	assert_output "$(printf 'PORT       USE\n2379-2380  etcd')"
}

@test "-f human with nothing to show prints nothing, not even the header" {
	run -1 portname -f human -r nosuchservice
	assert_output ''
	run -0 portname -f human < /dev/null
	assert_output ''
}

@test "-r with -q: the status only" {
	run -0 portname -q -r ssh
	assert_output ''
	run -1 portname -q -r nosuchservice
	assert_output ''
}

@test "a repeated -r or -f: the last counts" {
	run -0 portname -r irc -r ssh
	assert_output '22'
	run -0 portname -f human -f tsv 80
	assert_output 'HTTP'
}

@test "-r takes no operand, and not with -l" {
	run -2 --separate-stderr portname -r ssh 22
	assert_equal "$stderr" 'portname: 22: -r takes no operand'
	run -2 --separate-stderr portname -l -r ssh
	assert_equal "$stderr" 'portname: -l and -r exclude each other'
	run -2 --separate-stderr portname -r
	assert_equal "$stderr" 'portname: -r: missing argument'
}

# --- -l

@test "-l prints the table sorted, PORT[-HIGH]<TAB>NAME" {
	local n
	run -0 portname -l
	assert_line --index 0 "$(printf '1\tTCPMUX')"
	assert_line "$(printf '6881-6999\tBitTorrent')"
	assert_line "$(printf '51820\tWireGuard')"
	n=$(grep -cv '^#' "$TOP/data/port-usage.tsv")
	assert_equal "${#lines[@]}" "$n"
	assert_equal "$(portname --list | cut -f1 | cut -d- -f1 | sort -nc && echo sorted)" sorted
}

@test "-l matches the data file line for line" {
	run -0 diff <(portname -l) <(grep -v '^#' "$TOP/data/port-usage.tsv")
}

@test "-l with -v and -f human" {
	run -0 bash -c 'portname -l -v | head -2'
	assert_output "$(printf '1\tTCPMUX\ttable\n2\tCompressNET\ttable')"
	run -0 bash -c 'portname -l -f human | head -3'
	assert_output "$(printf 'PORT         USE\n1            TCPMUX\n2            CompressNET')"
}

@test "-l takes no operand" {
	run -2 --separate-stderr portname -l 80
	assert_equal "$stderr" 'portname: 80: -l takes no operand'
}

# --- -q, -f

@test "-q prints nothing; the status tells" {
	run -0 --separate-stderr portname -q 80
	assert_output ''
	assert_equal "$stderr" ''
	run -1 --separate-stderr portname --quiet 80 30000 abc
	assert_output ''
	assert_equal "$stderr" ''
	run -0 portname -q -l
	assert_output ''
}

@test "-f human: aligned columns under a header" {
	run -1 --separate-stderr portname -f human 80 6881 abc 30000
	assert_output "$(printf 'PORT   USE\n80     HTTP\n6881   BitTorrent\nabc    -\n30000  -')"
	assert_equal "$stderr" 'portname: abc: invalid port'
	run -0 portname --format=human -v 22
	assert_output "$(printf 'PORT  USE  SOURCE\n22    SSH  table')"
}

@test "-f tsv is the default; another format is a usage error" {
	run -0 portname -f tsv 80
	assert_output 'HTTP'
	run -2 --separate-stderr portname -f xml 80
	assert_output ''
	assert_equal "$stderr" 'portname: xml: unknown format, use tsv, human or json'
}

# --- -f json

@test "-f json: one object per input, for one operand too" {
	run -0 portname -f json 80
	assert_output '{"input":"80","port":80,"use":"HTTP"}'
	run -1 --separate-stderr portname -f json 6900 30000 0 'a"b'
	assert_output "$(printf '%s\n' '{"input":"6900","port":6900,"use":"BitTorrent"}' \
		'{"input":"30000","port":30000,"use":null}' \
		'{"input":"0","port":null,"use":null}' \
		'{"input":"a\"b","port":null,"use":null}')"
	assert_equal "$stderr" "$(printf '%s\n' 'portname: 0: port out of range 1-65535' \
		'portname: a"b: invalid port')"
}

@test "-f json: the input exactly, escaped as JSON; -H and -N change nothing" {
	run -1 --separate-stderr portname -f json -N < <(printf '22\r\nx\ty\n\x01\n')
	assert_output "$(printf '%s\n' '{"input":"22","port":22,"use":"SSH"}' \
		'{"input":"x\ty","port":null,"use":null}' \
		'{"input":"\u0001","port":null,"use":null}')"
}

@test "-f json -v adds source; -l and -r give low, high and use" {
	run -1 portname -f json -v 22 30000
	assert_output "$(printf '%s\n' '{"input":"22","port":22,"use":"SSH","source":"table"}' \
		'{"input":"30000","port":30000,"use":null,"source":null}')"
	run -0 portname -f json -r bittorrent
	assert_line '{"low":6881,"high":6999,"use":"BitTorrent"}'
	run -0 bash -c 'portname -f json -l | head -1'
	assert_output '{"low":1,"high":1,"use":"TCPMUX"}'
	run -0 bash -c "portname -f json -l | wc -l"
	assert_output "$(portname -l | wc -l)"
	run -0 portname -f json -q 80
	assert_output ''
}

@test "-f json -S: a name from the services database" {
	name=$(sysname 8081/tcp)
	[ -n "$name" ] || name=$(sysname 8081/udp)
	[ -n "$name" ] || skip 'no 8081 in the services database'
	run -0 portname -f json -S -v 8081
	assert_output "{\"input\":\"8081\",\"port\":8081,\"use\":\"$name\",\"source\":\"system\"}"
}

# --- help, usage, version, errors

@test "--usage is the man page SYNOPSIS" {
	local syn
	syn=$(mandoc -Tascii "$TOP/man/portname.1" | sed 's/.\x08//g' |
	    awk '/^SYNOPSIS/ { getline; sub(/^ +/, ""); print; exit }')
	run -0 portname --usage
	assert_output "Usage: $syn"
}

@test "--help lists every option" {
	run -0 portname --help
	assert_line --index 0 "$(portname --usage)"
	for o in reverse list system verbose with-input no-input format quiet version; do
		assert_output --partial "--$o"
	done
}

@test "every long option in the source is in the man page" {
	local o page
	page=$(mandoc -Tascii "$TOP/man/portname.1" | sed 's/.\x08//g')
	for o in $(grep -o '{ "[a-z-]*"' "$TOP/cmd/portname.c" | cut -d'"' -f2); do
		[[ $page == *"--$o"* ]] || fail "--$o is not in portname.1"
	done
}

@test "--version" {
	run -0 portname --version
	assert_output --regexp '^portname [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "an unknown option is a usage error" {
	run -2 --separate-stderr portname --bogus 80
	assert_output ''
	assert_equal "$stderr" 'portname: --bogus: unknown option'
}

@test "a full disk is an error, status 2" {
	run -2 --separate-stderr bash -c 'portname 80 > /dev/full'
	assert_equal "$stderr" 'portname: stdout: No space left on device'
	run -2 --separate-stderr bash -c 'portname -l > /dev/full'
	assert_equal "$stderr" 'portname: stdout: No space left on device'
}

@test "a closed pipe ends the batch quietly" {
	run -0 --separate-stderr bash -c 'seq 1 65535 | portname | head -1'
	assert_output "$(printf '1\tTCPMUX')"
	assert_equal "$stderr" ''
}

@test "SIGPIPE ignored, the reader gone: status 2, nothing on stderr" {
	seq 1 65535 >"$BATS_TEST_TMPDIR/in"
	run -2 --separate-stderr bash -c "trap '' PIPE; portname <'$BATS_TEST_TMPDIR/in' |
	    head -1 >/dev/null; exit \${PIPESTATUS[0]}"
	assert_output ''
	assert_equal "$stderr" ''
}

@test "a read error is an error, status 2" {
	run -2 --separate-stderr portname < /
	assert_equal "$stderr" 'portname: stdin: Is a directory'
}
