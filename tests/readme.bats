#!/usr/bin/env bats
# The README's set-up lines agree with the Makefile, so that a bare Debian
# gets, from the line a user runs with sudo, what `make deps` checks for.

load common

@test "the README's sudo line installs exactly the Debian packages of make deps" {
	local top=$BATS_TEST_DIRNAME/.. want have
	want=$(make -s -C "$top" --no-print-directory -f Makefile \
	    -f - <<<'print-deps: ; @echo $(DEPS_Linux)' print-deps | tr ' ' '\n' | sort)
	have=$(sed -n 's/^ *sudo apt-get install -y //p' "$top/README" | tr ' ' '\n' | sort)
	[ -n "$want" ]
	assert_equal "$have" "$want"
}
