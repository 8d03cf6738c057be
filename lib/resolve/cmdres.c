#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cmdres.h"
#include "compat.h"
#include "conn.h"
#include "esc.h"
#include "num.h"
#include "proc.h"
#include "resolver.h"
#include "command.h"

/* What a message quotes of a line it could not parse. */
#define CMDRES_EXCERPT	120

/* What the process table says of a pid the tool may not have shown. */
enum { PT_GONE, PT_DENIED, PT_THERE };

/* A process looked up in the process table, for its name and uid. */
struct cmdres_proc {
	pid_t		 pid;
	int		 known;		/* found in /proc */
	uid_t		 uid;
	char		*name;
	ino_t		 netns;		/* 0 unknown */
	char		*cgroup;	/* NULL unknown */
};

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
cmdres_init(struct cmdres *cr, const char *tool, const struct query *q,
    struct result *res)
{
	struct passwd *pw;

	memset(cr, 0, sizeof(*cr));
	cr->tool = tool;
	cr->q = q;
	cr->res = res;
	cr->deadline = q->timeout > 0 ?
	    now_ms() + (long long)q->timeout * 1000 : -1;
	if (q->npids > 0 && (cr->pidseen = calloc(q->npids, 1)) == NULL)
		return cmdres_nomem(cr);
	if (q->has_uid && (pw = getpwuid(q->uid)) != NULL &&
	    (cr->qname = strdup(pw->pw_name)) == NULL)
		return cmdres_nomem(cr);
	return 0;
}

static void
cmdres_free(struct cmdres *cr)
{
	size_t i;

	for (i = 0; i < cr->nprocs; i++) {
		free(cr->procs[i].name);
		free(cr->procs[i].cgroup);
	}
	free(cr->procs);
	free(cr->pids);
	free(cr->pidseen);
	free(cr->cache_user);
	free(cr->qname);
	free(cr->cmd);
	buf_free(&cr->scratch);
	memset(cr, 0, sizeof(*cr));
}

int
cmdres_nomem(struct cmdres *cr)
{
	result_error(cr->res, RE_SYS, "%s: %s", cr->tool, strerror(ENOMEM));
	return -1;
}

/* Whether the caller may see the process's descriptors, as the tools
 * must to name it: 0 when it may not. */
static int
inspectable(pid_t pid)
{
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "%ld/fd", (long)pid);
	if ((fd = proc_open(path, O_RDONLY | O_DIRECTORY)) == -1)
		return errno != EACCES && errno != EPERM;
	close(fd);
	return 1;
}

/* The process table's word on pid: /proc where there is one, else
 * kill(pid, 0), which every system has. */
static int
ptab(pid_t pid)
{
	if (proc_has(".")) {
		if (proc_exists(pid) == 0)
			return PT_GONE;
		return inspectable(pid) ? PT_THERE : PT_DENIED;
	}
	if (kill(pid, 0) == 0)
		return PT_THERE;
	return errno == EPERM ? PT_DENIED : PT_GONE;
}

int
cmdres_select(struct cmdres *cr)
{
	const struct query *q = cr->q;
	pid_t *v;
	size_t i, n;

	if (q->npids > 0 || !proc_has("."))
		return 1;
	if (q->name != NULL) {
		if (proc_pids_by_name(q->name, &v, &n) == -1)
			return errno == ENOMEM ? cmdres_nomem(cr) : 1;
		if (n == 0) {
			free(v);
			return result_noname(cr->res, q->name) == -1 ? -1 : 0;
		}
		cr->pids = v;
		cr->npids = n;
		return 1;
	}
	if (q->has_uid)
		return 1;
	/* Every process: those hidden from us are counted, as natively. */
	if (proc_pids(&v, &n) == -1)
		return errno == ENOMEM ? cmdres_nomem(cr) : 1;
	for (i = 0; i < n; i++)
		if (!inspectable(v[i]))
			cr->res->skipped++;
	free(v);
	return 1;
}

size_t
cmdres_pids(const struct cmdres *cr, const pid_t **pids)
{
	if (cr->q->npids > 0) {
		*pids = cr->q->pids;
		return cr->q->npids;
	}
	*pids = cr->pids;
	return cr->npids;
}

/* The process's name and uid, looked up in the process table once. */
static struct cmdres_proc *
lookup(struct cmdres *cr, pid_t pid)
{
	struct cmdres_proc *p, *np;
	size_t lo = 0, hi = cr->nprocs, mid;

	if (cr->nprocs > 0 && cr->procs[cr->last].pid == pid)
		return &cr->procs[cr->last];
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cr->procs[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < cr->nprocs && cr->procs[lo].pid == pid) {
		cr->last = lo;
		return &cr->procs[lo];
	}
	if ((np = realloc(cr->procs, (cr->nprocs + 1) * sizeof(*np))) ==
	    NULL)
		return NULL;
	cr->procs = np;
	memmove(np + lo + 1, np + lo, (cr->nprocs - lo) * sizeof(*np));
	cr->nprocs++;
	cr->last = lo;
	p = &np[lo];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->uid = (uid_t)-1;
	if (proc_name(pid, &p->name) == -1) {
		p->name = NULL;
		if (errno == ENOMEM)
			return NULL;
	} else if (proc_uid(pid, &p->uid) == -1) {
		free(p->name);
		p->name = NULL;
		p->uid = (uid_t)-1;
		if (errno == ENOMEM)
			return NULL;
	} else
		p->known = 1;
	if (p->known && (cr->q->want & Q_W_NETNS || cr->q->netns != 0) &&
	    proc_netns(pid, &p->netns) == -1)
		p->netns = 0;
	if (p->known && (cr->q->want & Q_W_CGROUP) &&
	    proc_cgroup(pid, &p->cgroup) == -1) {
		p->cgroup = NULL;
		if (errno == ENOMEM)
			return NULL;
	}
	return p;
}

/*
 * The uid a user column stands for: digits are a uid (the tools print one
 * for an account the password database lacks), a name is looked up.  A
 * tool that cuts names (fstat: 8 characters) shows the query's user cut
 * when that user's name begins with it.
 */
static uid_t
user_uid(struct cmdres *cr, const char *s, size_t n)
{
	struct passwd *pw;
	const char *errstr;
	long long v;
	char *name;

	v = num_parsen(s, n, 0, (uid_t)-2, &errstr);
	if (errstr == NULL)
		return (uid_t)v;
	if (cr->cache_user != NULL && strlen(cr->cache_user) == n &&
	    memcmp(cr->cache_user, s, n) == 0)
		return cr->cache_uid;
	if ((name = strndup(s, n)) == NULL)
		return (uid_t)-1;
	free(cr->cache_user);
	cr->cache_user = name;
	if ((pw = getpwnam(name)) != NULL)
		cr->cache_uid = pw->pw_uid;
	else if (cr->userwidth > 0 && n == cr->userwidth &&
	    cr->qname != NULL && strncmp(cr->qname, name, n) == 0)
		cr->cache_uid = cr->q->uid;
	else
		cr->cache_uid = (uid_t)-1;
	return cr->cache_uid;
}

int
cmdres_want(struct cmdres *cr, pid_t pid)
{
	const struct query *q = cr->q;
	size_t i;

	if (pid <= 0)
		return 0;
	if (q->npids > 0) {
		for (i = 0; i < q->npids && q->pids[i] != pid; i++)
			;
		if (i == q->npids)
			return 0;
		cr->pidseen[i] = 1;
	} else if (cr->npids > 0) {
		for (i = 0; i < cr->npids && cr->pids[i] != pid; i++)
			;
		if (i == cr->npids)
			return 0;
	}
	return 1;
}

int
cmdres_add(struct cmdres *cr, struct cmdrow *row)
{
	const struct query *q = cr->q;
	struct conn *c = &row->conn;
	struct cmdres_proc *p = NULL;
	const char *name = row->name;
	size_t namelen = row->namelen;

	/* No process the tool may see holds it: with --unowned, pid 0. */
	if (c->pid <= 0) {
		if (!q->unowned || c->proto == 0)
			return 0;
		c->pid = 0;
		c->uid = (uid_t)-1;
		c->name = NULL;
		if (connset_add(&cr->res->conns, c) == -1)
			return cmdres_nomem(cr);
		return 0;
	}
	if (!cmdres_want(cr, c->pid))
		return 0;	/* not a process selected */
	/* The process table: for what the tool does not print. */
	if ((cr->tablenames || name == NULL || row->user == NULL ||
	    (q->want & (Q_W_NETNS | Q_W_CGROUP)) || q->netns != 0) &&
	    (p = lookup(cr, c->pid)) == NULL)
		return cmdres_nomem(cr);
	if (p != NULL && p->known && (cr->tablenames || name == NULL)) {
		name = p->name;
		namelen = strlen(name);
	}
	if (q->name != NULL && name != NULL && strlen(q->name) == namelen &&
	    memcmp(q->name, name, namelen) == 0)
		cr->nameseen = 1;
	if (c->proto == 0)
		return 0;
	if (row->user != NULL)
		c->uid = user_uid(cr, row->user, row->userlen);
	else
		c->uid = p->uid;
	if (p != NULL)
		c->netns = p->netns;
	c->name = c->cgroup = NULL;
	if ((name != NULL && (c->name = strndup(name, namelen)) == NULL) ||
	    (p != NULL && p->cgroup != NULL &&
	    (c->cgroup = strdup(p->cgroup)) == NULL) ||
	    connset_add(&cr->res->conns, c) == -1) {
		conn_free(c);
		return cmdres_nomem(cr);
	}
	c->name = c->cgroup = NULL;
	return 0;
}

int
cmdres_add_named(struct cmdres *cr, const struct conn *c, const char *name,
    size_t namelen)
{
	struct cmdrow row;

	memset(&row, 0, sizeof(row));
	row.conn = *c;
	row.name = name;
	row.namelen = namelen;
	return cmdres_add(cr, &row);
}

int
cmdres_bad(struct cmdres *cr, const char *line, size_t len)
{
	struct buf b = { NULL, 0, 0 };
	int more = len > CMDRES_EXCERPT;

	if (esc_tsv(&b, line, more ? CMDRES_EXCERPT : len) == -1)
		return cmdres_nomem(cr);
	result_error(cr->res, RE_CMD, "%s: unexpected output on line %zu: %s%s",
	    cr->cmd != NULL ? cr->cmd : cr->tool, cr->lineno,
	    b.data != NULL ? b.data : "", more ? "..." : "");
	buf_free(&b);
	return -1;
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

/* Every line of every run passes here: numbered, then parsed. */
static int
take(void *arg, char *line, size_t len)
{
	struct cmdres *cr = arg;

	cr->lineno++;
	if (blank(line, len))
		return 0;
	cr->nlines++;
	/* No tool prints a NUL; a field must not end at one. */
	if (memchr(line, '\0', len) != NULL)
		return cmdres_bad(cr, line, len);
	return cr->fn(cr->arg, line, len);
}

/* Milliseconds left of --timeout, as whole seconds for spawn (at least
 * one, as the last second may have run out since the caller looked);
 * 0: no limit. */
static int
left(const struct cmdres *cr)
{
	long long ms;

	if (cr->deadline < 0)
		return 0;
	ms = cr->deadline - now_ms();
	return ms < 1000 ? 1 : (int)((ms + 999) / 1000);
}

int
cmdres_run(struct cmdres *cr, const char *const argv[], command_line_fn fn,
    void *arg, int *status)
{
	struct connset *set = &cr->res->conns;
	struct buf cmd = { NULL, 0, 0 };
	size_t nconns = set->n, before = cr->nlines, i;
	int r;

	/* The command line, for messages. */
	for (i = 0; argv[i] != NULL; i++)
		if ((i > 0 && buf_addc(&cmd, ' ') == -1) ||
		    buf_addstr(&cmd, argv[i]) == -1) {
			buf_free(&cmd);
			return cmdres_nomem(cr);
		}
	free(cr->cmd);
	cr->cmd = cmd.data;
	cr->fn = fn;
	cr->arg = arg;
	cr->lineno = 0;
	r = command_lines_status(argv, left(cr), take, cr, cr->res, status);
	/* Every such tool prints a header at least. */
	if (r == 0 && cr->needoutput && cr->nlines == before) {
		result_error(cr->res, RE_CMD, "%s: printed nothing", cr->cmd);
		r = -1;
	}
	/* What a run that failed printed is no answer. */
	if (r == -1)
		while (set->n > nconns)
			conn_free(&set->v[--set->n]);
	return r;
}

int
cmdres_once(struct cmdres *cr, const char *tool, const struct query *q,
    struct result *res, unsigned flags, const char *const conn[],
    const char *const all[], command_line_fn fn, int (*tail)(void *),
    void *arg)
{
	int r;

	if ((r = cmdres_init(cr, tool, q, res)) == 0) {
		cr->tablenames = (flags & CMDRES_TABLENAMES) != 0;
		if ((r = cmdres_select(cr)) == 1)
			r = cmdres_run(cr, query_connected_only(q) ? conn : all,
			    fn, arg, NULL);
		if (r == 0 && tail != NULL)
			r = tail(arg);
	}
	return cmdres_end(cr, r);
}

int
cmdres_run_pids(struct cmdres *cr, const char *flag, const char *const all[],
    command_line_fn fn, void *arg)
{
	const struct query *q = cr->q;
	const char *argv[4];
	char pid[24];
	size_t i, errs, ok = 0, failed = 0;

	if (q->npids == 0) {
		cr->listsall = 1;
		return cmdres_run(cr, all, fn, arg, NULL);
	}
	for (i = 0; i < q->npids; i++) {
		if (cr->deadline >= 0 && now_ms() >= cr->deadline) {
			result_error(cr->res, RE_CMD, "%s: timed out after "
			    "%d s", cr->tool, q->timeout);
			failed++;
			break;
		}
		/* The only argument we make: a pid, formatted here. */
		snprintf(pid, sizeof(pid), "%ld", (long)q->pids[i]);
		argv[0] = all[0];
		argv[1] = flag;
		argv[2] = pid;
		argv[3] = NULL;
		errs = cr->res->nerrs;
		if (cmdres_run(cr, argv, fn, arg, NULL) == 0) {
			ok++;
			continue;
		}
		/* The tools fail, or print a bare header, for a process that
		 * is gone: cmdres_end says that instead. */
		if (!cr->pidseen[i] && ptab(q->pids[i]) == PT_GONE) {
			while (cr->res->nerrs > errs)
				free(cr->res->errs[--cr->res->nerrs].msg);
			ok++;
		} else
			failed++;
	}
	return failed > 0 && ok == 0 ? -1 : 0;
}

int
cmdres_end(struct cmdres *cr, int r)
{
	const struct query *q = cr->q;
	size_t i;

	if (r == -1) {
		connset_free(&cr->res->conns);
		cmdres_free(cr);
		return -1;
	}
	/* The tool answered; the process table only tells an absent process
	 * from one it was silent about. */
	for (i = 0; i < q->npids; i++) {
		if (cr->pidseen[i])
			continue;
		switch (ptab(q->pids[i])) {
		case PT_GONE:
			r = result_noproc(cr->res, q->pids[i]);
			break;
		case PT_DENIED:
			r = result_denied(cr->res, q->pids[i]);
			break;
		}
		if (r == -1)
			break;
	}
	/* A name no line showed: with a /proc, cmdres_select found its
	 * processes; without, only a tool that lists every process tells. */
	if (r == 0 && q->name != NULL && q->npids == 0 && !cr->nameseen &&
	    cr->npids == 0 && cr->listsall)
		r = result_noname(cr->res, q->name);
	cmdres_free(cr);
	return r == -1 ? -1 : 0;
}

int
cmdres_hostport(const char *s, size_t n, int family, struct addr *a,
    unsigned *port)
{
	const char *colon, *h, *close, *pct, *errstr;
	size_t hn, pn;
	long long v;

	if ((colon = memrchr(s, ':', n)) == NULL || colon == s)
		return -1;
	pn = n - (size_t)(colon + 1 - s);
	if (pn == 1 && colon[1] == '*')
		*port = 0;
	else {
		v = num_parsen(colon + 1, pn, 0, 65535, &errstr);
		if (errstr != NULL)
			return -1;
		*port = (unsigned)v;
	}
	h = s;
	hn = (size_t)(colon - s);
	if (h[0] == '[') {
		/* [addr], [addr%zone], or ss's [addr]%interface */
		if ((close = memchr(h, ']', hn)) == NULL ||
		    (close + 1 != h + hn && close[1] != '%'))
			return -1;
		h++;
		hn = (size_t)(close - h);
	}
	/* A zone or an interface (ss: 127.0.0.53%lo) says nothing we show. */
	if ((pct = memchr(h, '%', hn)) != NULL)
		hn = (size_t)(pct - h);
	if (hn == 1 && h[0] == '*') {
		memset(a, 0, sizeof(*a));
		a->family = family != 0 ? family : AF_INET;
		return 0;
	}
	return addr_parse(h, hn, AF_UNSPEC, 0, a);
}

void
cmdres_mapped(int family, struct addr *a)
{
	if (family != AF_INET6 || a->family != AF_INET)
		return;
	memmove(a->b + 12, a->b, 4);
	memset(a->b, 0, 10);
	a->b[10] = a->b[11] = 0xff;
	a->family = AF_INET6;
}

static const struct {
	const char	*name;
	int		 state;
} states[] = {
	{ "ESTABLISHED", CS_ESTABLISHED }, { "ESTAB", CS_ESTABLISHED },
	{ "SYN_SENT", CS_SYN_SENT }, { "SYN_RECV", CS_SYN_RECV },
	{ "SYN_RCVD", CS_SYN_RECV }, { "NEW_SYN_RECV", CS_SYN_RECV },
	{ "FIN_WAIT1", CS_FIN_WAIT1 }, { "FIN_WAIT_1", CS_FIN_WAIT1 },
	{ "FIN_WAIT2", CS_FIN_WAIT2 }, { "FIN_WAIT_2", CS_FIN_WAIT2 },
	{ "TIME_WAIT", CS_TIME_WAIT }, { "CLOSE", CS_CLOSE },
	{ "CLOSED", CS_CLOSE }, { "UNCONN", CS_CLOSE },
	{ "CLOSE_WAIT", CS_CLOSE_WAIT }, { "LAST_ACK", CS_LAST_ACK },
	{ "LISTEN", CS_LISTEN }, { "CLOSING", CS_CLOSING },
	{ "UNKNOWN", CS_UNKNOWN },
};

int
cmdres_state(const char *s, size_t n)
{
	char w[16];
	size_t i;

	if (n == 0 || n >= sizeof(w))
		return -1;
	/* ss writes CLOSE-WAIT, the others CLOSE_WAIT. */
	for (i = 0; i < n; i++)
		w[i] = s[i] == '-' ? '_' : s[i];
	w[n] = '\0';
	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(states[i].name, w) == 0)
			return states[i].state;
	return -1;
}

#define BLANK(c)	((c) == ' ' || (c) == '\t')

const char *
cmdres_field(const char **s, const char *end, size_t *len)
{
	const char *p = *s, *start;

	while (p < end && BLANK(*p))
		p++;
	if (p == end) {
		*s = p;
		return NULL;
	}
	start = p;
	while (p < end && !BLANK(*p))
		p++;
	*len = (size_t)(p - start);
	*s = p;
	return start;
}

const char *
cmdres_lastfield(const char *s, const char **end, size_t *len)
{
	const char *p = *end, *stop;

	while (p > s && BLANK(p[-1]))
		p--;
	if (p == s)
		return NULL;
	stop = p;
	while (p > s && !BLANK(p[-1]))
		p--;
	*len = (size_t)(stop - p);
	*end = p;
	return p;
}

int
cmdres_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

void
cmdres_trim(const char **s, const char **end)
{
	while (*s < *end && BLANK(**s))
		(*s)++;
	while (*end > *s && BLANK((*end)[-1]))
		(*end)--;
}
