# bash completion for conns, ipcheck, ipmask and portname (connutils).
# Needs only bash: not the bash-completion package, though it loads from
# there too (installed as completions/NAME for each program).  The options
# come from the program's own --help, so they follow the program; the
# values of -r, -o, -f, -p, -n and -U come from the lists below.

# Every option the program lists in --help, one a line; those that take an
# argument end with "=" (popt writes "-n, --name=NAME", or for a repeatable
# one "-p, --pid PID"; "--watch[=SECONDS]" takes it only after "=").
_connutils_options()
{
	"$1" --help 2>/dev/null | awk '
	/^ +-/ {
		sub(/^ +/, "")
		sub(/  .*/, "")
		# "--pid PID": popt writes a repeatable one with a blank
		arg = $0 ~ /[^[]=/ || $0 ~ /--[^ ]+ [^ ]/ ? "=" : ""
		n = split($0, o, ", ")
		for (i = 1; i <= n; i++) {
			sub(/\[?=.*/, "", o[i])
			sub(/ .*/, "", o[i])
			if (o[i] != "-?")
				print o[i] arg
		}
	}'
}

_connutils()
{
	local prog=${COMP_WORDS[0]##*/} cur=${COMP_WORDS[COMP_CWORD]}
	local prev='' opts words='' pre='' cols
	COMPREPLY=()
	opts=$(_connutils_options "${COMP_WORDS[0]}")

	# bash splits "--format=j" into three words: --format, =, j.
	if [ "$cur" = = ]; then
		prev=${COMP_WORDS[COMP_CWORD-1]} cur=''
	elif [ "$COMP_CWORD" -ge 2 ] && [ "${COMP_WORDS[COMP_CWORD-1]}" = = ]; then
		prev=${COMP_WORDS[COMP_CWORD-2]}
	elif [ "$COMP_CWORD" -ge 2 ]; then
		prev=${COMP_WORDS[COMP_CWORD-1]}
		# the value of an option only if that option takes one
		case $'\n'$opts$'\n' in
		*$'\n'"$prev="$'\n'*) ;;
		*) prev='' ;;
		esac
	fi

	if [ -z "$prev" ]; then
		case $cur in
		-*) COMPREPLY=($(compgen -W "${opts//=/}" -- "$cur")) ;;
		esac
		return 0
	fi

	cols="laddr lport raddr rport proto family state pid name uid inode
	    rtt rttvar retrans sent received rqueue wqueue idle cookie netns
	    cgroup unit"
	case $prog:$prev in
	conns:-r|conns:--resolver)
		words="netlink proc ss netstat lsof sockstat bsd_sockstat
		    bsd_procstat bsd_fstat" ;;
	conns:--system)
		words="Linux FreeBSD OpenBSD Darwin" ;;
	conns:-f|conns:--format)
		words="tsv human json prometheus" ;;
	*:-f|*:--format)
		words="tsv human json" ;;
	conns:-p|conns:--pid)
		words=$(ps -A -o pid= 2>/dev/null) ;;
	conns:-n|conns:--name)
		words=$(ps -A -o comm= 2>/dev/null | sort -u) ;;
	conns:-U|conns:--user)
		COMPREPLY=($(compgen -u -- "$cur"))
		return 0 ;;
	conns:-o|conns:--columns|conns:--by)
		# a comma list: complete its last item, keep the ones before
		case $cur in
		*,*) pre=${cur%,*}, cur=${cur##*,} ;;
		esac
		COMPREPLY=($(compgen -P "$pre" -W "$cols" -- "$cur"))
		compopt -o nospace 2>/dev/null || :
		return 0 ;;
	esac
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
	return 0
}

complete -F _connutils conns ipcheck ipmask portname
