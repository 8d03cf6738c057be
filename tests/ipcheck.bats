#!/usr/bin/env bats
# ipcheck: one test per behaviour, command and expected output side by side.

load common

# N lines of the same word.
rep() {
	local i
	for ((i = 0; i < $2; i++)); do echo "$1"; done
}

# --- default mode: IPv4 or IPv6 ---------------------------------------------

@test "one operand: the result alone" {
	run -0 ipcheck 1.2.3.4
	assert_output "ipv4"
	run -0 ipcheck fe80::202:b3ff:fe1e:8329
	assert_output "ipv6"
	run -1 ipcheck 1.2.3.256
	assert_output "invalid"
}

@test "several operands: INPUT<TAB>RESULT in order, status tells the worst" {
	run -1 ipcheck 1.2.3.4 0.0.00.0 ::ffff:5.9.158.75 2001:db8::aaaa::1
	assert_output "$(printf '1.2.3.4\tipv4\n0.0.00.0\tinvalid\n::ffff:5.9.158.75\tipv6\n2001:db8::aaaa::1\tinvalid')"
	run -0 ipcheck 127.0.0.1 ::1
	assert_output "$(printf '127.0.0.1\tipv4\n::1\tipv6')"
}

@test "standard input: every line answered with its input" {
	run -1 ipcheck < <(printf '1.2.3.4\n:::\n::1\r\n::ffff:5.9.158\n')
	assert_output "$(printf '1.2.3.4\tipv4\n:::\tinvalid\n::1\tipv6\n::ffff:5.9.158\tinvalid')"
}

@test "-H and -N force either form" {
	run -0 ipcheck -H 1.2.3.4
	assert_output "$(printf '1.2.3.4\tipv4')"
	run -1 ipcheck -N 1.2.3.4 x
	assert_output "$(printf 'ipv4\ninvalid')"
	run -0 ipcheck --no-input < <(printf '::\n')
	assert_output "ipv6"
	run -0 ipcheck --with-input -N 1.2.3.4
	assert_output "ipv4"
}

# --- -4 and -6 ----------------------------------------------------------------

@test "-4: dotted quads, four decimal octets 0-255, no leading zeros" {
	run -0 ipcheck -4 0.0.0.0 255.255.255.255 5.9.158.75
	assert_output "$(printf '0.0.0.0\tvalid\n255.255.255.255\tvalid\n5.9.158.75\tvalid')"
	run -1 ipcheck -N -4 0.0.00.0 1.2.3.256 01.2.3.4 1.2.3 1.2.3.4.5 \
		1..2.3 .1.2.3 ::1 256.0.0.0 1.2.3.04
	assert_output "$(rep invalid 10)"
}

@test "-6: RFC 4291 text forms" {
	run -0 ipcheck -N -6 fe80::202:b3ff:fe1e:8329 ::ffff:5.9.158.75 :: ::1 \
		1:2:3:4:5:6:7:8 1:: 1:2:3:4:5:6:1.2.3.4 FE80::1 1:2:3:4:5:6:7::
	assert_output "$(rep valid 9)"
}

@test "-6: invalid forms, the dotted quad only as the last 32 bits" {
	run -1 ipcheck -N -6 2001:db8::aaaa::1 ::: ::ffff:5.9.158 1.2.3.4 \
		1:2:3:4:5:6:7:8:9 ::ffff:1.2.3.4:1 1:2:3:4:5:6:7:1.2.3.4 \
		12345::1 :1::2 1::2: g::1 ::ffff:01.2.3.4 1:2:3:4:5:6:7:8::
	assert_output "$(rep invalid 13)"
}

@test "-b takes [addr], -Z takes a zone; neither is taken by default" {
	run -1 ipcheck -6 '[::1]' 'fe80::1%eth0'
	assert_output "$(printf '[::1]\tinvalid\nfe80::1%%eth0\tinvalid')"
	run -0 ipcheck -6 -b '[::1]'
	assert_output "valid"
	run -1 ipcheck -b '[1.2.3.4]' '[::1' '::1]' '[]'
	assert_output "$(printf '[1.2.3.4]\tinvalid\n[::1\tinvalid\n::1]\tinvalid\n[]\tinvalid')"
	run -0 ipcheck --zone 'fe80::1%eth0' 'fe80::1%2'
	assert_output "$(printf 'fe80::1%%eth0\tipv6\nfe80::1%%2\tipv6')"
	run -1 ipcheck -Z 'fe80::1%' '1.2.3.4%eth0' 'fe80::1%a b'
	assert_output "$(printf 'fe80::1%%\tinvalid\n1.2.3.4%%eth0\tinvalid\nfe80::1%%a b\tinvalid')"
	run -0 ipcheck -b -Z -C '[FE80::0001%eth0]'
	assert_output "fe80::1"
}

# --- -p -----------------------------------------------------------------------

@test "-p: decimal 1-65535; -z takes 0" {
	run -0 ipcheck -p 1 80 65535
	assert_output "$(printf '1\tvalid\n80\tvalid\n65535\tvalid')"
	run -1 ipcheck -p -N -- 0 65536 -1 +80 0x50 1e3 080 ' 80' '80 ' ''
	assert_output "$(rep invalid 10)"
	run -0 ipcheck -p -z 0
	assert_output "valid"
	run -1 ipcheck --port --allow-zero 00
	assert_output "invalid"
}

# --- -P -----------------------------------------------------------------------

@test "-P: 10/8, 172.16/12, 192.168/16 and 127/8 are private" {
	run -0 ipcheck -P 10.0.0.1 172.16.0.1 172.31.255.255 192.168.1.1 127.0.0.1
	assert_output "$(printf '10.0.0.1\tprivate\n172.16.0.1\tprivate\n172.31.255.255\tprivate\n192.168.1.1\tprivate\n127.0.0.1\tprivate')"
	run -1 ipcheck -P 172.32.0.1 8.8.8.8 ::1 1.2.3.256
	assert_output "$(printf '172.32.0.1\tpublic\n8.8.8.8\tpublic\n::1\tinvalid\n1.2.3.256\tinvalid')"
}

# --- -c -----------------------------------------------------------------------

@test "-c: the IANA special-purpose class" {
	run -0 ipcheck -c 127.0.0.1 10.1.1.1 169.254.0.1 224.0.0.1 100.64.0.1 \
		192.0.2.1 0.0.0.0 255.255.255.255 240.0.0.1 8.8.8.8 \
		::1 :: fe80::1 fc00::1 ff02::1 ::ffff:1.2.3.4 2001:db8::1 \
		64:ff9b::1.2.3.4 2002::1 2001::1 2606:4700::1
	assert_output "$(printf '%s\t%s\n' 127.0.0.1 loopback 10.1.1.1 private \
		169.254.0.1 link-local 224.0.0.1 multicast 100.64.0.1 shared \
		192.0.2.1 documentation 0.0.0.0 unspecified \
		255.255.255.255 broadcast 240.0.0.1 reserved 8.8.8.8 global \
		::1 loopback :: unspecified fe80::1 link-local fc00::1 unique-local \
		ff02::1 multicast ::ffff:1.2.3.4 ipv4-mapped 2001:db8::1 documentation \
		64:ff9b::1.2.3.4 nat64 2002::1 6to4 2001::1 teredo 2606:4700::1 global)"
	run -0 ipcheck -N -c 192.0.0.171 192.0.0.172 198.19.255.255 198.20.0.0 \
		172.15.255.255 100:0:0:1::5 2001:1::3 3fff::1 5f00::1 2001:30::1 \
		192.88.99.2 192.88.99.3
	assert_output "$(printf '%s\n' nat64-discovery ietf-protocol benchmarking \
		global global ipv6-dummy dns-anycast documentation segment-routing \
		drone-remote-id 6a44-relay 6to4-relay)"
	run -1 ipcheck -c nonsense
	assert_output "invalid"
}

# --- -e and -C ----------------------------------------------------------------

@test "-e: the full IPv6 form" {
	run -0 ipcheck -e 2001:db8::ff00:42:8329
	assert_output "2001:0db8:0000:0000:0000:ff00:0042:8329"
	run -0 ipcheck -e ::ffff:5.9.158.75
	assert_output "0000:0000:0000:0000:0000:ffff:0509:9e4b"
}

@test "-e: a failing input has an empty result and a message" {
	run -1 --separate-stderr ipcheck -e ::1 1.2.3.4
	assert_output "$(printf '::1\t0000:0000:0000:0000:0000:0000:0000:0001\n1.2.3.4\t')"
	assert_equal "$stderr" "ipcheck: 1.2.3.4: not an IPv6 address"
}

@test "-C: the RFC 5952 form" {
	run -0 ipcheck -N -C 2001:0DB8:0000:0000:0000:0000:0000:0001 \
		1:0:0:1:0:0:0:1 1:0:0:0:1:0:0:1 2001:db8:0:1:1:1:1:1 \
		0:0:0:0:0:ffff:0509:9e4b ::1:2 ::0.0.0.2 0:0:0:0:0:0:0:0 1.2.3.4
	assert_output "$(printf '%s\n' 2001:db8::1 1:0:0:1::1 1::1:0:0:1 \
		2001:db8:0:1:1:1:1:1 ::ffff:5.9.158.75 ::1:2 ::2 :: 1.2.3.4)"
}

@test "-C: a failing input has an empty result and a message" {
	run -1 --separate-stderr ipcheck -C nope
	assert_output ""
	assert_equal "$stderr" "ipcheck: nope: not an IP address"
}

# --- -g -----------------------------------------------------------------------

@test "-g: the registries' Globally Reachable column, most specific row first" {
	run -1 ipcheck -g 192.0.0.9 192.0.0.8 2001:1::1 2001::1 10.1.1.1 8.8.8.8 \
		2002::1 ::ffff:8.8.8.8 224.0.0.1 192.88.99.1 192.88.99.2 x
	assert_output "$(printf '%s\t%s\n' 192.0.0.9 global 192.0.0.8 not-global \
		2001:1::1 global 2001::1 not-global 10.1.1.1 not-global \
		8.8.8.8 global 2002::1 not-global ::ffff:8.8.8.8 not-global \
		224.0.0.1 global 192.88.99.1 global 192.88.99.2 not-global x invalid)"
	run -0 ipcheck --global 2606:4700:4700::1111
	assert_output "global"
	run -1 ipcheck -g -b -Z '[fe80::1%eth0]' 1.1.1.1 -N -s -v
	assert_output "[fe80::1%eth0]"
}

@test "-g agrees with the registry vectors (Python's is_global where it is right)" {
	grep -v '^#' "$FIXTURES/ipcheck-global.tsv" | cut -f1,2 > "$BATS_TEST_TMPDIR/want"
	cut -f1 "$BATS_TEST_TMPDIR/want" | ipcheck -g > "$BATS_TEST_TMPDIR/got" || true
	run -0 diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
	assert_output ""
}

# --- --in ---------------------------------------------------------------------

@test "--in: in or out of the listed blocks, both families" {
	run -1 ipcheck --in=10.0.0.0/8,2001:db8::/32 10.9.9.9 11.0.0.0 \
		2001:db8::5 2001:db9:: zz
	assert_output "$(printf '%s\t%s\n' 10.9.9.9 in 11.0.0.0 out 2001:db8::5 in \
		2001:db9:: out zz invalid)"
	run -0 ipcheck --in 192.0.2.0/255.255.255.0,1.2.3.4 192.0.2.77
	assert_output "in"
}

@test "--in: an IPv4 block holds the mapped form only" {
	run -1 ipcheck -N --in=10.0.0.0/8 ::ffff:10.1.2.3 ::10.1.2.3 \
		64:ff9b::a01:203 ::FFFF:a01:203
	assert_output "$(printf '%s\n' in out out in)"
	run -1 ipcheck --in=::ffff:10.0.0.0/104 10.1.2.3
	assert_output "out"
}

@test "--in agrees with Python's ipaddress over the fixture" {
	local bs
	grep -v '^#' "$FIXTURES/ipcheck-in.tsv" | cut -f1 | uniq > "$BATS_TEST_TMPDIR/sets"
	while IFS= read -r bs; do
		grep -v '^#' "$FIXTURES/ipcheck-in.tsv" |
		    awk -F'\t' -v b="$bs" '$1 == b { print $2 "\t" $3 }' > "$BATS_TEST_TMPDIR/want"
		cut -f1 "$BATS_TEST_TMPDIR/want" | ipcheck --in="$bs" > "$BATS_TEST_TMPDIR/got" || true
		run -0 diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
		assert_output ""
	done < "$BATS_TEST_TMPDIR/sets"
}

@test "--in -s filters lines as grepcidr does, -s -v the others" {
	run -1 ipcheck --in=10.0.0.0/8 -s < <(printf '10.0.0.1\nx 10.0.0.2\n8.8.8.8\n::ffff:10.0.0.3\n')
	assert_output "$(printf '10.0.0.1\n::ffff:10.0.0.3')"
	run -1 ipcheck --in=10.0.0.0/8 -s -v < <(printf '10.0.0.1\nx 10.0.0.2\n8.8.8.8\n')
	assert_output "$(printf 'x 10.0.0.2\n8.8.8.8')"
	run -0 ipcheck --in=10.0.0.0/8 -s 10.0.0.1 10.2.3.4
	assert_output "$(printf '10.0.0.1\n10.2.3.4')"
}

@test "--in: a bad block is a usage error naming it" {
	run -2 --separate-stderr ipcheck --in=10.0.0.0/8,10.0.0.0/33 1.2.3.4
	assert_output ""
	assert_equal "$stderr" "ipcheck: --in: 10.0.0.0/33: mask bits out of range 0-32"
	run -2 --separate-stderr ipcheck --in=foo 1.2.3.4
	assert_equal "$stderr" "ipcheck: --in: foo: not an address or a CIDR block"
	run -2 --separate-stderr ipcheck --in=10.0.0.0/8, 1.2.3.4
	assert_equal "$stderr" "ipcheck: --in: empty block in 10.0.0.0/8,"
	run -2 --separate-stderr ipcheck --in=10.0.0.0/8 -g 1.2.3.4
	assert_equal "$stderr" "ipcheck: only one of -4, -6, -p, -P, -c, -e, -C, -g and --in"
}

# --- -f json ------------------------------------------------------------------

@test "-f json: one object per input, for one operand too" {
	run -0 ipcheck -f json 1.2.3.4
	assert_output '{"input":"1.2.3.4","family":"ipv4","valid":true}'
	run -1 ipcheck -f json -N ::1 'a"b'
	assert_output "$(printf '%s\n' '{"input":"::1","family":"ipv6","valid":true}' \
		'{"input":"a\"b","family":null,"valid":false}')"
	run -1 ipcheck -f json -4 ::1
	assert_output '{"input":"::1","family":null,"valid":false}'
}

@test "-f json: every mode's member" {
	run -1 ipcheck -f json -c 127.0.0.1 x
	assert_output "$(printf '%s\n' '{"input":"127.0.0.1","family":"ipv4","valid":true,"class":"loopback"}' \
		'{"input":"x","family":null,"valid":false,"class":null}')"
	run -1 --separate-stderr ipcheck -f json -e ::1 1.2.3.4
	assert_output "$(printf '%s\n' '{"input":"::1","family":"ipv6","valid":true,"expanded":"0000:0000:0000:0000:0000:0000:0000:0001"}' \
		'{"input":"1.2.3.4","family":null,"valid":false,"expanded":null}')"
	assert_equal "$stderr" "ipcheck: 1.2.3.4: not an IPv6 address"
	run -0 ipcheck -f json -C 2001:DB8::0:1
	assert_output '{"input":"2001:DB8::0:1","family":"ipv6","valid":true,"compressed":"2001:db8::1"}'
	run -1 ipcheck -f json --in=10.0.0.0/8 10.1.1.1 8.8.8.8 y
	assert_output "$(printf '%s\n' '{"input":"10.1.1.1","family":"ipv4","valid":true,"in":true}' \
		'{"input":"8.8.8.8","family":"ipv4","valid":true,"in":false}' \
		'{"input":"y","family":null,"valid":false,"in":null}')"
	run -1 ipcheck -f json -g 192.0.0.9 10.0.0.1
	assert_output "$(printf '%s\n' '{"input":"192.0.0.9","family":"ipv4","valid":true,"global":true}' \
		'{"input":"10.0.0.1","family":"ipv4","valid":true,"global":false}')"
	run -1 ipcheck -f json -P 10.0.0.1 8.8.8.8 ::1
	assert_output "$(printf '%s\n' '{"input":"10.0.0.1","family":"ipv4","valid":true,"private":true}' \
		'{"input":"8.8.8.8","family":"ipv4","valid":true,"private":false}' \
		'{"input":"::1","family":null,"valid":false,"private":null}')"
	run -1 ipcheck -f json -p 80 0
	assert_output "$(printf '%s\n' '{"input":"80","valid":true}' '{"input":"0","valid":false}')"
}

@test "-f json: the input exactly, as a JSON string" {
	run -1 ipcheck -f json < <(printf 'a\tb\n\x01\\\n\xff\n\xc3\xa9\n')
	assert_output "$(printf '%s\n' '{"input":"a\tb","family":null,"valid":false}' \
		'{"input":"\u0001\\","family":null,"valid":false}' \
		'{"input":"\u00ff","family":null,"valid":false}' \
		"{\"input\":\"$(printf '\xc3\xa9')\",\"family\":null,\"valid\":false}")"
}

@test "-f human for -g and --in" {
	run -1 ipcheck -f human -g 192.0.0.9 10.0.0.1 x
	assert_output "$(printf '%s\n' '192.0.0.9: globally reachable' \
		'10.0.0.1: not globally reachable' 'x: not a valid address')"
	run -1 ipcheck -f human --in=10.0.0.0/8 10.0.0.1 8.8.8.8
	assert_output "$(printf '%s\n' '10.0.0.1: in the blocks' '8.8.8.8: not in the blocks')"
}

# --- -s, -v, -q ---------------------------------------------------------------

@test "-s prints the passing inputs verbatim, -v the failing ones" {
	run -1 ipcheck -s < <(printf '1.2.3.4\nx\ty\n::1\n1.2.3.4 \n')
	assert_output "$(printf '1.2.3.4\n::1')"
	run -1 ipcheck -s -v < <(printf '1.2.3.4\nx\ty\n::1\n1.2.3.4 \n')
	assert_output "$(printf 'x\ty\n1.2.3.4 ')"
	run -0 ipcheck -p --select 22 80
	assert_output "$(printf '22\n80')"
	run -0 ipcheck -s -v 1.2.3.4
	assert_output ""
}

@test "-q prints nothing, the status tells" {
	run -0 ipcheck -q 1.2.3.4
	assert_output ""
	run -1 ipcheck -q 1.2.3.4 x
	assert_output ""
	run -1 ipcheck -q -e 1.2.3.4
	assert_output ""
}

# --- -f human -----------------------------------------------------------------

@test "-f human: a short sentence per input" {
	run -1 ipcheck -f human 1.2.3.4 ::1 x
	assert_output "$(printf '1.2.3.4: valid IPv4 address\n::1: valid IPv6 address\nx: not a valid address')"
	run -0 ipcheck -f human -c 127.0.0.1
	assert_output "127.0.0.1: loopback IPv4 address"
	run -1 ipcheck --format=human -p 80 0
	assert_output "$(printf '80: valid port\n0: not a valid port')"
	run -1 ipcheck -f human -P 10.0.0.1 8.8.8.8 ::1
	assert_output "$(printf '10.0.0.1: private IPv4 address\n8.8.8.8: public IPv4 address\n::1: not a valid IPv4 address')"
	run -1 ipcheck -f human -4 ::1
	assert_output "::1: not a valid IPv4 address"
	run -1 ipcheck -f human -e ::1 1.2.3.4
	assert_output "$(printf '::1: 0000:0000:0000:0000:0000:0000:0000:0001\n1.2.3.4: not a valid IPv6 address')"
	run -0 ipcheck -f tsv 1.2.3.4
	assert_output "ipv4"
}

# --- hostile input ------------------------------------------------------------

@test "an empty line, a trailing space, full-width digits are invalid" {
	run -1 ipcheck < <(printf '\n1.2.3.4 \n\xef\xbc\x90.\xef\xbc\x90.\xef\xbc\x90.\xef\xbc\x90\n')
	assert_output "$(printf '\tinvalid\n1.2.3.4 \tinvalid\n\\xef\\xbc\\x90.\\xef\\xbc\\x90.\\xef\\xbc\\x90.\\xef\\xbc\\x90\tinvalid')"
}

@test "a NUL byte makes a line invalid and is escaped" {
	run -1 ipcheck < <(printf '1.2.3.4\0\n::1\0abc\n')
	assert_output "$(printf '1.2.3.4\\x00\tinvalid\n::1\\x00abc\tinvalid')"
}

@test "tabs, backslashes and control bytes in an input are escaped" {
	run -1 ipcheck < <(printf 'a\tb\nc\\d\n\x01\x7f\n')
	assert_output "$(printf 'a\\tb\tinvalid\nc\\\\d\tinvalid\n\\x01\\x7f\tinvalid')"
	run -1 --separate-stderr ipcheck -C "$(printf 'a\tb')"
	assert_equal "$stderr" 'ipcheck: a\tb: not an IP address'
}

@test "a 10 000-character line is invalid, not truncated" {
	long=$(printf '1%.0s' $(seq 10000))
	run -1 ipcheck -N < <(printf '%s\n1.2.3.4\n' "$long")
	assert_output "$(printf 'invalid\nipv4')"
	run -1 ipcheck -s -v < <(printf '%s\n' "$long")
	assert_output "$long"
}

@test "a last line without a newline is read" {
	run -0 ipcheck < <(printf '1.2.3.4\n::1')
	assert_output "$(printf '1.2.3.4\tipv4\n::1\tipv6')"
}

@test "no input at all prints nothing and passes" {
	run -0 ipcheck < /dev/null
	assert_output ""
}

@test "an operand that looks like an option needs --" {
	run -2 --separate-stderr ipcheck -1
	assert_equal "$stderr" "ipcheck: -1: unknown option"
	run -1 ipcheck -- -1
	assert_output "invalid"
}

# --- a million answers agree with inet_pton ------------------------------------

@test "the default mode agrees with glibc inet_pton on random strings" {
	"$HELPERS/ptonref" 200000 7 > "$BATS_TEST_TMPDIR/ref"
	cut -f1 "$BATS_TEST_TMPDIR/ref" | ipcheck > "$BATS_TEST_TMPDIR/got" || true
	run -0 cmp "$BATS_TEST_TMPDIR/ref" "$BATS_TEST_TMPDIR/got"
	assert_output ""
}

@test "a long stdin answers as the same inputs given as operands, in order, from a file or a pipe" {
	# Many blocks, each answered on two threads where there are two
	# processors: the records must come back in input order all the same.
	local d=$BATS_TEST_TMPDIR m
	"$HELPERS/ptonref" 150000 9 | cut -f1 > "$d/in"
	printf '10.1.2.3\r\n\n::ffff:10.1.2.3\nlast-without-newline' >> "$d/in"
	for m in "" -s "-s -v" --in=10.0.0.0/8,2001:db8::/32 -f\ json -C; do
		ipcheck $m < "$d/in" > "$d/file" 2> "$d/file.err" || true
		cat "$d/in" | ipcheck $m > "$d/pipe" 2> "$d/pipe.err" || true
		tr -d '\r' < "$d/in" | xargs -d '\n' -n 5000 "$BIN/ipcheck" -H $m -- \
		    > "$d/args" 2> "$d/args.err" || true
		run -0 cmp "$d/file" "$d/args"
		run -0 cmp "$d/pipe" "$d/args"
		run -0 cmp "$d/file.err" "$d/args.err"
	done
	# One record a line, the last one without its newline too.
	run -0 bash -c "'$BIN/ipcheck' < '$d/in' | wc -l"
	assert_output "$(($(wc -l < "$d/in") + 1))"
}

# --- usage and system errors --------------------------------------------------

@test "--help, --usage and --version" {
	run -0 ipcheck --version
	assert_output "ipcheck 0.1.0 (IANA special-purpose registries: IPv4 2025-10-09, IPv6 2025-10-09)"
	run -0 ipcheck --usage
	assert_line --partial "[-4 | -6 | -p | -P | -c | -e | -C | -g | --in=BLOCKS] [-bZz] [-q] [-s [-v]] [-H | -N] [-f tsv|human|json] [INPUT...]"
	run -0 ipcheck --help
	assert_line --index 0 "Usage: ipcheck [-4 | -6 | -p | -P | -c | -e | -C | -g | --in=BLOCKS] [-bZz] [-q] [-s [-v]] [-H | -N] [-f tsv|human|json] [INPUT...]"
	assert_line "  -e, --expand                    the full form of an IPv6 address"
}

@test "usage errors: status 2 and a message" {
	run -2 --separate-stderr ipcheck -4 -6 1.2.3.4
	assert_output ""
	assert_equal "$stderr" "ipcheck: only one of -4, -6, -p, -P, -c, -e, -C, -g and --in"
	run -2 --separate-stderr ipcheck -z 0
	assert_equal "$stderr" "ipcheck: -z needs -p"
	run -2 --separate-stderr ipcheck -p -b 80
	assert_equal "$stderr" "ipcheck: -b and -Z take addresses, not ports"
	run -2 --separate-stderr ipcheck -v 1.2.3.4
	assert_equal "$stderr" "ipcheck: -v needs -s"
	run -2 --separate-stderr ipcheck -f xml 1.2.3.4
	assert_equal "$stderr" "ipcheck: xml: unknown format, use tsv, human or json"
	run -2 --separate-stderr ipcheck --bogus
	assert_equal "$stderr" "ipcheck: --bogus: unknown option"
	run -2 --separate-stderr ipcheck -f
	assert_equal "$stderr" "ipcheck: -f: missing argument"
}

@test "a full disk is status 2 and a message" {
	run -2 --separate-stderr bash -c 'ipcheck 1.2.3.4 > /dev/full'
	assert_equal "$stderr" "ipcheck: standard output: No space left on device"
	run -2 --separate-stderr bash -c 'ipcheck < <(seq 200000) > /dev/full'
	assert_equal "$stderr" "ipcheck: standard output: No space left on device"
}

@test "a read error on standard input is status 2 and a message" {
	run -2 --separate-stderr ipcheck < /
	assert_equal "$stderr" "ipcheck: standard input: Is a directory"
}

@test "a closed pipe ends quietly" {
	run -0 --separate-stderr bash -c 'seq 300000 | ipcheck | head -1'
	assert_output "$(printf '1\tinvalid')"
	assert_equal "$stderr" ""
}

@test "SIGPIPE ignored, the reader gone: status 2, nothing on stderr" {
	seq 300000 >"$BATS_TEST_TMPDIR/in"
	run -2 --separate-stderr bash -c "trap '' PIPE; ipcheck <'$BATS_TEST_TMPDIR/in' |
	    head -1 >/dev/null; exit \${PIPESTATUS[0]}"
	assert_output ""
	assert_equal "$stderr" ""
}

# --- the man page -------------------------------------------------------------

@test "the man page is lint-clean and names every long option" {
	man=$BATS_TEST_DIRNAME/../man/ipcheck.1
	run -0 mandoc -Tlint -W warning "$man"
	assert_output ""
	run -0 bash -c "ipcheck --help | grep -o -- ' --[a-z-]*' | sort -u"
	for opt in $output; do
		grep -q -- "Fl \\\\${opt#-}" "$man" || fail "$opt is not in $man"
	done
}
