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

# --- networks as sets: vectors from Python's ipaddress ------------------------

# The pair NAME.in, NAME.out of tests/fixtures/ipmask (made by its gen.py):
# ipmask OPTIONS on NAME.in prints NAME.out exactly.
vectors() {
	local name=$1
	shift
	run -0 ipmask "$@" < "$FIXTURES/ipmask/$name.in"
	assert_output "$(cat "$FIXTURES/ipmask/$name.out")"
}

@test "--split: subnets as Python's subnets(), /0 to /128" {
	vectors split-30 --split=30
	vectors split-32 --split 32
	vectors split-128 --split=128
	vectors split-0 --split=0
}

@test "A-B: the blocks of summarize_address_range, the whole of each space" {
	vectors range
}

@test "--aggregate: collapse_addresses, IPv4 first, adjacent and overlapping" {
	vectors aggregate --aggregate
	vectors aggregate-all --aggregate
}

@test "--exclude: address_exclude; disjoint, other family, inside" {
	vectors exclude-a --exclude=10.0.0.0/26
	vectors exclude-b --exclude 2001:db8::/64
	vectors exclude-c --exclude=0.0.0.0/0
	vectors exclude-d --exclude=10.0.0.1
}

@test "--hosts: hosts(), /31, /32, /127 and /128 included" {
	vectors hosts --hosts
}

@test "--reverse: reverse_pointer, and the zone of a block" {
	vectors reverse --reverse
}

# --- networks as sets: forms, edges and messages ------------------------------

@test "--split: one operand prints the blocks alone, -H with the input" {
	run -0 ipmask --split 26 10.0.0.0/24
	assert_output "$(printf '10.0.0.0/26\n10.0.0.64/26\n10.0.0.128/26\n10.0.0.192/26')"
	run -0 ipmask -H --split=25 10.0.0.0/24
	assert_output "$(printf '10.0.0.0/24\t10.0.0.0/25\n10.0.0.0/24\t10.0.0.128/25')"
	run -0 ipmask --split=24 10.1.2.3/24
	assert_output "10.1.2.0/24"
	run -0 ipmask --split=32 10.1.2.3
	assert_output "10.1.2.3/32"
}

@test "--split: shorter or past the family fails that input; not a number is 2" {
	run -1 --separate-stderr ipmask --split=26 10.0.0.0/27 10.0.0.0/28 2001:db8::/64
	assert_output "$(printf '10.0.0.0/27\t\n10.0.0.0/28\t\n2001:db8::/64\t')"
	assert_equal "$stderr" "$(printf '%s\n' \
		"ipmask: 10.0.0.0/27: split length shorter than the block's" \
		"ipmask: 10.0.0.0/28: split length shorter than the block's" \
		"ipmask: 2001:db8::/64: split length shorter than the block's")"
	run -1 --separate-stderr ipmask --split=33 10.0.0.0/24 ::/32
	assert_output "$(printf '10.0.0.0/24\t\n::/32\t::/33\n::/32\t0:0:8000::/33')"
	assert_equal "$stderr" "ipmask: 10.0.0.0/24: split length out of range 0-32"
	run -1 --separate-stderr ipmask --split=99999999999999 ::/0
	assert_equal "$stderr" "ipmask: ::/0: split length out of range 0-128"
	for bad in x -1 +3 026 '' 2.5; do
		run -2 --separate-stderr ipmask --split="$bad" 10.0.0.0/8
		assert_output ""
		assert_equal "$stderr" "ipmask: --split: $bad: invalid prefix length"
	done
	run -2 --separate-stderr ipmask --split
	assert_equal "$stderr" "ipmask: --split: missing argument"
}

@test "--split of the whole IPv6 space streams" {
	run -0 bash -c 'ipmask --split=128 ::/0 | head -3'
	assert_output "$(printf '::/128\n::1/128\n::2/128')"
}

@test "A-B: reversed ends, mixed families, bad ends fail that input" {
	run -0 ipmask 10.0.0.1-10.0.0.10
	assert_output "$(printf '10.0.0.1/32\n10.0.0.2/31\n10.0.0.4/30\n10.0.0.8/31\n10.0.0.10/32')"
	run -0 ipmask 1.2.3.4-1.2.3.4
	assert_output "1.2.3.4/32"
	run -1 --separate-stderr ipmask 10.0.0.2-10.0.0.1 1.2.3.4-::1 ::1-1.2.3.4 1.2.3-1.2.3.4 1.2.3.4-x 1.2.3.4- '10.0.0.1 -10.0.0.2' 24
	assert_output "$(printf '%s\t\n' 10.0.0.2-10.0.0.1 1.2.3.4-::1 ::1-1.2.3.4 1.2.3-1.2.3.4 1.2.3.4-x 1.2.3.4- '10.0.0.1 -10.0.0.2'; printf '24\t255.255.255.0')"
	assert_equal "$stderr" "$(printf '%s\n' \
		'ipmask: 10.0.0.2-10.0.0.1: range ends reversed' \
		'ipmask: 1.2.3.4-::1: range ends of two families' \
		'ipmask: ::1-1.2.3.4: range ends of two families' \
		'ipmask: 1.2.3-1.2.3.4: invalid range start' \
		'ipmask: 1.2.3.4-x: invalid range end' \
		'ipmask: 1.2.3.4-: invalid range end' \
		'ipmask: 10.0.0.1 -10.0.0.2: invalid range start')"
	run -1 --separate-stderr ipmask -6 10.0.0.1-10.0.0.2
	assert_equal "$stderr" "ipmask: 10.0.0.1-10.0.0.2: invalid range start"
}

@test "--header names a set mode's field" {
	run -0 ipmask --header 10.0.0.0-10.0.0.1 24
	assert_output "$(printf 'input\tnetwork\n10.0.0.0-10.0.0.1\t10.0.0.0/31\n24\t255.255.255.0')"
	run -0 ipmask --header --hosts 10.0.0.0/31
	assert_output "$(printf 'address\n10.0.0.0\n10.0.0.1')"
	run -0 ipmask --header --reverse 10.0.0.0/8
	assert_output "$(printf 'name\n10.in-addr.arpa')"
	run -0 ipmask --header --aggregate 10.0.0.0/25 10.0.0.128/25
	assert_output "$(printf 'network\n10.0.0.0/24')"
}

@test "--aggregate: blocks only, a bad input named and left out" {
	run -0 ipmask --aggregate 10.0.0.0/25 10.0.0.128/25
	assert_output "10.0.0.0/24"
	run -0 ipmask -H --aggregate 10.0.0.0/25 10.0.0.128/25 ::1 ::
	assert_output "$(printf '10.0.0.0/24\n::/127')"
	run -1 --separate-stderr ipmask --aggregate 10.0.0.1 x 10.0.0.0/33 10.0.0.0 10.0.0.3-10.0.0.2 10.0.0.2-10.0.0.3
	assert_output "10.0.0.0/30"
	assert_equal "$stderr" "$(printf '%s\n' \
		'ipmask: x: not an address or CIDR block' \
		'ipmask: 10.0.0.0/33: mask bits out of range 0-32' \
		'ipmask: 10.0.0.3-10.0.0.2: range ends reversed')"
	run -1 ipmask -q --aggregate 10.0.0.0/8 x
	assert_output ""
	run -1 --separate-stderr ipmask -4 --aggregate ::1
	assert_output ""
	assert_equal "$stderr" "ipmask: ::1: not an IPv4 address or CIDR block"
	run -1 --separate-stderr ipmask -6 --aggregate 10.0.0.1
	assert_equal "$stderr" "ipmask: 10.0.0.1: not an IPv6 address or CIDR block"
}

@test "--exclude: inside BLOCK leaves nothing; a bad BLOCK is 2" {
	run -0 ipmask --exclude=10.0.0.0/8 10.1.0.0/16
	assert_output ""
	run -0 ipmask --exclude=10.0.0.0/25 10.0.0.0/24
	assert_output "10.0.0.128/25"
	run -0 ipmask --exclude=10.0.0.0/8 ::/0 11.0.0.0/8 10.0.0.0/7
	assert_output "$(printf '::/0\t::/0\n11.0.0.0/8\t11.0.0.0/8\n10.0.0.0/7\t11.0.0.0/8')"
	run -1 --separate-stderr ipmask --exclude=10.0.0.0/8 x 10.0.0.0/9
	assert_output "$(printf 'x\t')"
	assert_equal "$stderr" "ipmask: x: not an address or CIDR block"
	run -2 --separate-stderr ipmask --exclude=1.2.3/8 10.0.0.0/8
	assert_output ""
	assert_equal "$stderr" "ipmask: --exclude: 1.2.3/8: invalid address"
	run -2 --separate-stderr ipmask --exclude=10.0.0.0/33 10.0.0.0/8
	assert_equal "$stderr" "ipmask: --exclude: 10.0.0.0/33: mask bits out of range 0-32"
	run -2 --separate-stderr ipmask --exclude="$(printf 'a\tb')" 10.0.0.0/8
	assert_equal "$stderr" 'ipmask: --exclude: a\tb: not an address or CIDR block'
}

@test "--hosts streams, the whole IPv6 space too" {
	run -0 bash -c 'ipmask --hosts 10.0.0.0/8 | head -3'
	assert_output "$(printf '10.0.0.1\n10.0.0.2\n10.0.0.3')"
	run -0 bash -c 'ipmask --hosts ::/0 | head -2'
	assert_output "$(printf '::1\n::2')"
	run -0 bash -c 'ipmask --hosts 0.0.0.0/0 | head -1'
	assert_output "0.0.0.1"
	run -0 ipmask --hosts ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127 255.255.255.255/32
	assert_output "$(printf '%s\t%s\n' \
		ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127 ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe \
		ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff \
		255.255.255.255/32 255.255.255.255)"
	# -q stops at the verdict: no 2^128 addresses to go through.
	run -0 timeout 5 ipmask -q --hosts ::/0
	run -1 ipmask -q --hosts ::/0 x
	run -1 --separate-stderr ipmask --hosts 24 10.0.0.0/31
	assert_output "$(printf '24\t\n10.0.0.0/31\t10.0.0.0\n10.0.0.0/31\t10.0.0.1')"
	assert_equal "$stderr" "ipmask: 24: not an address or CIDR block"
}

@test "--hosts, the reader gone with SIGPIPE ignored: status 2, quietly" {
	run -2 --separate-stderr bash -c "trap '' PIPE; ipmask --hosts ::/0 |
	    head -1 >/dev/null; exit \${PIPESTATUS[0]}"
	assert_output ""
	assert_equal "$stderr" ""
}

@test "--reverse: off an octet or nibble boundary fails with a message" {
	run -0 ipmask --reverse 1.2.3.4
	assert_output "4.3.2.1.in-addr.arpa"
	run -0 ipmask --reverse 2001:DB8::/32
	assert_output "8.b.d.0.1.0.0.2.ip6.arpa"
	run -1 --separate-stderr ipmask --reverse 10.0.0.0/9 2001:db8::/33 ::/0
	assert_output "$(printf '10.0.0.0/9\t\n2001:db8::/33\t\n::/0\tip6.arpa')"
	assert_equal "$stderr" "$(printf '%s\n' \
		'ipmask: 10.0.0.0/9: prefix length not a multiple of 8' \
		'ipmask: 2001:db8::/33: prefix length not a multiple of 4')"
}

@test "one set mode at a time" {
	run -2 --separate-stderr ipmask --hosts --reverse 10.0.0.0/8
	assert_output ""
	assert_equal "$stderr" "ipmask: only one of --split, --aggregate, --exclude, --hosts and --reverse"
	run -2 --separate-stderr ipmask --split=8 --exclude=10.0.0.0/8 10.0.0.0/8
	assert_equal "$stderr" "ipmask: only one of --split, --aggregate, --exclude, --hosts and --reverse"
}

@test "empty input: no output, status 0, in every mode" {
	for mode in '' --split=24 --aggregate --exclude=10.0.0.0/8 --hosts --reverse; do
		run -0 ipmask $mode --header < /dev/null
		assert_output ""
		run -0 ipmask $mode -f json < /dev/null
		assert_output ""
	done
}

@test "-f human: a set mode's lines after their input" {
	run -1 --separate-stderr ipmask -f human --split=25 10.0.0.0/24 x
	assert_output "$(printf '10.0.0.0/24: 10.0.0.0/25\n10.0.0.0/24: 10.0.0.128/25')"
	assert_equal "$stderr" "ipmask: x: not an address or CIDR block"
}

# --- JSON ---------------------------------------------------------------------

@test "-f json: one object per record, numbers as numbers, broadcast null" {
	run -0 ipmask -f json 192.168.1.77/26
	assert_output '{"input":"192.168.1.77/26","network":"192.168.1.64/26","mask":"255.255.255.192","bits":26,"first":"192.168.1.65","last":"192.168.1.126","broadcast":"192.168.1.127","size":64}'
	run -0 ipmask -f json 24 255.255.0.0
	assert_output '{"input":"24","mask":"255.255.255.0","bits":24}
{"input":"255.255.0.0","mask":"255.255.0.0","bits":16}'
	run -0 ipmask -f json -6 24
	assert_output '{"input":"24","mask":"FFFF:FF00:0000:0000:0000:0000:0000:0000","bits":24}'
	run -0 ipmask -f json -C 2001:db8::/127
	assert_output '{"input":"2001:db8::/127","network":"2001:db8::/127","mask":"ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe","bits":127,"first":"2001:db8::","last":"2001:db8::1","broadcast":null,"size":2}'
}

@test "-f json: size exact past 2^53, every line valid JSON" {
	run -0 ipmask -f json ::/0
	assert_output '{"input":"::/0","network":"::/0","mask":"0000:0000:0000:0000:0000:0000:0000:0000","bits":0,"first":"::1","last":"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff","broadcast":null,"size":340282366920938463463374607431768211456}'
	run -0 bash -c 'ipmask -f json ::/0 10.0.0.0/8 24 | jq -c .bits'
	assert_output "$(printf '0\n8\n24')"
}

@test "-f json: a failing input keeps its object; the input exactly" {
	run -1 --separate-stderr ipmask -f json 33 "$(printf 'a"\tb\\')"
	assert_output '{"input":"33","error":"mask bits out of range 0-32"}
{"input":"a\"\tb\\","error":"not a bit count, mask or CIDR block"}'
	assert_equal "$stderr" "$(printf '%s\n' 'ipmask: 33: mask bits out of range 0-32' 'ipmask: a"\tb\\: not a bit count, mask or CIDR block')"
	run -1 --separate-stderr ipmask -f json --split=26 10.0.0.0/25 10.0.0.0/27
	assert_output '{"input":"10.0.0.0/25","network":"10.0.0.0/26"}
{"input":"10.0.0.0/25","network":"10.0.0.64/26"}
{"input":"10.0.0.0/27","error":"split length shorter than the block'"'"'s"}'
	run -1 ipmask -q -f json 33
	assert_output ""
}

@test "-f json: network, address and name for the set modes" {
	run -0 ipmask -f json 10.0.0.0-10.0.0.2
	assert_output '{"input":"10.0.0.0-10.0.0.2","network":"10.0.0.0/31"}
{"input":"10.0.0.0-10.0.0.2","network":"10.0.0.2/32"}'
	run -0 ipmask -f json -N --hosts 10.0.0.0/31
	assert_output '{"input":"10.0.0.0/31","address":"10.0.0.0"}
{"input":"10.0.0.0/31","address":"10.0.0.1"}'
	run -0 ipmask -f json --reverse ::1
	assert_output '{"input":"::1","name":"1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa"}'
	run -0 ipmask -f json --exclude=10.0.0.0/8 10.0.0.0/8 10.0.0.0/7
	assert_output '{"input":"10.0.0.0/7","network":"11.0.0.0/8"}'
	run -1 --separate-stderr ipmask -f json --aggregate 10.0.0.0/25 10.0.0.128/25 ::1 x
	assert_output '{"network":"10.0.0.0/24"}
{"network":"::1/128"}'
	assert_equal "$stderr" "ipmask: x: not an address or CIDR block"
}

# --- usage and system errors --------------------------------------------------

@test "--help, --usage and --version" {
	run -0 ipmask --version
	assert_output "ipmask 0.1.0"
	run -0 ipmask --usage
	assert_line --partial "[-4 | -6] [-C] [-q] [-H | -N] [--header] [-f tsv|human|json] [--split=BITS | --aggregate | --exclude=BLOCK | --hosts | --reverse] [INPUT...]"
	run -0 ipmask --help
	assert_line --index 0 "Usage: ipmask [-4 | -6] [-C] [-q] [-H | -N] [--header] [-f tsv|human|json] [--split=BITS | --aggregate | --exclude=BLOCK | --hosts | --reverse] [INPUT...]"
}

@test "usage errors: status 2 and a message" {
	run -2 --separate-stderr ipmask -4 -6 24
	assert_output ""
	assert_equal "$stderr" "ipmask: only one of -4 and -6"
	run -2 --separate-stderr ipmask -f xml 24
	assert_equal "$stderr" "ipmask: xml: unknown format, use tsv, human or json"
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
