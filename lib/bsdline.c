#include <sys/types.h>

#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsdline.h"
#include "buf.h"
#include "cmdres.h"
#include "conn.h"
#include "esc.h"
#include "num.h"
#include "resolver.h"
#include "spawn.h"

/* How much of a line a message quotes. */
#define QUOTEMAX	120

size_t
bsd_split(const char *s, size_t n, struct bsdfield *f, size_t max)
{
	const char *p = s, *t;
	size_t k, len;

	for (k = 0; (t = cmdres_field(&p, s + n, &len)) != NULL; k++)
		if (k < max) {
			f[k].s = t;
			f[k].n = len;
		}
	return k;
}

int
bsd_is(const struct bsdfield *f, const char *lit)
{
	size_t n = strlen(lit);

	return f->n == n && memcmp(f->s, lit, n) == 0;
}

int
bsd_hostport(const struct bsdfield *f, int family, struct addr *a,
    unsigned *port)
{
	if (cmdres_hostport(f->s, f->n, family, a, port) == -1 ||
	    a->family != family)
		return -1;
	return 0;
}

int
bsdrun_init(struct bsdrun *r, const struct query *q, struct result *res,
    int (*parse)(const char *, size_t, struct bsdline *), size_t userwidth)
{
	struct passwd *pw;

	memset(r, 0, sizeof(*r));
	r->q = q;
	r->res = res;
	r->parse = parse;
	r->userwidth = userwidth;
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	if (q->npids > 0 && (r->pidseen = calloc(q->npids, 1)) == NULL)
		goto nomem;
	if (q->has_uid && (pw = getpwuid(q->uid)) != NULL &&
	    (r->qname = strdup(pw->pw_name)) == NULL)
		goto nomem;
	return 0;
nomem:
	bsdrun_free(r);
	result_error(res, RE_SYS, "%s", strerror(ENOMEM));
	return -1;
}

void
bsdrun_free(struct bsdrun *r)
{
	free(r->pidseen);
	free(r->cache_user);
	free(r->qname);
	r->pidseen = NULL;
	r->cache_user = r->qname = NULL;
}

/*
 * The uid a user column stands for: digits are a uid (the tools print one
 * for an account the password database lacks), a name is looked up.  fstat
 * cuts names to 8 characters, so a cut name no account has is the query's
 * user when that user's name begins with it.
 */
static uid_t
user_uid(struct bsdrun *r, const char *s, size_t n)
{
	struct passwd *pw;
	const char *errstr;
	long long v;
	char *name;

	v = num_parsen(s, n, 0, (uid_t)-2, &errstr);
	if (errstr == NULL)
		return (uid_t)v;
	if (r->cache_user != NULL && strlen(r->cache_user) == n &&
	    memcmp(r->cache_user, s, n) == 0)
		return r->cache_uid;
	if ((name = strndup(s, n)) == NULL)
		return (uid_t)-1;
	free(r->cache_user);
	r->cache_user = name;
	if ((pw = getpwnam(name)) != NULL)
		r->cache_uid = pw->pw_uid;
	else if (r->userwidth > 0 && n == r->userwidth && r->qname != NULL &&
	    strncmp(r->qname, name, n) == 0)
		r->cache_uid = r->q->uid;
	else
		r->cache_uid = (uid_t)-1;
	return r->cache_uid;
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static int
bad_line(struct bsdrun *r, const char *line, size_t len)
{
	struct buf b = { NULL, 0, 0 };
	size_t n = len < QUOTEMAX ? len : QUOTEMAX;

	if (esc_tsv(&b, line, n) == -1 ||
	    (n < len && buf_addstr(&b, "...") == -1)) {
		buf_free(&b);
		result_error(r->res, RE_SYS, "%s", strerror(ENOMEM));
		return -1;
	}
	result_error(r->res, RE_CMD, "%s: line %lu not understood: %s",
	    r->cmd, r->lineno, b.data);
	buf_free(&b);
	return -1;
}

int
bsd_error(struct result *res, enum rerr_kind kind, const char *fmt,
    const char *raw)
{
	struct buf b = { NULL, 0, 0 };
	int r;

	if (esc_tsv(&b, raw, strlen(raw)) == -1)
		r = result_error(res, RE_SYS, "%s", strerror(ENOMEM));
	else
		r = result_error(res, kind, fmt, b.data);
	buf_free(&b);
	return r;
}

/* Per line of output: a spawn_line_fn. */
static int
take_line(void *arg, char *line, size_t len)
{
	struct bsdrun *r = arg;
	const struct query *q = r->q;
	struct bsdline l;
	size_t i;
	int k;

	r->lineno++;
	if (blank(line, len))
		return 0;
	/* No tool prints a NUL; a name must not end at one. */
	if (memchr(line, '\0', len) != NULL ||
	    (k = r->parse(line, len, &l)) == BSD_BAD)
		return bad_line(r, line, len);
	r->parsed++;
	if (l.conn.pid == -1)
		return 0;
	if (q->npids > 0) {
		for (i = 0; i < q->npids; i++)
			if (q->pids[i] == l.conn.pid)
				break;
		if (i == q->npids)
			return 0;
		r->pidseen[i] = 1;
	}
	/* Names are compared as strings, never as patterns. */
	if (q->name != NULL) {
		if (l.name == NULL || strlen(q->name) != l.namelen ||
		    memcmp(q->name, l.name, l.namelen) != 0)
			return 0;
		r->nameseen = 1;
	}
	if (k != BSD_CONN || !conn_match(q, &l.conn))
		return 0;
	if (l.user != NULL)
		l.conn.uid = user_uid(r, l.user, l.userlen);
	/* A user the tool names but we cannot resolve is not the one asked
	 * for (which resolves, or matches as a cut name). */
	if (q->has_uid && l.conn.uid != q->uid)
		return 0;
	if (l.name != NULL && (l.conn.name = strndup(l.name, l.namelen)) ==
	    NULL)
		goto nomem;
	if (connset_add(&r->res->conns, &l.conn) == -1) {
		free(l.conn.name);
		goto nomem;
	}
	return 0;
nomem:
	result_error(r->res, RE_SYS, "%s", strerror(ENOMEM));
	return -1;
}

static int
gone(pid_t pid)
{
	return pid <= 0 || (kill(pid, 0) == -1 && errno == ESRCH);
}

/* What is left of --timeout, which counts for all the runs of a query
 * (0: no limit). */
static int
left(const struct bsdrun *r)
{
	struct timespec now;
	int t;

	if (r->q->timeout <= 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = r->q->timeout - (int)(now.tv_sec - r->start.tv_sec);
	return t > 0 ? t : -1;
}

int
bsdrun_spawn(struct bsdrun *r, const char *const argv[], pid_t pid)
{
	const struct query *q = r->q;
	struct connset *set = &r->res->conns;
	struct buf cmd = { NULL, 0, 0 };
	unsigned long before = r->parsed;
	size_t errs = r->res->nerrs, nconns = set->n, i;
	int t, ret = 0;

	/* The command line, for messages. */
	for (i = 0; argv[i] != NULL; i++)
		if ((i > 0 && buf_addc(&cmd, ' ') == -1) ||
		    buf_addstr(&cmd, argv[i]) == -1) {
			buf_free(&cmd);
			return result_error(r->res, RE_SYS, "%s",
			    strerror(ENOMEM)), -1;
		}
	r->cmd = cmd.data;
	r->lineno = 0;
	for (i = 0; i < q->npids && q->pids[i] != pid; i++)
		;
	/* The last second, if it ran out since the caller looked. */
	if ((t = left(r)) == -1)
		t = 1;
	if (spawn_lines(argv, t, take_line, r, r->res) == -1) {
		if (r->res->nerrs == errs)
			result_error(r->res, RE_CMD, "%s: failed", r->cmd);
		ret = -1;
	} else if (r->parsed == before) {
		/* Every tool prints a header at least. */
		result_error(r->res, RE_CMD, "%s: printed nothing", r->cmd);
		ret = -1;
	}
	/* What a run that failed printed is no answer. */
	if (ret == -1)
		while (set->n > nconns)
			free(set->v[--set->n].name);
	/* The tools fail, or print a bare header, for a process that is
	 * gone: say that instead. */
	if (i < q->npids && !r->pidseen[i] && gone(pid)) {
		while (r->res->nerrs > errs)
			free(r->res->errs[--r->res->nerrs].msg);
		result_error(r->res, RE_NOPROC, "%ld: no such process",
		    (long)pid);
		r->pidseen[i] = 1;
		ret = 0;
	}
	r->cmd = NULL;
	buf_free(&cmd);
	return ret;
}

void
bsdrun_finish(struct bsdrun *r, int allprocs)
{
	const struct query *q = r->q;
	size_t i, j;

	/* A pid no line named may yet be a process without sockets. */
	for (i = 0; i < q->npids; i++) {
		if (r->pidseen[i])
			continue;
		for (j = 0; j < i; j++)
			if (q->pids[j] == q->pids[i])
				break;
		if (j < i)
			continue;
		if (gone(q->pids[i]))
			result_error(r->res, RE_NOPROC, "%ld: no such process",
			    (long)q->pids[i]);
	}
	if (allprocs && q->npids == 0 && q->name != NULL && !r->nameseen)
		bsd_error(r->res, RE_NONAME, "%s: no process of that name",
		    q->name);
	bsdrun_free(r);
}

int
bsdrun_pids(struct bsdrun *r, const char *tool, const char *flag,
    const char *const all[])
{
	const struct query *q = r->q;
	const char *argv[4];
	char pid[24];
	size_t i, j, ok = 0, failed = 0;

	if (q->npids == 0 && bsdrun_spawn(r, all, -1) == -1)
		failed++;
	for (i = 0; i < q->npids; i++) {
		for (j = 0; j < i && q->pids[j] != q->pids[i]; j++)
			;
		if (j < i)
			continue;
		if (left(r) == -1) {
			result_error(r->res, RE_CMD, "%s: timed out after %d s",
			    tool, q->timeout);
			failed++;
			break;
		}
		/* The only argument we make: a pid, formatted here. */
		snprintf(pid, sizeof(pid), "%ld", (long)q->pids[i]);
		argv[0] = tool;
		argv[1] = flag;
		argv[2] = pid;
		argv[3] = NULL;
		if (bsdrun_spawn(r, argv, q->pids[i]) == -1)
			failed++;
		else
			ok++;
	}
	if (failed > 0 && ok == 0) {
		bsdrun_free(r);
		return -1;
	}
	bsdrun_finish(r, q->npids == 0);
	return 0;
}
