#!/usr/bin/env bats
# ipmask: bit counts, masks and CIDR blocks.

load common

tsv() {
	local IFS=$'\t'
	echo "$*"
}

# --- bit counts ---------------------------------------------------------------

@test "a bit count: its IPv4 mask" {
	run -0 ipmask 23
	assert_output "255.255.254.0"
	run -0 ipmask 0 29 32
	assert_output "$(printf '0\t0.0.0.0\n29\t255.255.255.248\n32\t255.255.255.255')"
}

@test "a bit count out of range: the message gives the range" {
	run -1 --separate-stderr ipmask 33
	assert_output ""
	assert_equal "$stderr" "ipmask: 33: mask bits out of range 0-32"
	run -1 --separate-stderr ipmask -- -1
	assert_equal "$stderr" "ipmask: -1: mask bits out of range 0-32"
	run -1 --separate-stderr ipmask -6 129
	assert_equal "$stderr" "ipmask: 129: mask bits out of range 0-128"
	run -1 --separate-stderr ipmask 99999999999999999999999
	assert_equal "$stderr" "ipmask: 99999999999999999999999: not a bit count, mask or CIDR block"
}

@test "-6: the IPv6 mask in full and upper case, -C in RFC 5952 form" {
	run -0 ipmask -6 111
	assert_output "FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFE:0000"
	run -0 ipmask -6 0 128
	assert_output "$(printf '0\t0000:0000:0000:0000:0000:0000:0000:0000\n128\tFFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF')"
	run -0 ipmask -6 -C 111 64 0
	assert_output "$(printf '111\tffff:ffff:ffff:ffff:ffff:ffff:fffe:0\n64\tffff:ffff:ffff:ffff::\n0\t::')"
	run -0 ipmask -4 24
	assert_output "255.255.255.0"
}

@test "bad bit counts: every one answered, the batch goes on" {
	run -1 --separate-stderr ipmask -N -- +5 0x50 1e3 023 '' ' 5' 24
	assert_output "$(printf '\n\n\n\n\n\n255.255.255.0')"
	assert_equal "$stderr" "$(printf 'ipmask: %s: not a bit count, mask or CIDR block\n' +5 0x50 1e3 023 '' ' 5')"
}

# --- masks --------------------------------------------------------------------

@test "a mask: its bit count" {
	run -0 ipmask 255.255.254.0
	assert_output "23"
	run -0 ipmask 0.0.0.0 255.255.255.255 ffff:ffff:ffff:ffff:: FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFE:0000
	assert_output "$(printf '0.0.0.0\t0\n255.255.255.255\t32\nffff:ffff:ffff:ffff::\t64\nFFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFE:0000\t111')"
}

@test "a mask whose bits are not contiguous fails" {
	run -1 --separate-stderr ipmask 255.0.255.0
	assert_output ""
	assert_equal "$stderr" "ipmask: 255.0.255.0: mask bits not contiguous"
	run -1 --separate-stderr ipmask 0.0.0.1
	assert_equal "$stderr" "ipmask: 0.0.0.1: mask bits not contiguous"
	run -1 --separate-stderr ipmask 255.255.255.256
	assert_equal "$stderr" "ipmask: 255.255.255.256: invalid mask"
}

@test "-4 and -6 narrow masks and blocks to a family" {
	run -1 --separate-stderr ipmask -6 255.0.0.0
	assert_equal "$stderr" "ipmask: 255.0.0.0: invalid IPv6 mask"
	run -1 --separate-stderr ipmask -4 ffff::
	assert_equal "$stderr" "ipmask: ffff::: invalid IPv4 mask"
	run -1 --separate-stderr ipmask -4 ::1/64
	assert_equal "$stderr" "ipmask: ::1/64: invalid IPv4 address"
	run -1 --separate-stderr ipmask -6 10.0.0.0/8
	assert_equal "$stderr" "ipmask: 10.0.0.0/8: invalid IPv6 address"
}

# --- CIDR blocks --------------------------------------------------------------

@test "ADDR/BITS: network, mask, first, last, broadcast, count" {
	run -0 ipmask 10.1.2.3/8
	assert_output "$(tsv 10.0.0.0/8 255.0.0.0 10.0.0.1 10.255.255.254 10.255.255.255 16777216)"
	run -0 ipmask 0.0.0.0/0
	assert_output "$(tsv 0.0.0.0/0 0.0.0.0 0.0.0.1 255.255.255.254 255.255.255.255 4294967296)"
	run -0 ipmask 192.168.1.77/30
	assert_output "$(tsv 192.168.1.76/30 255.255.255.252 192.168.1.77 192.168.1.78 192.168.1.79 4)"
}

@test "ADDR/MASK is the same block" {
	run -0 ipmask 192.168.1.0/255.255.255.0
	assert_output "$(tsv 192.168.1.0/24 255.255.255.0 192.168.1.1 192.168.1.254 192.168.1.255 256)"
	run -1 --separate-stderr ipmask 192.168.1.0/255.0.255.0
	assert_equal "$stderr" "ipmask: 192.168.1.0/255.0.255.0: mask bits not contiguous"
	run -1 --separate-stderr ipmask 192.168.1.0/ffff::
	assert_equal "$stderr" "ipmask: 192.168.1.0/ffff::: invalid IPv4 mask"
}

@test "/31 and /32 use every address and have no broadcast" {
	run -0 ipmask 10.0.0.0/31 10.0.0.1/32
	assert_output "$(printf '%s\t%s\t%s\t%s\t%s\t\t%s\n' \
		10.0.0.0/31 10.0.0.0/31 255.255.255.254 10.0.0.0 10.0.0.1 2 \
		10.0.0.1/32 10.0.0.1/32 255.255.255.255 10.0.0.1 10.0.0.1 1)"
}

@test "IPv6 blocks: /64, /127, /128, /0 and a count of 2^128" {
	run -0 ipmask -N 2001:db8::1/64 2001:db8::/127 ::1/128 ::/0
	assert_output "$(printf '%s\t%s\t%s\t%s\t\t%s\n' \
		2001:db8::/64 FFFF:FFFF:FFFF:FFFF:0000:0000:0000:0000 2001:db8::1 2001:db8::ffff:ffff:ffff:ffff 18446744073709551616 \
		2001:db8::/127 FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFE 2001:db8:: 2001:db8::1 2 \
		::1/128 FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF ::1 ::1 1 \
		::/0 0000:0000:0000:0000:0000:0000:0000:0000 ::1 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 340282366920938463463374607431768211456)"
	run -0 ipmask -C 2001:db8::/32
	assert_output "$(printf '%s\t%s\t%s\t%s\t\t%s' 2001:db8::/32 ffff:ffff:: 2001:db8::1 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff 79228162514264337593543950336)"
}

@test "bad blocks: a message each" {
	run -1 --separate-stderr ipmask -N 10.0.0.0/33 2001:db8::/129 10.0.0.0/-1 1.2.3.4/x 1.2.3/8 10.0.0.0/ /8
	assert_output "$(printf '\n\n\n\n\n\n')"
	assert_equal "$stderr" "$(printf '%s\n' \
		'ipmask: 10.0.0.0/33: mask bits out of range 0-32' \
		'ipmask: 2001:db8::/129: mask bits out of range 0-128' \
		'ipmask: 10.0.0.0/-1: mask bits out of range 0-32' \
		'ipmask: 1.2.3.4/x: invalid mask bits' \
		'ipmask: 1.2.3/8: invalid address' \
		'ipmask: 10.0.0.0/: invalid mask bits' \
		'ipmask: /8: invalid address')"
}

@test "--header names the fields once" {
	run -0 ipmask --header 10.0.0.0/8 192.168.0.0/16
	assert_output "$(tsv input network mask first last broadcast addresses
		tsv 10.0.0.0/8 10.0.0.0/8 255.0.0.0 10.0.0.1 10.255.255.254 10.255.255.255 16777216
		tsv 192.168.0.0/16 192.168.0.0/16 255.255.0.0 192.168.0.1 192.168.255.254 192.168.255.255 65536)"
	run -0 ipmask --header -N 24
	assert_output "$(printf 'mask\n255.255.255.0')"
	run -0 ipmask --header 255.0.0.0
	assert_output "$(printf 'bits\n8')"
}

# --- forms, stdin, -q ---------------------------------------------------------

@test "standard input: INPUT<TAB>RESULT, escaped" {
	run -1 --separate-stderr ipmask < <(printf '24\r\n\nx\ty\n255.255.0.0\n')
	assert_output "$(printf '24\t255.255.255.0\n\t\nx\\ty\t\n255.255.0.0\t16')"
	assert_equal "$stderr" "$(printf '%s\n' 'ipmask: : not a bit count, mask or CIDR block' 'ipmask: x\ty: not a bit count, mask or CIDR block')"
}

@test "hostile lines: NUL, 10 000 characters, full-width digits" {
	long=$(printf '9%.0s' $(seq 10000))
	run -1 ipmask -N -q < <(printf '2\0\n%s\n\xef\xbc\x92\xef\xbc\x94\n' "$long")
	assert_output ""
	run -1 --separate-stderr ipmask -H < <(printf '2\0\n\xef\xbc\x92\xef\xbc\x94\n')
	assert_output "$(printf '2\\x00\t\n\\xef\\xbc\\x92\\xef\\xbc\\x94\t')"
	run -1 --separate-stderr ipmask -N < <(printf '%s\n' "$long")
	assert_output ""
	assert_equal "$stderr" "ipmask: $long: not a bit count, mask or CIDR block"
}

@test "-H and -N force either form" {
	run -0 ipmask -H 23
	assert_output "$(printf '23\t255.255.254.0')"
	run -0 ipmask -N 23 24
	assert_output "$(printf '255.255.254.0\n255.255.255.0')"
}

@test "-q prints nothing, the status tells" {
	run -0 ipmask -q 23
	assert_output ""
	run -1 ipmask -q 33
	assert_output ""
}

@test "-f human: a failing input has its message on stderr only" {
	run -1 --separate-stderr ipmask -f human 33 24
	assert_output "24: mask 255.255.255.0"
	assert_equal "$stderr" "ipmask: 33: mask bits out of range 0-32"
}

@test "-f human: a sentence, or labelled lines for a block" {
	run -0 ipmask -f human 23 255.255.0.0
	assert_output "$(printf '23: mask 255.255.254.0\n255.255.0.0: 16 bits')"
	run -0 ipmask -f human 10.0.0.0/8 2001:db8::/127
	assert_output "10.0.0.0/8:
  Network    10.0.0.0/8
  Mask       255.0.0.0
  First      10.0.0.1
  Last       10.255.255.254
  Broadcast  10.255.255.255
  Addresses  16777216

2001:db8::/127:
  Network    2001:db8::/127
  Mask       FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFE
  First      2001:db8::
  Last       2001:db8::1
  Addresses  2"
}

# --- usage and system errors --------------------------------------------------

@test "--help, --usage and --version" {
	run -0 ipmask --version
	assert_output "ipmask 0.1.0"
	run -0 ipmask --usage
	assert_line --partial "[-4 | -6] [-C] [-q] [-H | -N] [--header] [-f tsv|human] [INPUT...]"
	run -0 ipmask --help
	assert_line --index 0 "Usage: ipmask [-4 | -6] [-C] [-q] [-H | -N] [--header] [-f tsv|human] [INPUT...]"
}

@test "usage errors: status 2 and a message" {
	run -2 --separate-stderr ipmask -4 -6 24
	assert_output ""
	assert_equal "$stderr" "ipmask: only one of -4 and -6"
	run -2 --separate-stderr ipmask -f json 24
	assert_equal "$stderr" "ipmask: json: unknown format, use tsv or human"
	run -2 --separate-stderr ipmask -1
	assert_equal "$stderr" "ipmask: -1: unknown option"
}

@test "a full disk is status 2 and a message" {
	run -2 --separate-stderr bash -c 'ipmask 24 > /dev/full'
	assert_equal "$stderr" "ipmask: standard output: No space left on device"
}

@test "SIGPIPE ignored, the reader gone: status 2, nothing on stderr" {
	yes 24 | head -n 300000 >"$BATS_TEST_TMPDIR/in"
	run -2 --separate-stderr bash -c "trap '' PIPE; ipmask <'$BATS_TEST_TMPDIR/in' |
	    head -1 >/dev/null; exit \${PIPESTATUS[0]}"
	assert_output ""
	assert_equal "$stderr" ""
}

@test "a read error on standard input is status 2 and a message" {
	run -2 --separate-stderr ipmask < /
	assert_equal "$stderr" "ipmask: standard input: Is a directory"
}

# --- the man page -------------------------------------------------------------

@test "the man page is lint-clean and names every long option" {
	man=$BATS_TEST_DIRNAME/../man/ipmask.1
	run -0 mandoc -Tlint -W warning "$man"
	assert_output ""
	run -0 bash -c "ipmask --help | grep -o -- ' --[a-z-]*' | sort -u"
	for opt in $output; do
		grep -q -- "Fl \\\\${opt#-}" "$man" || fail "$opt is not in $man"
	done
}
