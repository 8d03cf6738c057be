#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmdres.h"
#include "conn.h"
#include "esc.h"
#include "num.h"
#include "proc.h"
#include "resolver.h"

/* What a message quotes of a line it could not parse. */
#define CMDRES_EXCERPT	60

void
cmdres_init(struct cmdres *cr, const char *tool, const struct query *q,
    struct result *res)
{
	memset(cr, 0, sizeof(*cr));
	cr->tool = tool;
	cr->q = q;
	cr->res = res;
}

void
cmdres_free(struct cmdres *cr)
{
	size_t i;

	for (i = 0; i < cr->nprocs; i++)
		free(cr->procs[i].name);
	free(cr->procs);
	free(cr->pids);
	cr->procs = NULL;
	cr->pids = NULL;
	cr->nprocs = cr->npids = 0;
}

int
cmdres_nomem(struct cmdres *cr)
{
	result_error(cr->res, RE_SYS, "%s: %s", cr->tool, strerror(ENOMEM));
	return -1;
}

/* Whether there is a /proc to ask at all (not so on the BSDs, Darwin). */
static int
have_proc(void)
{
	int fd;

	if ((fd = proc_open(".", O_RDONLY | O_DIRECTORY)) == -1)
		return 0;
	close(fd);
	return 1;
}

/* Whether the caller may see the process's descriptors, as the tools
 * must to name it: 0 when it may not. */
static int
inspectable(pid_t pid)
{
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "%d/fd", (int)pid);
	if ((fd = proc_open(path, O_RDONLY | O_DIRECTORY)) == -1)
		return errno != EACCES && errno != EPERM;
	close(fd);
	return 1;
}

static int
denied(struct cmdres *cr, pid_t pid)
{
	return result_error(cr->res, RE_PERM, "%d: permission denied",
	    (int)pid);
}

/* The message for a name no process has, the name escaped as a field,
 * as the native resolvers word it.  0, or -1 with ENOMEM. */
static int
noname(struct cmdres *cr)
{
	struct buf b = { NULL, 0, 0 };
	int r;

	if (esc_tsv(&b, cr->q->name, strlen(cr->q->name)) == -1 ||
	    buf_addc(&b, '\0') == -1) {
		buf_free(&b);
		return -1;
	}
	r = result_error(cr->res, RE_NONAME, "%s: no process of that name",
	    b.data);
	buf_free(&b);
	return r;
}

int
cmdres_select(struct cmdres *cr)
{
	const struct query *q = cr->q;
	size_t i, j, ok = 0;
	pid_t *v;
	size_t n;

	if (!have_proc())
		return 1;
	if (q->npids > 0) {
		for (i = 0; i < q->npids; i++) {
			for (j = 0; j < i && q->pids[j] != q->pids[i]; j++)
				;
			if (j < i)
				continue;
			if (proc_exists(q->pids[i]) == 0) {
				if (result_error(cr->res, RE_NOPROC,
				    "%d: no such process", (int)q->pids[i]) ==
				    -1)
					return -1;
			} else if (!inspectable(q->pids[i])) {
				if (denied(cr, q->pids[i]) == -1)
					return -1;
			} else
				ok++;
		}
		return ok > 0;
	}
	if (q->name != NULL) {
		if (proc_pids_by_name(q->name, &v, &n) == -1)
			return errno == ENOMEM ? -1 : 1;
		if (n == 0) {
			free(v);
			return noname(cr);
		}
		cr->pids = v;
		cr->npids = n;
		for (i = 0; i < n; i++)
			if (!inspectable(v[i]) && denied(cr, v[i]) == -1)
				return -1;
		return 1;
	}
	/* Every process: those hidden from us are counted, as natively. */
	if (proc_pids(&v, &n) == -1)
		return errno == ENOMEM ? -1 : 1;
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

/* The process's name and uid, looked up in /proc once. */
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
	if ((np = reallocarray(cr->procs, cr->nprocs + 1, sizeof(*np))) ==
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
	return p;
}

int
cmdres_want(struct cmdres *cr, pid_t pid)
{
	const struct query *q = cr->q;
	struct cmdres_proc *p;
	size_t i;

	if (pid <= 0)
		return 0;
	if (q->npids > 0) {
		for (i = 0; i < q->npids && q->pids[i] != pid; i++)
			;
		if (i == q->npids)
			return 0;
	} else if (cr->npids > 0) {
		for (i = 0; i < cr->npids && cr->pids[i] != pid; i++)
			;
		if (i == cr->npids)
			return 0;
	}
	if (q->has_uid) {
		if ((p = lookup(cr, pid)) == NULL)
			return 1;	/* cmdres_add tells ENOMEM */
		if (p->known && p->uid != q->uid)
			return 0;
	}
	return 1;
}

int
cmdres_add(struct cmdres *cr, struct conn *c, const char *name,
    size_t namelen)
{
	const struct query *q = cr->q;
	struct cmdres_proc *p;
	char *own = NULL;

	cr->nrows++;
	if (c->pid <= 0)
		return 0;	/* no process holds it, or we may not see it */
	if ((p = lookup(cr, c->pid)) == NULL)
		return cmdres_nomem(cr);
	c->uid = p->uid;
	c->name = p->known ? p->name : NULL;
	if (c->name == NULL && name != NULL) {
		if ((own = strndup(name, namelen)) == NULL)
			return cmdres_nomem(cr);
		c->name = own;
	}
	/* What cannot be told cannot be selected. */
	if ((q->has_uid && c->uid == (uid_t)-1) ||
	    (q->name != NULL && c->name == NULL) || !conn_match(q, c)) {
		free(own);
		c->name = NULL;
		return 0;
	}
	if (own == NULL && c->name != NULL &&
	    (own = strdup(c->name)) == NULL)
		return cmdres_nomem(cr);
	c->name = own;
	if (connset_add(&cr->res->conns, c) == -1) {
		free(own);
		c->name = NULL;
		return cmdres_nomem(cr);
	}
	c->name = NULL;
	return 0;
}

int
cmdres_bad(struct cmdres *cr, const char *line, size_t len)
{
	struct buf b = { NULL, 0, 0 };
	int more = len > CMDRES_EXCERPT;

	if (esc_tsv(&b, line, more ? CMDRES_EXCERPT : len) == -1)
		return cmdres_nomem(cr);
	result_error(cr->res, RE_CMD, "%s: unexpected output on line %zu: %s%s",
	    cr->tool, cr->lineno, b.data != NULL ? b.data : "",
	    more ? "..." : "");
	buf_free(&b);
	return -1;
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

static int
addrcmp(const struct addr *a, const struct addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->b, b->b, sizeof(a->b));
}

static int
rowcmp(const void *a, const void *b)
{
	const struct conn *x = a, *y = b;
	int r;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	if ((r = addrcmp(&x->laddr, &y->laddr)) != 0)
		return r;
	if (x->lport != y->lport)
		return x->lport < y->lport ? -1 : 1;
	if ((r = addrcmp(&x->raddr, &y->raddr)) != 0)
		return r;
	if (x->rport != y->rport)
		return x->rport < y->rport ? -1 : 1;
	if (x->state != y->state)
		return x->state < y->state ? -1 : 1;
	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return 0;
}

void
cmdres_dedup(struct connset *set)
{
	size_t i, j;

	if (set->n < 2)
		return;
	qsort(set->v, set->n, sizeof(*set->v), rowcmp);
	for (i = j = 1; i < set->n; i++) {
		if (rowcmp(&set->v[i], &set->v[j - 1]) == 0)
			free(set->v[i].name);
		else
			set->v[j++] = set->v[i];
	}
	set->n = j;
}
