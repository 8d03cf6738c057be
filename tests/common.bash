# Loaded by every suite: the assertion libraries and where the programs are.
# CONNUTILS_BIN lets `make check-sanitize` run the same suites against the
# ASan/UBSan build.
bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

BIN=${CONNUTILS_BIN:-$BATS_TEST_DIRNAME/../build}
HELPERS=${CONNUTILS_HELPERS:-$BIN/tests}
FIXTURES=$BATS_TEST_DIRNAME/fixtures
PATH=$BIN:$PATH
export PATH

# Without a selector conns skips the processes the caller may not inspect
# and counts them in one line on stderr, which a user (not root) always
# sees: drop that one line from $output where it does not matter.
drop_skipped() {
	output=$(grep -v -E '^conns: [0-9]+ process(es)? skipped: permission denied$' <<<"$output" || :)
}
