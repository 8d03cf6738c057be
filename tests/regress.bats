#!/usr/bin/env bats
# Regressions: each test is an input that once crashed a program or made
# it misbehave, found by the fuzzing harnesses (tests/fuzz) or the
# hostile-environment suite; the same inputs sit in the seed corpora.

load common

# tests/fuzz/corpus/fuzz_mask/regress-minus-one: mask_parse_bits passed a
# NULL errstr to strcmp for a negative bit count (a segfault).
@test "ipmask -1, 1.2.3.4/-1, -5: out of range, no crash" {
	run -1 --separate-stderr ipmask -- -1
	assert_output ""
	[ "$stderr" = "ipmask: -1: mask bits out of range 0-32" ]
	run -1 --separate-stderr ipmask 1.2.3.4/-1
	[ "$stderr" = "ipmask: 1.2.3.4/-1: mask bits out of range 0-32" ]
	run -1 --separate-stderr ipmask -6 -- -1
	[ "$stderr" = "ipmask: -1: mask bits out of range 0-128" ]
	run -1 --separate-stderr ipmask -- -5 24
	assert_output $'-5\t\n24\t255.255.255.0'
}

# tests/fuzz/corpus/fuzz_input/regress-null-offset: the first read of a
# line did arithmetic on a NULL buffer (clang's UBSan: "applying zero
# offset to null pointer"); the lines themselves: empty, \r alone, NUL.
@test "stdin of empty lines, a lone CR, a NUL: every line answered" {
	run -1 bash -c "printf '\\001\\n\\n\\r\\n\\r\\r\\n\\000x\\n' | ipcheck"
	assert_output $'\\x01\tinvalid\n\tinvalid\n\tinvalid\n\\x0d\tinvalid\n\\x00x\tinvalid'
}

# tests/fuzz/corpus/fuzz_addr/zone-backslash: a zone holding a backslash
# is not taken (man/ipcheck.1); the input is escaped in the output.
@test "ipcheck -6 -Z '::%\\0::': invalid, escaped" {
	run -1 ipcheck -6 -Z -H '::%\0::'
	assert_output $'::%\\\\0::\tinvalid'
}
