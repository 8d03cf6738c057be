/*
 * conns: the TCP and UDP connections of a process, a user, or of every
 * process the caller may inspect.
 */
#include <sys/types.h>
#include <sys/utsname.h>

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addrset.h"
#include "buf.h"
#include "cli.h"
#include "conn.h"
#include "connfmt.h"
#include "num.h"
#include "out.h"
#include "portset.h"
#include "resolver.h"
#include "command.h"

enum { Match, NoMatch, Error };

#define USAGE	"[-p PID]... [-n NAME] [-U USER] [-t] [-u] [-4] [-6] " \
	"[-l] [-a] [-s STATES] [--lport PORTS] [--rport PORTS] [-P PORTS] " \
	"[--laddr ADDRS] [--raddr ADDRS] [-A ADDRS] [--unowned] [-K] " \
	"[-r RESOLVER] [-o COLUMNS] [-f tsv|human|json] " \
	"[--header] [-e] [-c] [-q] [--timeout SECONDS]\n" \
	"       conns -L [--system NAME]"

#define MAXRESOLVERS	16

/* -U: a user name, or failing that a uid. */
static uid_t
user(const char *s)
{
	const char *errstr;
	struct passwd *pw;
	long long v;

	errno = 0;
	if ((pw = getpwnam(s)) != NULL)
		return pw->pw_uid;
	v = num_parse(s, 0, UINT_MAX - 1LL, &errstr);
	if (errstr != NULL)
		errx(Error, "%s: no such user", cli_quote(s));
	return (uid_t)v;
}

static int
list(const char *system)
{
	const struct resolver *r[MAXRESOLVERS];
	unsigned sys = 0;
	size_t i, n;

	if (system != NULL && (sys = resolver_system(system)) == 0)
		errx(Error, "%s: unknown system, use Linux, FreeBSD, OpenBSD "
		    "or Darwin", cli_quote(system));
	n = resolver_list(sys, r, MAXRESOLVERS);
	for (i = 0; i < n; i++) {
		out_puts(r[i]->name);
		out_putc('\n');
	}
	return n > 0 ? Match : NoMatch;
}

static const struct resolver *
pick(const char *name, const char *system)
{
	const struct resolver *r[MAXRESOLVERS];
	struct utsname u;
	unsigned sys = 0;

	if (name != NULL) {
		if ((r[0] = resolver_find(name)) == NULL)
			errx(Error, "%s: unknown resolver", cli_quote(name));
		/* A command resolver of this system whose tool is missing
		 * says so. */
		if (!resolver_usable(r[0]) && r[0]->command != NULL &&
		    uname(&u) == 0 &&
		    (r[0]->systems & resolver_system(u.sysname)) != 0 &&
		    !command_found(r[0]->command))
			errx(Error, "%s: not found in PATH", r[0]->command);
		if (!resolver_usable(r[0]))
			errx(Error, "%s: resolver not available here",
			    cli_quote(name));
		return r[0];
	}
	if (system != NULL && (sys = resolver_system(system)) == 0)
		errx(Error, "%s: unknown system, use Linux, FreeBSD, OpenBSD "
		    "or Darwin", cli_quote(system));
	if (resolver_list(sys, r, MAXRESOLVERS) == 0)
		errx(Error, "no resolver available here");
	return r[0];
}

/* Adds every --lport, --rport or -P list to set. */
static void
ports(struct portset *set, char **args)
{
	const char *bad, *why;
	size_t badlen;

	for (; args != NULL && *args != NULL; args++)
		if (portset_add(set, *args, &bad, &badlen, &why) == -1) {
			if (why == NULL)
				err(Error, NULL);
			errx(Error, "%s: %s", cli_quoten(bad, badlen), why);
		}
}

/* Adds every --laddr, --raddr or -A list to set. */
static void
addrs(struct addrset *set, char **args)
{
	const char *bad, *why;
	size_t badlen;

	for (; args != NULL && *args != NULL; args++)
		if (addrset_add(set, *args, &bad, &badlen, &why) == -1) {
			if (why == NULL)
				err(Error, NULL);
			errx(Error, "%s: %s", cli_quoten(bad, badlen), why);
		}
}

/* Writes the rows into the output block, one record at a time. */
static void
print(const struct connfmt *f, int fmt, int header, const struct connset *set)
{
	struct buf b = { NULL, 0, 0 };
	size_t i;

	if (fmt == CLI_HUMAN) {
		if (connfmt_human(f, set, &b) == -1)
			err(Error, NULL);
		out_put(b.data, b.len);
		buf_free(&b);
		return;
	}
	if (header && fmt == CLI_TSV) {
		if (connfmt_header(f, &b) == -1)
			err(Error, NULL);
		out_put(b.data, b.len);
	}
	for (i = 0; i < set->n && !out_error(); i++) {
		buf_reset(&b);
		if ((fmt == CLI_TSV ? connfmt_tsv(f, &set->v[i], &b) :
		    connfmt_json(f, &set->v[i], &b)) == -1)
			err(Error, NULL);
		out_put(b.data, b.len);
	}
	buf_free(&b);
}

int
main(int argc, char *argv[])
{
	char **pidargs = NULL, *name = NULL, *userarg = NULL, *rname = NULL;
	char **lportargs = NULL, **rportargs = NULL, **portargs = NULL;
	char **laddrargs = NULL, **raddrargs = NULL, **addrargs = NULL;
	char **stateargs = NULL;
	int unowned = 0, kill = 0;
	char *columns = NULL, *system = NULL, *timeout = NULL;
	int tcp = 0, udp = 0, v4 = 0, v6 = 0, listening = 0, all = 0;
	int header = 0, expand = 0, count = 0, listr = 0, fmt, status, r;
	struct poptOption opts[] = {
		{ "pid", 'p', POPT_ARG_ARGV, &pidargs, 0,
		    "the connections of process PID (repeatable)", "PID" },
		{ "name", 'n', POPT_ARG_STRING, &name, 0,
		    "of every process named exactly NAME", "NAME" },
		{ "user", 'U', POPT_ARG_STRING, &userarg, 0,
		    "of the processes of USER (a name or a uid)", "USER" },
		{ "tcp", 't', POPT_ARG_NONE, &tcp, 0,
		    "TCP only", NULL },
		{ "udp", 'u', POPT_ARG_NONE, &udp, 0,
		    "UDP only", NULL },
		{ "ipv4", '4', POPT_ARG_NONE, &v4, 0,
		    "IPv4 only", NULL },
		{ "ipv6", '6', POPT_ARG_NONE, &v6, 0,
		    "IPv6 only", NULL },
		{ "listening", 'l', POPT_ARG_NONE, &listening, 0,
		    "add listening TCP and unconnected UDP sockets", NULL },
		{ "all", 'a', POPT_ARG_NONE, &all, 0,
		    "sockets in every state", NULL },
		{ "state", 's', POPT_ARG_ARGV, &stateargs, 0,
		    "sockets in these states only (ESTABLISHED, LISTEN, ..., "
		    "connected)", "STATES" },
		{ "lport", '\0', POPT_ARG_ARGV, &lportargs, 0,
		    "local port in PORTS (ports, LO-HI ranges, service names)",
		    "PORTS" },
		{ "rport", '\0', POPT_ARG_ARGV, &rportargs, 0,
		    "remote port in PORTS", "PORTS" },
		{ "port", 'P', POPT_ARG_ARGV, &portargs, 0,
		    "local or remote port in PORTS", "PORTS" },
		{ "laddr", '\0', POPT_ARG_ARGV, &laddrargs, 0,
		    "local address in ADDRS (addresses, CIDR blocks)", "ADDRS" },
		{ "raddr", '\0', POPT_ARG_ARGV, &raddrargs, 0,
		    "remote address in ADDRS", "ADDRS" },
		{ "addr", 'A', POPT_ARG_ARGV, &addrargs, 0,
		    "local or remote address in ADDRS", "ADDRS" },
		{ "unowned", '\0', POPT_ARG_NONE, &unowned, 0,
		    "add the sockets no inspected process holds", NULL },
		{ "kill", 'K', POPT_ARG_NONE, &kill, 0,
		    "close the TCP connections that match (netlink)", NULL },
		{ "resolver", 'r', POPT_ARG_STRING, &rname, 0,
		    "ask RESOLVER (see --list-resolvers)", "RESOLVER" },
		{ "list-resolvers", 'L', POPT_ARG_NONE, &listr, 0,
		    "print the resolvers usable here, best first", NULL },
		{ "system", '\0', POPT_ARG_STRING, &system, 0,
		    "answer -L (and pick the default) as on NAME", "NAME" },
		{ "columns", 'o', POPT_ARG_STRING, &columns, 0,
		    "print these columns (default " CONNFMT_DEFAULT ")",
		    "COLUMNS" },
		{ "header", '\0', POPT_ARG_NONE, &header, 0,
		    "name the columns on a first line (tsv)", NULL },
		{ "expand", 'e', POPT_ARG_NONE, &expand, 0,
		    "print IPv6 addresses in full", NULL },
		{ "count", 'c', POPT_ARG_NONE, &count, 0,
		    "print the number of connections only", NULL },
		{ "timeout", '\0', POPT_ARG_STRING, &timeout, 0,
		    "give a command resolver SECONDS to answer (default 10)",
		    "SECONDS" },
		CLI_OPTIONS
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	const struct resolver *res;
	struct query q;
	struct result out;
	struct connfmt f;
	pid_t pid;
	size_t i, badlen;
	const char *errstr, *bad;
	char cnt[24];

	cli_init("conns", USAGE, CLI_TSV | CLI_HUMAN | CLI_JSON, argc, argv,
	    opts);
	cli_parse();
	if (cli.nargs > 0)
		errx(Error, "%s: unexpected operand", cli_quote(cli.args[0]));
	if (listr)
		return cli_end(list(system));
	query_init(&q);
	for (i = 0; pidargs != NULL && pidargs[i] != NULL; i++) {
		pid = (pid_t)num_parse(pidargs[i], 1, INT_MAX, &errstr);
		if (errstr != NULL)
			errx(Error, "%s: invalid pid", cli_quote(pidargs[i]));
		if (query_pid(&q, pid) == -1)
			err(Error, NULL);
	}
	memset(&f, 0, sizeof(f));
	f.expand = expand;
	if (connfmt_columns(&f, columns != NULL ? columns : CONNFMT_DEFAULT,
	    &bad, &badlen) == -1) {
		/* Too many: the whole list comes back, and it has commas. */
		if (bad == columns && badlen == strlen(columns) &&
		    strchr(columns, ',') != NULL)
			errx(Error, "-o: too many columns, at most %d",
			    CONNFMT_MAXCOLS);
		errx(Error, "%s: unknown column, use laddr, lport, raddr, "
		    "rport, proto, family, state, pid, name, uid or inode",
		    cli_quoten(bad, badlen));
	}
	fmt = cli.format;
	if (fmt == 0)
		fmt = isatty(STDOUT_FILENO) ? CLI_HUMAN : CLI_TSV;

	/* The query: built, then run and judged once. */
	q.name = name;
	if (userarg != NULL) {
		q.has_uid = 1;
		q.uid = user(userarg);
	}
	if (tcp || udp)
		q.protos = (tcp ? Q_TCP : 0) | (udp ? Q_UDP : 0);
	if (v4 || v6)
		q.families = (v4 ? Q_IPV4 : 0) | (v6 ? Q_IPV6 : 0);
	query_preset(&q, all ? Q_ALL : listening ? Q_LISTENING : Q_CONNECTED);
	/* -s replaces the default, -l and -a: the states named are shown. */
	for (i = 0; stateargs != NULL && stateargs[i] != NULL; i++)
		if (query_states(&q, stateargs[i], &bad, &badlen) == -1)
			errx(Error, "%s: unknown state, use ESTABLISHED, "
			    "SYN_SENT, SYN_RECV, FIN_WAIT1, FIN_WAIT2, "
			    "TIME_WAIT, CLOSE, CLOSE_WAIT, LAST_ACK, LISTEN, "
			    "CLOSING or connected", cli_quoten(bad, badlen));
	ports(&q.lports, lportargs);
	ports(&q.rports, rportargs);
	ports(&q.ports, portargs);
	addrs(&q.laddrs, laddrargs);
	addrs(&q.raddrs, raddrargs);
	addrs(&q.addrs, addrargs);
	q.unowned = unowned;
	q.kill = kill;
	if (unowned && (q.npids > 0 || q.name != NULL || q.has_uid))
		errx(Error, "--unowned shows sockets of no process: it takes "
		    "no -p, -n or -U");
	/* -t, -l and -a select no connection: -K would close them all. */
	if (kill && q.npids == 0 && q.name == NULL && !q.has_uid &&
	    !query_filtered(&q))
		errx(Error, "-K closes what -p, -n, -U, --lport, --rport, -P, "
		    "--laddr, --raddr or -A select: give one");
	if (timeout != NULL) {
		q.timeout = (int)num_parse(timeout, 1, 86400, &errstr);
		if (errstr != NULL)
			errx(Error, "%s: timeout %s, use 1-86400 seconds",
			    cli_quote(timeout), errstr);
	}
	res = pick(rname, system);

	memset(&out, 0, sizeof(out));
	r = query_run(&q, res, &out);
	status = r == -1 || out.nerrs > 0 ? Error : NoMatch;
	for (i = 0; i < out.nerrs; i++)
		warnx("%s", out.errs[i].msg);
	if (out.skipped > 0)
		warnx("%zu process%s skipped: permission denied",
		    out.skipped, out.skipped == 1 ? "" : "es");
	if (status != Error && out.conns.n > 0)
		status = Match;

	if (cli.quiet)
		;
	else if (count) {
		snprintf(cnt, sizeof(cnt), "%zu\n", out.conns.n);
		out_puts(cnt);
	} else
		print(&f, fmt, header, &out.conns);
	result_free(&out);
	query_free(&q);
	return cli_end(status);
}
