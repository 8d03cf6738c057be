#!/usr/bin/env bats
# tools/porttab.awk: the port table generator refuses a bad table, naming
# the line, so that a bad edit of data/port-usage.tsv fails the build.

load common

TOP=$BATS_TEST_DIRNAME/..

# gen TEXT: runs the generator on a file holding TEXT (printf format).
gen() {
	cd "$BATS_TEST_TMPDIR"
	printf "$1" > ports.tsv
	awk -f "$TOP/tools/porttab.awk" ports.tsv
}

@test "the project's table compiles" {
	run -0 awk -f "$TOP/tools/porttab.awk" "$TOP/data/port-usage.tsv"
	assert_line '	{ 80, 80, 4, "HTTP" },'
	assert_line '	{ 6881, 6999, 10, "BitTorrent" },'
}

@test "a good table: comments and blank lines skipped, CRLF taken" {
	run -0 gen '# ports\n\n22\tSSH\r\n80\tHTTP\n6881-6999\tBitTorrent\n'
	assert_line 'const size_t port_table_len = 3;'
	assert_line '	[6999] = 3,'
}

@test "a duplicate port names both lines" {
	run -1 --separate-stderr gen '# ports\n80\tHTTP\n80\tWWW\n'
	assert_output ''
	assert_equal "$stderr" 'ports.tsv:3: duplicate port 80, already at line 2'
}

@test "a port inside a range, and overlapping ranges" {
	run -1 --separate-stderr gen '6881-6999\tBitTorrent\n6969\tTracker\n'
	assert_equal "$stderr" 'ports.tsv:2: 6969 overlaps 6881-6999 at line 1'
	run -1 --separate-stderr gen '6660-6669\tIRC\n6669-6670\tX\n'
	assert_equal "$stderr" 'ports.tsv:2: 6669-6670 overlaps 6660-6669 at line 1'
}

@test "a line out of order" {
	run -1 --separate-stderr gen '80\tHTTP\n22\tSSH\n'
	assert_equal "$stderr" 'ports.tsv:2: 22 out of order, after 80 at line 1'
}

@test "malformed lines, each reported" {
	run -1 --separate-stderr gen '80 HTTP\n0\tZero\n01\tX\n65536\tBig\n'\
'90-80\tBack\n7-7\tOne\n9\t\n10\ta\tb\n11\t tab\n12\tcaf\303\251\n'\
'13\ta\\b\n'
	assert_equal "$stderr" "$(cat <<'EOF'
ports.tsv:1: want PORT or LOW-HIGH, a tab, a name; found 1 field
ports.tsv:2: "0": not a port or a range of ports 1-65535
ports.tsv:3: "01": not a port or a range of ports 1-65535
ports.tsv:4: "65536": not a port or a range of ports 1-65535
ports.tsv:5: range 90-80: low end above high end
ports.tsv:6: range 7-7: one port, write 7
ports.tsv:7: name "": empty or with a leading or trailing blank
ports.tsv:8: want PORT or LOW-HIGH, a tab, a name; found 3 fields
ports.tsv:9: name " tab": empty or with a leading or trailing blank
ports.tsv:10: name "café": only printable ASCII, no \ or "
ports.tsv:11: name "a\b": only printable ASCII, no \ or "
EOF
)"
}

@test "an empty table" {
	run -1 --separate-stderr gen '# nothing\n'
	assert_equal "$stderr" 'ports.tsv: no ports'
}

@test "make stops on a bad table" {
	local wt=$BATS_TEST_TMPDIR/tree
	mkdir -p "$wt/data"
	cp -r "$TOP/Makefile" "$TOP/lib" "$TOP/tools" "$TOP/cmd" "$wt"
	printf '80\tHTTP\n80\tWWW\n' > "$wt/data/port-usage.tsv"
	run -2 --separate-stderr make -s -C "$wt" build/gen/port_table.c
	[[ $stderr == *'data/port-usage.tsv:2: duplicate port 80, already at line 1'* ]]
}
