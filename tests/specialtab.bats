#!/usr/bin/env bats
# tools/specialtab.awk: the special-purpose table generator refuses a bad
# row, naming the line, so that a bad edit of data/special-ipv4.tsv or
# data/special-ipv6.tsv fails the build.

load common

TOP=$BATS_TEST_DIRNAME/..

# gen TEXT4 TEXT6: runs the generator on two files holding the texts
# (printf formats), each after its "# updated" line.
gen() {
	cd "$BATS_TEST_TMPDIR"
	printf "# updated\t2025-10-09\n$1" > special-ipv4.tsv
	printf "# updated\t2025-10-09\n$2" > special-ipv6.tsv
	awk -f "$TOP/tools/specialtab.awk" special-ipv4.tsv special-ipv6.tsv
}

@test "the project's tables compile, longest prefix first, with their dates" {
	run -0 awk -f "$TOP/tools/specialtab.awk" "$TOP/data/special-ipv4.tsv" \
		"$TOP/data/special-ipv6.tsv"
	assert_line '	{ 4, 32, SPECIAL_GLOBAL, { 192, 0, 0, 9 }, "pcp-anycast", "Port Control Protocol Anycast" },'
	assert_line '	{ 6, 32, SPECIAL_NA, { 32, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "teredo", "TEREDO" },'
	assert_line 'const char special_updated4[] = "2025-10-09";'
	assert_line 'const char special_updated6[] = "2025-10-09";'
	run -0 bash -c "awk -f '$TOP/tools/specialtab.awk' '$TOP/data/special-ipv4.tsv' \
		'$TOP/data/special-ipv6.tsv' | grep -n '192, 0, 0, 0 }' | cut -d: -f2 | cut -c1-14"
	assert_output "$(printf '\t{ 4, 29, SPEC\n\t{ 4, 24, SPEC')"
}

@test "a good table: comments, blank lines and CRLF; quotes in a name escaped" {
	run -0 gen '# x\n\n10.0.0.0/8\tprivate\tFalse\t"Private"\r\n' '::/0\tall\t-\tAll\n'
	assert_line '	{ 4, 8, SPECIAL_LOCAL, { 10, 0, 0, 0 }, "private", "\"Private\"" },'
	assert_line '	{ 6, 0, SPECIAL_NONE, { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "all", "All" },'
	assert_line 'const size_t special_table_len = 2;'
}

@test "malformed rows are named, the status is 1" {
	run -1 --separate-stderr gen '10.0.0.0/8\tprivate\tFalse\n' ''
	assert_output ''
	assert_equal "$stderr" 'special-ipv4.tsv:2: want BLOCK, CLASS, GLOBAL and NAME; found 3 fields'
	run -1 --separate-stderr gen '10.0.0.0\tprivate\tFalse\tx\n' ''
	assert_equal "$stderr" 'special-ipv4.tsv:2: "10.0.0.0": not ADDRESS/BITS'
	run -1 --separate-stderr gen '' '2001:db8::/129\tdoc\tFalse\tx\n1::2::3/64\tx\tFalse\tx\n10.0.0.01/8\tx\tFalse\tx\n'
	assert_equal "$stderr" "$(printf '%s\n' 'special-ipv6.tsv:2: "2001:db8::/129": not an IPv4 or IPv6 block' \
		'special-ipv6.tsv:3: "1::2::3/64": not an IPv4 or IPv6 block' \
		'special-ipv6.tsv:4: "10.0.0.01/8": not an IPv4 or IPv6 block')"
	run -1 --separate-stderr gen '10.0.0.1/8\tprivate\tFalse\tx\n' ''
	assert_equal "$stderr" 'special-ipv4.tsv:2: 10.0.0.1/8: host bits set'
	run -1 --separate-stderr gen '10.0.0.0/8\tPrivate\tFalse\tx\n' ''
	assert_equal "$stderr" 'special-ipv4.tsv:2: class "Private": lower case, digits and - only'
	run -1 --separate-stderr gen '10.0.0.0/8\tprivate\tfalse\tx\n' ''
	assert_equal "$stderr" 'special-ipv4.tsv:2: "false": want True, False, N/A or -'
	run -1 --separate-stderr gen '10.0.0.0/8\tprivate\tFalse\ta\\\\b\n' ''
	assert_equal "$stderr" 'special-ipv4.tsv:2: name: no backslash'
}

@test "a block listed twice names both lines" {
	run -1 --separate-stderr gen '10.0.0.0/8\tprivate\tFalse\tx\n10.0.0.0/8\tx\tTrue\ty\n' ''
	assert_equal "$stderr" 'special-ipv4.tsv:3: 10.0.0.0/8 listed twice, already at line 2'
}

@test "a date is YYYY-MM-DD, and each file has one" {
	cd "$BATS_TEST_TMPDIR"
	printf '# updated\t2025-1-9\n' > special-ipv4.tsv
	printf '# updated\t2025-10-09\n' > special-ipv6.tsv
	run -1 --separate-stderr awk -f "$TOP/tools/specialtab.awk" special-ipv4.tsv special-ipv6.tsv
	assert_equal "$stderr" 'special-ipv4.tsv:1: "2025-1-9": not a date YYYY-MM-DD'
	printf '10.0.0.0/8\tprivate\tFalse\tx\n' > special-ipv4.tsv
	run -1 --separate-stderr awk -f "$TOP/tools/specialtab.awk" special-ipv4.tsv special-ipv6.tsv
	assert_equal "$stderr" 'specialtab: want an "# updated" line in the ipv4 and the ipv6 file'
}

@test "more rows than lib/special.c holds" {
	cd "$BATS_TEST_TMPDIR"
	printf '# updated\t2025-10-09\n' > special-ipv4.tsv
	for i in $(seq 0 128); do printf '10.0.%d.0/24\tx\tFalse\tx\n' "$i"; done >> special-ipv4.tsv
	printf '# updated\t2025-10-09\n' > special-ipv6.tsv
	run -1 --separate-stderr awk -f "$TOP/tools/specialtab.awk" special-ipv4.tsv special-ipv6.tsv
	assert_equal "$stderr" 'specialtab: more than 128 rows; raise MAXROWS in lib/special.c'
}
