#!/usr/bin/env bats
# The bash completion (completion/connutils.bash), driven as bash would:
# COMP_WORDS and COMP_CWORD set, the function called, COMPREPLY checked.
# It needs no bash-completion package.

load common

setup() {
	source "$BATS_TEST_DIRNAME/../completion/connutils.bash"
}

# complete WORD...: COMPREPLY for the last word, one a line, in $output
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	# as bash calls it: an empty compgen is no error (set -e is off there)
	_connutils || :
	lines=("${COMPREPLY[@]}")
	output=$(printf '%s\n' "${COMPREPLY[@]}")
}

@test "complete -p: the one function for the four programs" {
	local p
	for p in conns ipcheck ipmask portname; do
		run -0 complete -p "$p"
		assert_output "complete -F _connutils $p"
	done
}

@test "options from --help: long, short, and = forms" {
	complete_words ipcheck --ver
	assert_output --version
	complete_words conns --re
	assert_output --resolver
	complete_words ipmask -
	assert_line -- -4
	assert_line -- --compress
	assert_line -- --help
	refute_line -- '-?'
	complete_words portname --rev
	assert_output --reverse
}

@test "-r: the resolvers; the value of --resolver=, of -r given apart" {
	complete_words conns -r n
	assert_output "$(printf '%s\n' netlink netstat)"
	complete_words conns --resolver = bsd_s
	assert_output bsd_sockstat
	complete_words conns --resolver =
	assert_equal "${#COMPREPLY[@]}" 9
	complete_words conns -t -r l
	assert_output lsof
}

@test "-o: a comma list, the last item completed" {
	complete_words conns -o laddr,r
	assert_line laddr,raddr
	assert_line laddr,rport
	refute_line laddr,lport
	complete_words conns --columns = pi
	assert_output pid
	complete_words conns -o ''
	assert_equal "${#COMPREPLY[@]}" 23
}

@test "-f: prometheus for conns only" {
	complete_words conns -f ''
	assert_output "$(printf '%s\n' tsv human json prometheus)"
	complete_words ipmask --format = ''
	assert_output "$(printf '%s\n' tsv human json)"
	complete_words portname -f j
	assert_output json
}

@test "-p, -n, -U: running pids, process names, users" {
	complete_words conns -p "$$"
	assert_line "$$"
	complete_words conns -n "$(cat /proc/$$/comm)"
	assert_line "$(cat /proc/$$/comm)"
	complete_words conns -U "$(id -un)"
	assert_line "$(id -un)"
}

@test "no values where the option takes none or for other programs" {
	complete_words conns -t ''
	assert_output ''
	complete_words ipcheck -p ''
	assert_output ''
	complete_words portname -r n
	assert_output ''
}
