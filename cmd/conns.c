/*
 * conns: the TCP and UDP connections of a process, a user, or of every
 * process the caller may inspect.
 */
#include <sys/types.h>
#include <sys/utsname.h>

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <popt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "conn.h"
#include "connfmt.h"
#include "esc.h"
#include "num.h"
#include "out.h"
#include "resolver.h"
#include "spawn.h"

enum { Match, NoMatch, Error };
enum format { TSV, HUMAN, JSON };

#define USAGE	"[-p PID]... [-n NAME] [-U USER] [-t] [-u] [-4] [-6] " \
	"[-l] [-a] [-r RESOLVER] [-o COLUMNS] [-f tsv|human|json] " \
	"[--header] [-e] [-c] [-q] [--timeout SECONDS]\n" \
	"       conns -L [--system NAME]"

#define MAXRESOLVERS	16

static struct buf eb;	/* an input, escaped for a message */

static const char *
escaped(const char *s)
{
	buf_reset(&eb);
	if (esc_tsv(&eb, s, strlen(s)) == -1)
		err(Error, NULL);
	return eb.data;
}

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
		errx(Error, "%s: no such user", escaped(s));
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
		    "or Darwin", escaped(system));
	n = resolver_list(sys, r, MAXRESOLVERS);
	for (i = 0; i < n; i++)
		puts(r[i]->name);
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
			errx(Error, "%s: unknown resolver", escaped(name));
		/* A command resolver of this system whose tool is missing
		 * says so. */
		if (!resolver_usable(r[0]) && r[0]->command != NULL &&
		    uname(&u) == 0 &&
		    (r[0]->systems & resolver_system(u.sysname)) != 0 &&
		    !spawn_found(r[0]->command))
			errx(Error, "%s: not found in PATH", r[0]->command);
		if (!resolver_usable(r[0]))
			errx(Error, "%s: resolver not available here",
			    escaped(name));
		return r[0];
	}
	if (system != NULL && (sys = resolver_system(system)) == 0)
		errx(Error, "%s: unknown system, use Linux, FreeBSD, OpenBSD "
		    "or Darwin", escaped(system));
	if (resolver_list(sys, r, MAXRESOLVERS) == 0)
		errx(Error, "no resolver available here");
	return r[0];
}

/* Writes the rows; -1 on a write error. */
static int
print(const struct connfmt *f, enum format fmt, int header,
    const struct connset *set)
{
	struct buf b = { NULL, 0, 0 };
	size_t i;
	int r = 0;

	if (fmt == HUMAN) {
		if (connfmt_human(f, set, &b) == -1)
			err(Error, NULL);
		r = fwrite(b.data, 1, b.len, stdout) == b.len ? 0 : -1;
		buf_free(&b);
		return r;
	}
	if (header && fmt == TSV && connfmt_header(f, &b) == -1)
		err(Error, NULL);
	for (i = 0; i < set->n && r == 0; i++) {
		if ((fmt == TSV ? connfmt_tsv(f, &set->v[i], &b) :
		    connfmt_json(f, &set->v[i], &b)) == -1)
			err(Error, NULL);
		if (b.len >= 1 << 16 || i + 1 == set->n) {
			if (fwrite(b.data, 1, b.len, stdout) != b.len)
				r = -1;
			buf_reset(&b);
		}
	}
	if (set->n == 0 && b.len > 0 &&
	    fwrite(b.data, 1, b.len, stdout) != b.len)
		r = -1;
	buf_free(&b);
	return r;
}

int
main(int argc, char *argv[])
{
	char *pidarg = NULL, *name = NULL, *userarg = NULL, *rname = NULL;
	char *columns = NULL, *format = NULL, *system = NULL;
	char *timeout = NULL;
	int tcp = 0, udp = 0, v4 = 0, v6 = 0, listening = 0, all = 0;
	int header = 0, expand = 0, count = 0, quiet = 0, listr = 0;
	int version = 0, gone = 0, status, c, r;
	struct poptOption opts[] = {
		{ "pid", 'p', POPT_ARG_STRING, &pidarg, 'p',
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
		{ "resolver", 'r', POPT_ARG_STRING, &rname, 0,
		    "ask RESOLVER (see --list-resolvers)", "RESOLVER" },
		{ "list-resolvers", 'L', POPT_ARG_NONE, &listr, 0,
		    "print the resolvers usable here, best first", NULL },
		{ "system", '\0', POPT_ARG_STRING, &system, 0,
		    "answer -L (and pick the default) as on NAME", "NAME" },
		{ "columns", 'o', POPT_ARG_STRING, &columns, 0,
		    "print these columns (default " CONNFMT_DEFAULT ")",
		    "COLUMNS" },
		{ "format", 'f', POPT_ARG_STRING, &format, 0,
		    "tab-separated, an aligned table or JSON Lines",
		    "tsv|human|json" },
		{ "header", '\0', POPT_ARG_NONE, &header, 0,
		    "name the columns on a first line (tsv)", NULL },
		{ "expand", 'e', POPT_ARG_NONE, &expand, 0,
		    "print IPv6 addresses in full", NULL },
		{ "count", 'c', POPT_ARG_NONE, &count, 0,
		    "print the number of connections only", NULL },
		{ "quiet", 'q', POPT_ARG_NONE, &quiet, 0,
		    "print nothing; the exit status tells", NULL },
		{ "timeout", '\0', POPT_ARG_STRING, &timeout, 0,
		    "give a command resolver SECONDS to answer (default 10)",
		    "SECONDS" },
		{ "version", '\0', POPT_ARG_NONE, &version, 0,
		    "print the version and exit", NULL },
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	const struct resolver *res;
	struct query q;
	struct result out;
	struct connfmt f;
	enum format fmt;
	pid_t pid;
	size_t i, badlen;
	const char *errstr, *bad;
	poptContext pc;

	pc = poptGetContext("conns", argc, (const char **)argv, opts, 0);
	poptSetOtherOptionHelp(pc, USAGE);
	query_init(&q);
	while ((c = poptGetNextOpt(pc)) > 0) {
		/* -p repeats: keep each one. */
		pid = (pid_t)num_parse(pidarg, 1, INT_MAX, &errstr);
		if (errstr != NULL)
			errx(Error, "%s: invalid pid", escaped(pidarg));
		if (query_pid(&q, pid) == -1)
			err(Error, NULL);
		free(pidarg);
		pidarg = NULL;
	}
	if (c < -1)
		errx(Error, "%s: %s", poptBadOption(pc, POPT_BADOPTION_NOALIAS),
		    poptStrerror(c));
	if (poptPeekArg(pc) != NULL)
		errx(Error, "%s: unexpected operand", escaped(poptPeekArg(pc)));
	if (version || listr) {
		if (version)
			status = printf("conns %s\n", VERSION) < 0 ? Error : Match;
		else
			status = list(system);
		goto done;
	}

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
	if (timeout != NULL) {
		q.timeout = (int)num_parse(timeout, 1, 86400, &errstr);
		if (errstr != NULL)
			errx(Error, "%s: timeout %s, use 1-86400 seconds",
			    escaped(timeout), errstr);
	}
	memset(&f, 0, sizeof(f));
	f.expand = expand;
	if (connfmt_columns(&f, columns != NULL ? columns : CONNFMT_DEFAULT,
	    &bad, &badlen) == -1)
		errx(Error, "%.*s: unknown column, use laddr, lport, raddr, "
		    "rport, proto, family, state, pid, name, uid or inode",
		    (int)badlen, escaped(bad));
	if (format == NULL)
		fmt = isatty(STDOUT_FILENO) ? HUMAN : TSV;
	else if (strcmp(format, "tsv") == 0)
		fmt = TSV;
	else if (strcmp(format, "human") == 0)
		fmt = HUMAN;
	else if (strcmp(format, "json") == 0)
		fmt = JSON;
	else
		errx(Error, "%s: unknown format, use tsv, human or json",
		    escaped(format));
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

	if (quiet)
		;
	else if (count)
		printf("%zu\n", out.conns.n);
	else if (print(&f, fmt, header, &out.conns) == -1) {
		/* The reader went away: exit quietly, as cat does. */
		if (errno != EPIPE) {
			warn("standard output");
			status = Error;
		}
		gone = 1;
	}
	result_free(&out);
done:
	query_free(&q);
	free(name);
	free(userarg);
	free(rname);
	free(columns);
	free(format);
	free(system);
	free(timeout);
	buf_free(&eb);
	poptFreeContext(pc);
	if (gone || (r = out_close(stdout)) == 1)
		return status;
	if (r == -1) {
		warn("standard output");
		return Error;
	}
	return status;
}
