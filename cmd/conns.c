/*
 * conns: the TCP and UDP connections of a process, a user, or of every
 * process the caller may inspect.
 */
#include <sys/types.h>
#include <sys/utsname.h>

#include <err.h>
#include <errno.h>
#include <limits.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addrset.h"
#include "buf.h"
#include "cli.h"
#include "conn.h"
#include "conncount.h"
#include "conndiff.h"
#include "connfmt.h"
#include "netns.h"
#include "num.h"
#include "out.h"
#include "portset.h"
#include "resolver.h"
#include "command.h"

enum { Match, NoMatch, Error };

#define USAGE	"[-p PID]... [-n NAME] [-U USER] [--netns NS] " \
	"[--cgroup PATH] [--unit NAME] [-t] [-u] [-4] [-6] [-l] [-a] " \
	"[-s STATES] [--lport PORTS] [--rport PORTS] [-P PORTS] " \
	"[--laddr ADDRS] [--raddr ADDRS] [-A ADDRS] [--unowned] [-K] " \
	"[-r RESOLVER] [-o COLUMNS] [-f tsv|human|json|prometheus] " \
	"[--header] [-e] [-c [--by COLUMNS]] [-w[SECONDS]] [-q] " \
	"[--timeout SECONDS]\n" \
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

/* Adds the lists an option was given to its set: the ports of --lport,
 * --rport, -P, or the addresses of --laddr, --raddr, -A. */
static void
sets(char **args, struct portset *ports, struct addrset *addrs)
{
	const char *bad, *why;
	size_t badlen;
	int r;

	for (; args != NULL && *args != NULL; args++) {
		r = ports != NULL ?
		    portset_add(ports, *args, &bad, &badlen, &why) :
		    addrset_add(addrs, *args, &bad, &badlen, &why);
		if (r == -1 && why == NULL)
			err(Error, NULL);
		/* An empty item is named by its list. */
		if (r == -1 && badlen == 0)
			errx(Error, "%s: an empty item in the list",
			    cli_quote(*args));
		if (r == -1)
			errx(Error, "%s: %s", cli_quoten(bad, badlen), why);
	}
}

/* One row of --watch: its event, + or -, then the columns. */
struct watching {
	const struct connfmt *f;
	int		 fmt;
	struct buf	 b;
};

static int
event(void *arg, int ev, const struct conn *c)
{
	struct watching *w = arg;

	buf_reset(&w->b);
	if ((w->fmt == CLI_JSON ? connfmt_json_lead(w->f, c, ev == '+' ?
	    "\"event\":\"+\"" : "\"event\":\"-\"", &w->b) :
	    connfmt_tsv_lead(w->f, c, ev == '+' ? "+" : "-", &w->b)) == -1)
		err(Error, NULL);
	out_put(w->b.data, w->b.len);
	return 0;
}

/* The counts of --count, per --by group or in all. */
static void
counts(const struct connfmt *by, int fmt, const struct connset *set)
{
	struct buf b = { NULL, 0, 0 };
	struct conngroup *g = NULL;
	size_t n = 0, i;
	char num[40];

	if (by == NULL && fmt != CLI_PROMETHEUS) {
		snprintf(num, sizeof(num), "%zu\n", set->n);
		out_puts(num);
		return;
	}
	if (by != NULL && conncount_groups(by, set, &g, &n) == -1)
		err(Error, NULL);
	if (fmt == CLI_PROMETHEUS) {
		if (conncount_prometheus(by, g, n, set->n, &b) == -1)
			err(Error, NULL);
	} else if (fmt == CLI_HUMAN) {
		if (conncount_human(by, g, n, &b) == -1)
			err(Error, NULL);
	} else
		for (i = 0; i < n; i++) {
			snprintf(num, sizeof(num), fmt == CLI_JSON ?
			    "\"count\":%zu" : "%zu", g[i].count);
			if ((fmt == CLI_JSON ? connfmt_json_lead(by, g[i].first,
			    num, &b) : connfmt_tsv_lead(by, g[i].first, num,
			    &b)) == -1)
				err(Error, NULL);
		}
	out_put(b.data, b.len);
	buf_free(&b);
	free(g);
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

static volatile sig_atomic_t stop;

static void
onsignal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Whether every process the query selects has ended: its -p pids are
 * all "no such process", or no process has its -n name any more. */
static int
ended(const struct query *q, const struct result *res)
{
	size_t i, gone = 0;

	for (i = 0; i < res->nerrs; i++) {
		if (res->errs[i].kind == RE_NONAME)
			return 1;
		gone += res->errs[i].kind == RE_NOPROC;
	}
	return q->npids > 0 && gone == q->npids;
}

/*
 * --watch: the selection, then every interval what changed, until a
 * signal or the end of every selected process.  The status: 0 then, 2
 * when the first sample failed.
 */
static int
watchloop(const struct query *q, const struct resolver *res,
    const struct connfmt *f, int fmt, long long interval)
{
	struct result prev, cur;
	struct watching w;
	struct sigaction sa;
	struct timespec ts;
	struct connset none = { NULL, 0, 0 };
	size_t i;
	int first = 1, done;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsignal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
#if defined(M_MMAP_THRESHOLD)
	/*
	 * Samples allocate and free the same large arrays again and again,
	 * of sizes that shift a little: from the heap they fragment it, and
	 * the resident size creeps up for minutes.  glibc raises its mmap
	 * threshold as big blocks are freed; fixed, they come from mmap(2)
	 * and go back whole.
	 */
	mallopt(M_MMAP_THRESHOLD, 64 * 1024);
#endif
	memset(&prev, 0, sizeof(prev));
	memset(&w, 0, sizeof(w));
	w.f = f;
	w.fmt = fmt;
	while (!stop) {
		memset(&cur, 0, sizeof(cur));
		done = query_run(q, res, &cur) == -1 || cur.nerrs > 0 ?
		    ended(q, &cur) : 0;
		if (first && cur.nerrs > 0) {
			for (i = 0; i < cur.nerrs; i++)
				warnx("%s", cur.errs[i].msg);
			result_free(&cur);
			return Error;
		}
		if (!cli.quiet && conndiff(&prev.conns, done ? &none :
		    &cur.conns, event, &w) == -1)
			err(Error, NULL);
		/* The rows of a sample go out together, and now: stdout
		 * is buffered when it is a file or a pipe. */
		out_flush();
		result_free(&prev);
		prev = cur;
		first = 0;
		if (done || out_error() || fflush(stdout) == EOF)
			break;
		ts.tv_sec = (time_t)(interval / 1000);
		ts.tv_nsec = (long)(interval % 1000) * 1000000;
		while (!stop && nanosleep(&ts, &ts) == -1 && errno == EINTR)
			;
	}
	result_free(&prev);
	buf_free(&w.b);
	return Match;
}

int
main(int argc, char *argv[])
{
	char **pidargs = NULL, *name = NULL, *userarg = NULL, *rname = NULL;
	char **lportargs = NULL, **rportargs = NULL, **portargs = NULL;
	char **laddrargs = NULL, **raddrargs = NULL, **addrargs = NULL;
	char **stateargs = NULL, *netns = NULL, *cgroup = NULL, *unit = NULL;
	char *watch = NULL, *by = NULL;
	int unowned = 0, kill = 0, watching = 0;
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
		{ "netns", '\0', POPT_ARG_STRING, &netns, 0,
		    "of the processes in network namespace NS (an inode, a "
		    "path, a name under /run/netns)", "NS" },
		{ "cgroup", '\0', POPT_ARG_STRING, &cgroup, 0,
		    "of the processes in cgroup PATH or below it", "PATH" },
		{ "unit", '\0', POPT_ARG_STRING, &unit, 0,
		    "of the processes of systemd unit NAME", "NAME" },
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
		{ "by", '\0', POPT_ARG_STRING, &by, 0,
		    "with -c, a count per value of COLUMNS", "COLUMNS" },
		{ "watch", 'w', POPT_ARG_STRING | POPT_ARGFLAG_OPTIONAL,
		    &watch, 'w', "print what changes every SECONDS (default 1)",
		    "SECONDS" },
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
	struct connfmt f, byf;
	long long interval = 0;
	pid_t pid;
	size_t i, badlen;
	const char *errstr, *bad, *why;

	cli_init("conns", USAGE, CLI_TSV | CLI_HUMAN | CLI_JSON |
	    CLI_PROMETHEUS, argc, argv, opts);
	cli_parse();
	watching = cli_seen('w');
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
	memset(&byf, 0, sizeof(byf));
	f.expand = byf.expand = expand;
	if (connfmt_columns(&f, columns != NULL ? columns : CONNFMT_DEFAULT,
	    &bad, &badlen) == -1) {
		if (bad == NULL)
			err(Error, NULL);
		errx(Error, "%s: unknown column, use %s",
		    cli_quoten(bad, badlen), connfmt_names());
	}
	if (by != NULL && connfmt_columns(&byf, by, &bad, &badlen) == -1) {
		if (bad == NULL)
			err(Error, NULL);
		errx(Error, "%s: unknown --by column, use %s",
		    cli_quoten(bad, badlen), connfmt_names());
	}
	if (by != NULL && !count)
		errx(Error, "--by counts: it needs -c");
	fmt = cli.format;
	if (fmt == 0)
		fmt = isatty(STDOUT_FILENO) ? CLI_HUMAN : CLI_TSV;
	if (fmt == CLI_PROMETHEUS && !count)
		errx(Error, "-f prometheus prints counts: it needs -c");
	if (watching) {
		interval = 1000;
		if (watch != NULL && (interval = num_parse_ms(watch, 100,
		    86400000, &errstr)) == 0)
			errx(Error, "%s: watch interval %s, use 0.1 to 86400 "
			    "seconds", cli_quote(watch), errstr);
		if (count || kill)
			errx(Error, "--watch shows rows: not with -c or -K");
		if (fmt == CLI_HUMAN)
			fmt = CLI_TSV;
	}

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
			errx(Error, "%s: unknown state, use %s",
			    cli_quoten(bad, badlen), conn_state_names());
	sets(lportargs, &q.lports, NULL);
	sets(rportargs, &q.rports, NULL);
	sets(portargs, &q.ports, NULL);
	sets(laddrargs, NULL, &q.laddrs);
	sets(raddrargs, NULL, &q.raddrs);
	sets(addrargs, NULL, &q.addrs);
	q.unowned = unowned;
	q.kill = kill;
	if (netns != NULL && netns_parse(netns, &q.netns, &why) == -1)
		errx(Error, "%s: %s", cli_quote(netns), why);
	if (cgroup != NULL && cgroup[0] != '/')
		errx(Error, "%s: a cgroup path starts with /, as the cgroup "
		    "column writes it", cli_quote(cgroup));
	if (unit != NULL && unit[0] == '\0')
		errx(Error, "--unit: an empty unit name");
	if (unit != NULL && strchr(unit, '/') != NULL)
		errx(Error, "%s: a unit name holds no /", cli_quote(unit));
	q.cgroup = cgroup;
	q.unit = unit;
	q.want = connfmt_wants(&f) | connfmt_wants(&byf);
	if (q.netns != 0)
		q.want |= Q_W_NETNS;
	if (cgroup != NULL || unit != NULL)
		q.want |= Q_W_CGROUP;
	if (unowned && query_selected(&q))
		errx(Error, "--unowned shows sockets of no process: it takes "
		    "no -p, -n, -U, --netns, --cgroup or --unit");
	/* -t, -l and -a select no connection: -K would close them all. */
	if (kill && !query_selected(&q) && !query_filtered(&q))
		errx(Error, "-K closes what -p, -n, -U, --lport, --rport, -P, "
		    "--laddr, --raddr or -A select: give one");
	if (timeout != NULL) {
		q.timeout = (int)num_parse(timeout, 1, 86400, &errstr);
		if (errstr != NULL)
			errx(Error, "%s: timeout %s, use 1-86400 seconds",
			    cli_quote(timeout), errstr);
	}
	res = pick(rname, system);
	/* Watching, the CPU it takes counts more than each sample's time. */
	q.lean = watching;
	if (watching) {
		status = watchloop(&q, res, &f, fmt, interval);
		query_free(&q);
		connfmt_free(&f);
		connfmt_free(&byf);
		return cli_end(status);
	}

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
	else if (count)
		counts(by != NULL ? &byf : NULL, fmt, &out.conns);
	else
		print(&f, fmt, header, &out.conns);
	result_free(&out);
	query_free(&q);
	connfmt_free(&f);
	connfmt_free(&byf);
	return cli_end(status);
}
