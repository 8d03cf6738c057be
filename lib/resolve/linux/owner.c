#include <sys/types.h>

#include <netinet/in.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "compat.h"
#include "conn.h"
#include "esc.h"
#include "fdwalk.h"
#include "inomap.h"
#include "mem.h"
#include "owner.h"
#include "proc.h"
#include "radix.h"
#include "resolver.h"

/* A socket held by a process: sorted by inode, then process (index). */
struct held {
	uint64_t	 inode;
	size_t		 proc;		/* index in procs */
	int		 fd;
};

struct proc_info {
	pid_t		 pid;
	int		 asked;		/* named by -p */
	int		 gone;		/* exited while being read */
	int		 kept;		/* its sockets from a kept walk */
	ino_t		 netns;
	uid_t		 uid;
	char		*name;		/* NULL until needed */
	char		*cgroup;	/* read when the query needs it */
};

struct owners {
	const struct query *q;
	struct result	*res;
	struct held	*held;
	size_t		 nheld;
	struct proc_info *procs;
	size_t		 nprocs;
	int		 anygone;
	ino_t		 curns;		/* the namespace being scanned */
	int		 walkers;	/* threads a process's walk may take */
	pid_t		 curpid;	/* and the process named for it */
	int		 remember;	/* --watch: walks kept between runs */
	struct inomap	 map;		/* where each inode is in held */
	unsigned long	*unheld;	/* inodes of sockets nobody held */
	size_t		 nunheld;
	size_t		 capunheld;
};

/* With remember: the sockets nobody held in the run before, sorted. */
static unsigned long	*was_unheld;
static size_t		 nwas_unheld;

unsigned
owner_states(const struct query *q, int proto)
{
	unsigned bits = 0;
	int s;

	for (s = CS_ESTABLISHED; s < CS_NSTATES; s++)
		if (conn_state_ok(q, proto, s))
			bits |= 1U << s;
	return bits;
}

/* The process selectors of q alone, on what probe knows. */
static int
owner_selected(const struct query *q, const struct conn *probe)
{
	struct query only;

	/* conn_match's word on the namespace and cgroup, nothing else. */
	query_init(&only);
	only.tcpstates = only.udpstates = ~0U;
	only.netns = q->netns;
	only.cgroup = q->cgroup;
	only.unit = q->unit;
	return conn_match(&only, probe);
}

/* Whether a process lives in the namespace being scanned. */
static int
scanned(const struct owners *o, const struct proc_info *pi)
{
	return pi->netns == o->curns &&
	    (pi->netns != 0 || pi->pid == o->curpid);
}

/* Whether a held socket belongs to the namespace being scanned. */
static int
current(const struct owners *o, const struct held *h)
{
	return scanned(o, &o->procs[h->proc]);
}

/*
 * Adds a process and its sockets.  -1 only on ENOMEM; a process that
 * cannot be read is a message, a skip or nothing, as the query has it.
 */
static int
add_proc(struct owners *o, pid_t pid, int asked, int selector)
{
	const struct query *q = o->q;
	struct fdwalk_sock *socks;
	struct proc_info *pi, *npi;
	struct held *nh;
	size_t n, i;
	uid_t uid;
	ino_t ns = 0;
	char *name = NULL, *cg = NULL;
	struct conn probe;
	int kept = 0;

	/* The uid, name, namespace and cgroup decide whether it is selected
	 * at all: the one match (conn_match) decides, on what is known. */
	if (q->has_uid) {
		if (proc_uid(pid, &uid) == -1)
			goto unreadable;
		if (uid != q->uid)
			return 0;
	}
	if (q->name != NULL) {
		if (proc_name(pid, &name) == -1)
			goto unreadable;
		if (strcmp(name, q->name) != 0) {
			free(name);
			return 0;
		}
	}
	if ((q->netns != 0 || (q->want & Q_W_NETNS)) &&
	    proc_netns(pid, &ns) == -1 && q->netns != 0) {
		free(name);
		goto unreadable;
	}
	if ((q->want & Q_W_CGROUP) && proc_cgroup(pid, &cg) == -1) {
		cg = NULL;
		if (errno == ENOMEM || q->cgroup != NULL || q->unit != NULL) {
			free(name);
			goto unreadable;
		}
	}
	if (q->netns != 0 || q->cgroup != NULL || q->unit != NULL) {
		conn_init(&probe);
		probe.proto = IPPROTO_TCP;
		probe.laddr.family = AF_INET;
		probe.state = CS_ESTABLISHED;
		probe.netns = ns;
		probe.cgroup = cg;
		if (!owner_selected(q, &probe)) {
			free(name);
			free(cg);
			return 0;
		}
	}
	if (fdwalk_socks(pid, o->walkers, &socks, &n,
	    o->remember ? &kept : NULL) == -1) {
		free(name);
		free(cg);
		goto unreadable;
	}
	/* With --unowned a process without sockets still names a namespace
	 * to read. */
	if (n == 0 && !q->unowned) {
		free(name);
		free(cg);
		free(socks);
		/* Asked for by pid, a process on its way out is gone. */
		if (asked && proc_exists(pid) == 0)
			return result_noproc(o->res, pid);
		return 0;
	}
	if (!q->has_uid && proc_uid(pid, &uid) == -1) {
		free(name);
		free(cg);
		free(socks);
		goto unreadable;
	}
	if ((npi = reallocarray(o->procs, o->nprocs + 1, sizeof(*npi))) ==
	    NULL)
		goto nomem;
	o->procs = npi;
	if (n > 0) {
		if ((nh = reallocarray(o->held, o->nheld + n, sizeof(*nh))) ==
		    NULL)
			goto nomem;
		o->held = nh;
	}
	pi = &o->procs[o->nprocs];
	memset(pi, 0, sizeof(*pi));
	pi->pid = pid;
	pi->asked = asked;
	pi->uid = uid;
	pi->name = name;
	pi->cgroup = cg;
	pi->kept = kept;
	if ((pi->netns = ns) == 0 && proc_netns(pid, &pi->netns) == -1)
		pi->netns = 0;		/* read through its own /proc view */
	for (i = 0; i < n; i++) {
		o->held[o->nheld + i].inode = socks[i].inode;
		o->held[o->nheld + i].proc = o->nprocs;
		o->held[o->nheld + i].fd = socks[i].fd;
	}
	o->nheld += n;
	o->nprocs++;
	free(socks);
	return 0;
nomem:
	free(name);
	free(cg);
	free(socks);
	return -1;
unreadable:
	if (errno == ENOMEM)
		return -1;
	if (errno == ESRCH) {
		if (asked)
			return result_noproc(o->res, pid);
		return 0;
	}
	/* A process of our own that is exiting hides its descriptors as
	 * well as one of another user's: tell which it is. */
	if ((errno == EACCES || errno == EPERM) && proc_exists(pid) == 0) {
		if (asked)
			return result_noproc(o->res, pid);
		return 0;
	}
	if (errno == EACCES || errno == EPERM) {
		if (selector)
			return result_denied(o->res, pid);
		o->res->skipped++;
		return 0;
	}
	return result_error(o->res, RE_SYS, "%d: %s", (int)pid,
	    strerror(errno));
}

/* Half the processes of a machine-wide query, read by a second thread
 * into owners and a result of its own, merged after. */
struct part {
	struct owners	 o;
	struct result	 res;
	const pid_t	*pids;
	size_t		 n;
	int		 selector;
	int		 r;
	_Atomic size_t	*next;		/* the next pid either thread takes */
};

/*
 * Takes the processes one at a time, as the other thread does (shared),
 * so that a few large ones do not all fall to one thread.  Then a
 * process's walk is shared with a thread of its own only when none is
 * left for the other to take: two threads reading one process contend
 * for it in the kernel (a readlink costs them a fifth more than two
 * reading two processes), and a fourth thread beside the dump's left it
 * further behind.
 */
static int
take(struct owners *o, const pid_t *pids, size_t n, _Atomic size_t *next,
    int selector, int shared)
{
	size_t i;
	int r = 0, walkers = o->walkers;

	while (r == 0 && (i = atomic_fetch_add(next, 1)) < n) {
		o->walkers = shared && i + 1 < n ? 1 : walkers;
		r = add_proc(o, pids[i], 0, selector);
	}
	o->walkers = walkers;
	return r;
}

static void *
collect_part(void *arg)
{
	struct part *p = arg;

	p->r = take(&p->o, p->pids, p->n, p->next, p->selector, 1);
	return NULL;
}

/* Moves what p read after what o read, in pid order. */
static int
merge(struct owners *o, struct part *p)
{
	struct proc_info *npi;
	struct held *nh;
	struct rerr *ne;
	size_t i;

	if ((npi = reallocarray(o->procs, o->nprocs + p->o.nprocs + 1,
	    sizeof(*npi))) == NULL ||
	    (o->procs = npi, (nh = reallocarray(o->held, o->nheld +
	    p->o.nheld + 1, sizeof(*nh))) == NULL) ||
	    (o->held = nh, (ne = reallocarray(o->res->errs, o->res->nerrs +
	    p->res.nerrs + 1, sizeof(*ne))) == NULL))
		return -1;
	o->res->errs = ne;
	for (i = 0; i < p->o.nheld; i++) {
		nh[o->nheld] = p->o.held[i];
		nh[o->nheld++].proc += o->nprocs;
	}
	for (i = 0; i < p->o.nprocs; i++)
		npi[o->nprocs++] = p->o.procs[i];
	for (i = 0; i < p->res.nerrs; i++)
		ne[o->res->nerrs++] = p->res.errs[i];
	o->res->skipped += p->res.skipped;
	free(p->o.procs);
	free(p->o.held);
	free(p->res.errs);
	return 0;
}

/* Past this many processes a second thread reads half of them. */
#define COLLECT_SPLIT	32

static int
collect(struct owners *o)
{
	const struct query *q = o->q;
	struct part p;
	pthread_t t;
	pid_t *pids;
	_Atomic size_t next = 0;
	size_t n, i;
	int selector = q->npids > 0 || q->name != NULL || q->has_uid, r, two;

	if (q->npids > 0) {
		for (i = 0; i < q->npids; i++)
			if (add_proc(o, q->pids[i], 1, 1) == -1)
				return -1;
		return 0;
	}
	if (q->name != NULL) {
		if (proc_pids_by_name(q->name, &pids, &n) == -1)
			return result_error(o->res, RE_SYS, "%s: %s",
			    proc_root(), strerror(errno)), -1;
		if (n == 0) {
			free(pids);
			return result_noname(o->res, o->q->name);
		}
	} else if (proc_pids(&pids, &n) == -1)
		return result_error(o->res, RE_SYS, "%s: %s", proc_root(),
		    strerror(errno)), -1;
	two = n > COLLECT_SPLIT && o->walkers > 1;
	memset(&p, 0, sizeof(p));
	p.o.q = q;
	p.o.res = &p.res;
	p.o.walkers = o->walkers;
	p.pids = pids;
	p.n = n;
	p.selector = selector;
	p.next = &next;
	if (two && pthread_create(&t, NULL, collect_part, &p) != 0)
		two = 0;
	r = take(o, pids, n, &next, selector, two);
	if (two) {
		pthread_join(t, NULL);
		if (r == 0 && (r = p.r) == 0)
			r = merge(o, &p);
		if (r == -1) {
			for (i = 0; i < p.o.nprocs; i++) {
				free(p.o.procs[i].name);
				free(p.o.procs[i].cgroup);
			}
			free(p.o.procs);
			free(p.o.held);
			result_free(&p.res);
		}
	}
	free(pids);
	return r;
}

/* A row of the result: in place of *slot while there is one (a scanner's
 * set being adopted; *used says it is taken), else at the end. */
static int
put(struct owners *o, struct conn **slot, const struct conn *row, int *used)
{
	if (*slot == NULL)
		return connset_add(&o->res->conns, row);
	**slot = *row;
	conn_settle(*slot);
	*slot = NULL;
	*used = 1;
	return 0;
}

/*
 * The rows of socket c, one for each process of the namespace scanned
 * that holds it (a socket inherited across fork is held by several), or
 * with --unowned one of pid 0 when none does; the first in slot when it
 * is not NULL, and then *used says so (a row of the result, even when a
 * later one fails).  0, or -1 on ENOMEM.
 */
static int
own(struct owners *o, const struct conn *c, struct conn *slot, int *used)
{
	struct proc_info *pi;
	struct conn row;
	size_t at;
	int held = 0;

	*used = 0;
	at = inomap_find(&o->map, c->inode);
	for (; at < o->nheld && o->held[at].inode == c->inode; at++) {
		held = 1;
		pi = &o->procs[o->held[at].proc];
		/* Only the processes of the namespace scanned: a socket is
		 * in one table, and a process in one namespace. */
		if (!current(o, &o->held[at]))
			continue;
		row = *c;
		row.pid = pi->pid;
		row.uid = pi->uid;
		row.netns = pi->netns;
		row.name = row.cgroup = NULL;
		if (pi->name == NULL && proc_name(pi->pid, &pi->name) == -1) {
			if (errno == ENOMEM)
				return -1;
			/* Gone: the check after the scan drops its rows. */
			pi->gone = 1;
			continue;
		}
		if ((row.name = strdup(pi->name)) == NULL ||
		    (pi->cgroup != NULL &&
		    (row.cgroup = strdup(pi->cgroup)) == NULL) ||
		    put(o, &slot, &row, used) == -1) {
			conn_free(&row);
			return -1;
		}
	}
	if (!held && o->remember && c->inode != 0) {
		if (mem_push(&o->unheld, &o->nunheld, &o->capunheld,
		    sizeof(*o->unheld), &c->inode) == -1)
			return -1;
	}
	/* No process we read holds it (time-wait, orphaned, or a process
	 * hidden from us): pid 0, the socket's own uid. */
	if (!held && o->q->unowned) {
		row = *c;
		row.pid = 0;
		row.netns = o->curns;
		row.name = row.cgroup = NULL;
		if (put(o, &slot, &row, used) == -1)
			return -1;
	}
	return 0;
}

static int
emit(void *arg, const struct conn *c)
{
	int used;

	return own(arg, c, NULL, &used);
}

/* Rows ahead of the one taken over whose memory is asked for. */
#define AHEAD	8

static void
warm(const void *p)
{
#if defined(__GNUC__)
	__builtin_prefetch(p);
#else
	(void)p;
#endif
}

int
owner_adopt(void *arg, struct connset *rows)
{
	struct owners *o = arg;
	struct connset *set = &o->res->conns;
	struct conn c, *nv;
	size_t i, j, at;
	int r = 0, used;

	/* Each row becomes its first owned row, in place: at 100 000
	 * sockets a copy of each was a tenth of the run. */
	for (i = j = 0; i < rows->n; i++) {
		/* The hash slot a few rows ahead, then its holder: misses
		 * of the cache, one a row, waited for together. */
		if (i + 2 * AHEAD < rows->n)
			inomap_prefetch(&o->map, rows->v[i + 2 * AHEAD].inode);
		if (i + AHEAD < rows->n &&
		    (at = inomap_find(&o->map, rows->v[i + AHEAD].inode)) <
		    o->nheld)
			warm(&o->held[at]);
		c = rows->v[i];
		if (r == 0) {
			r = own(o, &c, &rows->v[j], &used);
			j += (size_t)used;
		}
		conn_free(&c);
	}
	rows->n = j;
	if (r == -1)
		return -1;
	if (set->n == 0) {
		free(set->v);
		*set = *rows;
		memset(rows, 0, sizeof(*rows));
		return 0;
	}
	if (j > 0) {
		if ((nv = reallocarray(set->v, set->n + j, sizeof(*nv))) ==
		    NULL)
			return -1;
		set->v = nv;
		memcpy(set->v + set->n, rows->v, j * sizeof(*nv));
		set->n += j;
		set->cap = set->n;
		rows->n = 0;
	}
	return 0;
}

static int
ns_cmp(const void *a, const void *b)
{
	const struct proc_info *x = a, *y = b;

	if (x->netns != y->netns)
		return x->netns < y->netns ? -1 : 1;
	return 0;
}

size_t
owner_count(void *arg)
{
	const struct owners *o = arg;
	uint64_t last = 0;
	size_t i, n = 0;

	for (i = 0; i < o->nheld; i++)
		if (current(o, &o->held[i]) && o->held[i].inode != last) {
			last = o->held[i].inode;
			n++;
		}
	return n;
}

/* Whether a process of the run, of the namespace being scanned alone
 * with ns, has its sockets from a kept walk. */
static int
anykept(const struct owners *o, int ns)
{
	const struct proc_info *pi;
	size_t i;

	for (i = 0; i < o->nprocs; i++) {
		pi = &o->procs[i];
		if (pi->kept && (!ns || scanned(o, pi)))
			return 1;
	}
	return 0;
}

int
owner_kept(void *arg)
{
	/* Of the namespace being scanned: the others may be looked up, and
	 * then the sockets nobody holds there are not seen, run after run. */
	return anykept(arg, 1);
}

int
owner_each(void *arg, int (*fn)(void *, pid_t, int, unsigned long),
    void *fnarg)
{
	const struct owners *o = arg;
	uint64_t last = 0;
	size_t i;
	int r;

	/* One look-up a socket: emit gives the row of each of its holders. */
	for (i = 0; i < o->nheld; i++) {
		if (!current(o, &o->held[i]) || o->held[i].inode == last)
			continue;
		last = o->held[i].inode;
		if ((r = fn(fnarg, o->procs[o->held[i].proc].pid,
		    o->held[i].fd, o->held[i].inode)) != 0)
			return r;
	}
	return 0;
}

/* Runs scan in the namespace of p. */
static int
scan_ns(struct owners *o, owner_scan scan, pid_t p)
{
	struct connset *set = &o->res->conns;
	size_t n0 = set->n;
	int saved;

	o->curpid = p;
	if (scan(p, o->q, emit, o) == 0)
		return 0;

	/* No half answer: drop what this namespace gave so far. */
	saved = errno;
	while (set->n > n0)
		conn_free(&set->v[--set->n]);
	errno = saved;
	return -1;
}

static int
ul_cmp(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Whether a socket nobody holds now was not so in the run before. */
static int
news(const struct owners *o)
{
	size_t i;

	if (nwas_unheld == 0)
		return o->nunheld > 0;
	for (i = 0; i < o->nunheld; i++)
		if (bsearch(&o->unheld[i], was_unheld, nwas_unheld,
		    sizeof(*was_unheld), ul_cmp) == NULL)
			return 1;
	return 0;
}

/* Forgets the processes read and the rows, messages and skips made after
 * the first n, e and s. */
static void
unsample(struct owners *o, size_t n, size_t e, size_t s)
{
	struct result *res = o->res;
	size_t i;

	while (res->conns.n > n)
		conn_free(&res->conns.v[--res->conns.n]);
	while (res->nerrs > e)
		free(res->errs[--res->nerrs].msg);
	res->skipped = s;
	for (i = 0; i < o->nprocs; i++) {
		free(o->procs[i].name);
		free(o->procs[i].cgroup);
	}
	free(o->procs);
	free(o->held);
	inomap_free(&o->map);
	o->procs = NULL;
	o->held = NULL;
	o->nprocs = o->nheld = o->nunheld = 0;
	o->anygone = 0;
}

int
owner_run(const struct query *q, struct result *res, owner_prefetch prefetch,
    owner_scan scan)
{
	struct owners o;
	struct proc_info *byns = NULL;
	size_t i, j, n0, e0, s0;
	int r = -1, ex, fresh = 0;

	memset(&o, 0, sizeof(o));
	o.q = q;
	o.res = res;
	o.walkers = sysconf(_SC_NPROCESSORS_ONLN) > 1 && !q->lean ? 2 : 1;
	o.remember = q->lean;
	n0 = res->conns.n;
	e0 = res->nerrs;
	s0 = res->skipped;
	if (prefetch != NULL && !q->lean)
		prefetch(q);
again:
	if (collect(&o) == -1)
		goto out;
	/* By inode, then process: held is in process order as read, and the
	 * sort is stable. */
	if (radix_sort(o.held, o.nheld, sizeof(*o.held),
	    offsetof(struct held, inode)) == -1)
		goto out;
	/* A socket a process holds on several descriptors is one row. */
	for (i = j = 0; i < o.nheld; i++)
		if (j == 0 || o.held[i].inode != o.held[j - 1].inode ||
		    o.held[i].proc != o.held[j - 1].proc)
			o.held[j++] = o.held[i];
	o.nheld = j;
	if (inomap_build(&o.map, o.held, o.nheld, sizeof(*o.held),
	    offsetof(struct held, inode)) == -1)
		goto out;

	/* One scan per namespace; a process whose namespace could not be
	 * named (0) is scanned on its own. */
	if ((byns = reallocarray(NULL, o.nprocs ? o.nprocs : 1,
	    sizeof(*byns))) == NULL)
		goto out;
	if (o.nprocs > 0)
		memcpy(byns, o.procs, o.nprocs * sizeof(*byns));
	qsort(byns, o.nprocs, sizeof(*byns), ns_cmp);
	for (i = 0; i < o.nprocs; i++) {
		if (i > 0 && byns[i].netns != 0 &&
		    byns[i].netns == byns[i - 1].netns)
			continue;
		o.curns = byns[i].netns;
		/* A process gone meanwhile: another of its namespace may do. */
		for (j = i; scan_ns(&o, scan, byns[j].pid) == -1; j++) {
			if (errno != ESRCH)
				goto scanfail;
			if (byns[i].netns == 0 || j + 1 == o.nprocs ||
			    byns[j + 1].netns != byns[i].netns)
				break;
		}
	}

	/*
	 * A socket nobody held before and nobody holds now may be one that a
	 * kept walk lacks: a descriptor closed and this socket opened in its
	 * place, the count the same.  The run starts over, every process
	 * walked.
	 */
	if (o.remember) {
		if (o.nunheld > 1)
			qsort(o.unheld, o.nunheld, sizeof(*o.unheld), ul_cmp);
		fresh = news(&o);
		if (fresh && anykept(&o, 0)) {
			unsample(&o, n0, e0, s0);
			free(byns);
			byns = NULL;
			fdwalk_round(1);
			goto again;
		}
		free(was_unheld);
		was_unheld = o.unheld;
		nwas_unheld = o.nunheld;
		o.unheld = NULL;
	}

	/* A process that exited meanwhile has no connections to show. */
	for (i = 0; i < o.nprocs; i++) {
		struct proc_info *pi = &o.procs[i];

		if (!pi->gone && (ex = proc_exists(pi->pid)) != 0) {
			if (ex == -1)
				goto sysfail;
			continue;
		}
		pi->gone = 1;
		o.anygone = 1;
		if (pi->asked && result_noproc(res, pi->pid) == -1)
			goto out;
	}
	for (i = j = 0; o.anygone && i < res->conns.n; i++) {
		struct conn *c = &res->conns.v[i];
		size_t k;

		for (k = 0; k < o.nprocs && o.procs[k].pid != c->pid; k++)
			;
		if (k < o.nprocs && o.procs[k].gone)
			conn_free(c);
		else
			res->conns.v[j++] = *c;
	}
	if (o.anygone)
		res->conns.n = j;
	r = 0;
	goto out;
sysfail:
	result_error(res, RE_SYS, "%s", strerror(errno));
	goto out;
scanfail:
	/* Name the process whose sockets could not be listed. */
	result_error(res, RE_SYS, "%d: %s", (int)byns[j].pid,
	    errno == EPROTO ? "socket table not understood" :
	    strerror(errno));
out:
	if (r == -1 && errno == ENOMEM && res->nerrs == 0)
		result_error(res, RE_SYS, "%s", strerror(ENOMEM));
	/* A socket new this run may have been opened after its process
	 * was walked: the next run walks every process again. */
	if (o.remember)
		fdwalk_round(fresh);
	unsample(&o, res->conns.n, res->nerrs, res->skipped);
	free(o.unheld);
	free(byns);
	return r;
}
