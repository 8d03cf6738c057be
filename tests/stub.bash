# Stub commands for the command resolvers' suites: `stub_cmd ss FIXTURE`
# writes an executable `ss` into a directory of this test's own, first in
# PATH, that prints FIXTURE.  Load it after common.bash:
#	load common
#	load stub
# The stubs are /bin/sh scripts that use absolute paths for what they run,
# so they work under stub_only too.

STUB_DIR=$BATS_TEST_TMPDIR/bin

# stub_cmd NAME [FIXTURE|-] [OPTION...]
# Writes $STUB_DIR/NAME, which prints FIXTURE (a path; `-` or none: prints
# nothing) and exits 0.  Options, applied in this order:
#	--sleep SECONDS	sleep first (for timeouts)
#	--stderr TEXT	write TEXT and a newline to stderr
#	--garbage	after the fixture, print lines no tool prints
#	--linger SECONDS	then close stdout and go on running that long
#	--exit N	exit with status N
#	--signal SIG	kill itself with SIG at the end (TERM, SEGV, ...)
# Every run appends its arguments, space-separated, as one line to
# $STUB_DIR/NAME.args, so a test can check the argv a resolver used.
stub_cmd()
{
	local name=$1 fixture=${2:--} sleep= stderr= garbage= status=0 sig= linger=
	local cat printf sleepbin kill
	shift 2 || shift
	while [ $# -gt 0 ]; do
		case $1 in
		--sleep) sleep=$2; shift ;;
		--stderr) stderr=$2; shift ;;
		--garbage) garbage=1 ;;
		--linger) linger=$2; shift ;;
		--exit) status=$2; shift ;;
		--signal) sig=$2; shift ;;
		*) echo "stub_cmd: unknown option $1" >&2; return 2 ;;
		esac
		shift
	done
	if [ "$fixture" != - ]; then
		case $fixture in /*) ;; *) fixture=$PWD/$fixture ;; esac
		[ -r "$fixture" ] || { echo "stub_cmd: $fixture: no such fixture" >&2; return 2; }
	fi
	cat=$(command -v cat) printf=$(command -v printf)
	sleepbin=$(command -v sleep) kill=$(command -v kill)
	mkdir -p "$STUB_DIR"
	{
		echo '#!/bin/sh'
		echo "echo \"\$*\" >> '$STUB_DIR/$name.args'"
		[ -n "$sleep" ] && echo "'$sleepbin' $sleep"
		[ -n "$stderr" ] && echo "echo '$stderr' >&2"
		[ "$fixture" != - ] && echo "'$cat' '$fixture'"
		[ -n "$garbage" ] &&
			echo "'$printf' 'x\\001\\377 ]]]]\\n%s\\n:::: -> ((\\n' '$(head -c 300 /dev/zero | tr '\0' z)'"
		[ -n "$linger" ] && echo "exec >&-; '$sleepbin' $linger"
		[ -n "$sig" ] && echo "'$kill' -$sig \$\$"
		echo "exit $status"
	} > "$STUB_DIR/$name"
	chmod 755 "$STUB_DIR/$name"
	case :$PATH: in
	:"$STUB_DIR":*) ;;
	*) PATH=$STUB_DIR:$PATH; export PATH ;;
	esac
}

# stub_only CMD [ARG...]: runs CMD with a PATH holding nothing but the
# stubs and the programs under test, so only the stubbed tools are found:
# `run -0 stub_only conns -L`.  The suite's own PATH stays, as bats needs it.
stub_only()
{
	mkdir -p "$STUB_DIR"
	env PATH="$STUB_DIR:$BIN" "$@"
}

# stub_args NAME: what the stub was run with, one run a line.
stub_args()
{
	cat "$STUB_DIR/$1.args"
}
