#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "connsort.h"
#include "list.h"
#include "mem.h"

static const char *const state_names[CS_NSTATES] = {
	"UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
	"FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK",
	"LISTEN", "CLOSING"
};

void
query_init(struct query *q)
{
	memset(q, 0, sizeof(*q));
	q->protos = Q_TCP | Q_UDP;
	q->families = Q_IPV4 | Q_IPV6;
	query_preset(q, Q_CONNECTED);
	q->timeout = 10;
}

void
query_preset(struct query *q, enum q_states preset)
{
	q->named = 0;
	q->tcpstates = q->udpstates = Q_STATE(CS_ESTABLISHED);
	if (preset == Q_LISTENING) {
		q->tcpstates |= Q_STATE(CS_LISTEN);
		q->udpstates |= Q_STATE(CS_CLOSE);
	} else if (preset == Q_ALL)
		q->tcpstates = q->udpstates = ~0U;
}

/* Adds the states one name of -s stands for. */
static int
state_item(void *arg, const char *s, size_t n, const char **why)
{
	struct query *q = arg;
	unsigned tcp = 0;
	char w[16];
	size_t i;
	int st, all;

	*why = "unknown state";
	if (n == 0 || n >= sizeof(w))
		return -1;
	for (i = 0; i < n; i++)
		w[i] = s[i] == '-' ? '_' : (char)toupper((unsigned char)s[i]);
	w[n] = '\0';
	all = strcmp(w, "CONNECTED") == 0;
	for (st = CS_ESTABLISHED; st < CS_NSTATES; st++)
		if (all ? st != CS_LISTEN && st != CS_CLOSE :
		    strcmp(w, state_names[st]) == 0)
			tcp |= Q_STATE(st);
	if (tcp == 0)
		return -1;
	q->tcpstates |= tcp;
	/* A UDP socket is ESTABLISHED when connected, else CLOSE. */
	q->udpstates |= all ? Q_STATE(CS_ESTABLISHED) :
	    tcp & (Q_STATE(CS_ESTABLISHED) | Q_STATE(CS_CLOSE));
	return 0;
}

int
query_states(struct query *q, const char *list, const char **bad,
    size_t *badlen)
{
	const char *why;

	if (!q->named) {
		q->tcpstates = q->udpstates = 0;
		q->named = 1;
	}
	return list_each(list, state_item, q, bad, badlen, &why);
}

int
query_connected_only(const struct query *q)
{
	return ((q->tcpstates | q->udpstates) & ~Q_STATE(CS_ESTABLISHED)) == 0;
}

int
query_selected(const struct query *q)
{
	return q->npids > 0 || q->name != NULL || q->has_uid ||
	    q->netns != 0 || q->cgroup != NULL || q->unit != NULL;
}

const char *
conn_unit(const char *cgroup, size_t *len)
{
	const char *end, *start;
	size_t n;

	if (cgroup == NULL)
		return NULL;
	/* From the last component back. */
	for (end = cgroup + strlen(cgroup); end > cgroup; end = start - 1) {
		for (start = end; start > cgroup && start[-1] != '/'; start--)
			;
		n = (size_t)(end - start);
		if ((n > 8 && memcmp(end - 8, ".service", 8) == 0) ||
		    (n > 6 && memcmp(end - 6, ".scope", 6) == 0)) {
			*len = n;
			return start;
		}
		if (start == cgroup)
			break;
	}
	return NULL;
}

int
query_filtered(const struct query *q)
{
	return q->lports.n > 0 || q->rports.n > 0 || q->ports.n > 0 ||
	    q->laddrs.n > 0 || q->raddrs.n > 0 || q->addrs.n > 0;
}

int
query_pid(struct query *q, pid_t pid)
{
	pid_t *v;
	size_t i;

	for (i = 0; i < q->npids; i++)
		if (q->pids[i] == pid)
			return 0;
	if (q->npids >= SIZE_MAX / sizeof(*v) - 1) {
		errno = ENOMEM;
		return -1;
	}
	if ((v = realloc(q->pids, (q->npids + 1) * sizeof(*v))) == NULL)
		return -1;
	q->pids = v;
	q->pids[q->npids++] = pid;
	return 0;
}

void
query_free(struct query *q)
{
	free(q->pids);
	q->pids = NULL;
	q->npids = 0;
	portset_free(&q->lports);
	portset_free(&q->rports);
	portset_free(&q->ports);
	addrset_free(&q->laddrs);
	addrset_free(&q->raddrs);
	addrset_free(&q->addrs);
}

void
conn_init(struct conn *c)
{
	memset(c, 0, sizeof(*c));
	c->pid = -1;
	c->uid = (uid_t)-1;
}

void
conn_free(struct conn *c)
{
	free(c->name);
	free(c->cgroup);
	c->name = c->cgroup = NULL;
}

int
connset_add(struct connset *s, const struct conn *c)
{
	if (mem_push(&s->v, &s->n, &s->cap, sizeof(*c), c) == -1)
		return -1;
	conn_settle(&s->v[s->n - 1]);
	return 0;
}

void
conn_settle(struct conn *v)
{
	/* An unconnected socket's peer is the unspecified address of its
	 * own family, whatever the resolver found to say about it. */
	if (v->raddr.family == 0) {
		memset(v->raddr.b, 0, sizeof(v->raddr.b));
		v->raddr.family = v->laddr.family;
	}
	/* A listener's queues are connections, not bytes: the accept queue
	 * in rqueue (everywhere alike), and no send queue (netlink and ss
	 * put the backlog limit there, /proc/net/tcp 0). */
	if (v->state == CS_LISTEN && v->proto == IPPROTO_TCP)
		v->wqueue = 0;
}

/* Big-endian 32-bit words compared in turn: memcmp's order, without its
 * call, which was half of the sort of 100 000 rows. */
static int
addr_cmp(const struct addr *a, const struct addr *b)
{
	uint32_t x, y;
	size_t i;

	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	for (i = 0; i < (a->family == AF_INET ? 4U : 16U); i += 4) {
		memcpy(&x, a->b + i, 4);
		memcpy(&y, b->b + i, 4);
		if (x != y)
			return ntohl(x) < ntohl(y) ? -1 : 1;
	}
	return 0;
}

#define CMP(a, b)	do {						\
	if ((a) != (b))							\
		return (a) < (b) ? -1 : 1;				\
} while (0)

int
conn_cmp(const void *pa, const void *pb)
{
	const struct conn *a = pa, *b = pb;
	int r;

	CMP(a->pid, b->pid);
	CMP(a->proto, b->proto);
	if ((r = addr_cmp(&a->laddr, &b->laddr)) != 0)
		return r;
	CMP(a->lport, b->lport);
	if ((r = addr_cmp(&a->raddr, &b->raddr)) != 0)
		return r;
	CMP(a->rport, b->rport);
	/* Not in the spec's order, but makes equal keys come out stable. */
	CMP(a->state, b->state);
	CMP(a->inode, b->inode);
	return 0;
}

static int
cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 1 ? 2 : 1;
}

static int
ordered(const struct connset *s)
{
	size_t i;

	for (i = 1; i < s->n; i++)
		if (conn_cmp(&s->v[i - 1], &s->v[i]) > 0)
			return 0;
	return 1;
}

void
connset_sort(struct connset *s, int threads)
{
	/* Below this a second thread costs more than it saves. */
	if (s->n >= 16384 && threads > 1 && connsort2(s->v, s->n) == 0)
		return;
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), conn_cmp);
}

void
connset_select(const struct query *q, struct connset *s)
{
	size_t i, j;

	for (i = j = 0; i < s->n; i++) {
		if (conn_match(q, &s->v[i]))
			s->v[j++] = s->v[i];
		else
			conn_free(&s->v[i]);
	}
	s->n = j;
	if (s->n < 2)
		return;
	/* A resolver may give its rows in order already. */
	if (!ordered(s))
		connset_sort(s, !q->lean ? cpus() : 1);
	/* Rows that differ in nothing conn_cmp sees (a tool prints no inode)
	 * are one socket. */
	for (i = j = 1; i < s->n; i++) {
		if (conn_cmp(&s->v[i], &s->v[j - 1]) == 0)
			conn_free(&s->v[i]);
		else
			s->v[j++] = s->v[i];
	}
	s->n = j;
}

void
connset_free(struct connset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		conn_free(&s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

int
conn_state_ok(const struct query *q, int proto, int state)
{
	if (state < 0 || state >= CS_NSTATES)
		return 0;
	return ((proto == IPPROTO_UDP ? q->udpstates : q->tcpstates) &
	    Q_STATE(state)) != 0;
}

/* Whether path is top or below it, by whole components. */
static int
cgroup_in(const char *path, const char *top)
{
	size_t n = strlen(top);

	if (path == NULL)
		return 0;
	while (n > 1 && top[n - 1] == '/')
		n--;
	if (n == 1 && top[0] == '/')
		return path[0] == '/';
	return strncmp(path, top, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

int
conn_match(const struct query *q, const struct conn *c)
{
	const char *u;
	size_t i, ulen;

	if (c->proto == IPPROTO_TCP) {
		if (!(q->protos & Q_TCP))
			return 0;
	} else if (c->proto == IPPROTO_UDP) {
		if (!(q->protos & Q_UDP))
			return 0;
	} else
		return 0;
	if (c->laddr.family == AF_INET) {
		if (!(q->families & Q_IPV4))
			return 0;
	} else if (c->laddr.family == AF_INET6) {
		if (!(q->families & Q_IPV6))
			return 0;
	} else
		return 0;
	if (!conn_state_ok(q, c->proto, c->state))
		return 0;
	if (q->npids > 0) {
		for (i = 0; i < q->npids; i++)
			if (q->pids[i] == c->pid)
				break;
		if (i == q->npids)
			return 0;
	}
	if ((q->lports.n > 0 && !portset_has(&q->lports, c->lport)) ||
	    (q->rports.n > 0 && !portset_has(&q->rports, c->rport)) ||
	    (q->ports.n > 0 && !portset_has(&q->ports, c->lport) &&
	    !portset_has(&q->ports, c->rport)))
		return 0;
	if ((q->laddrs.n > 0 && !addrset_has(&q->laddrs, &c->laddr)) ||
	    (q->raddrs.n > 0 && !addrset_has(&q->raddrs, &c->raddr)) ||
	    (q->addrs.n > 0 && !addrset_has(&q->addrs, &c->laddr) &&
	    !addrset_has(&q->addrs, &c->raddr)))
		return 0;
	if (q->netns != 0 && c->netns != q->netns)
		return 0;
	if (q->cgroup != NULL && !cgroup_in(c->cgroup, q->cgroup))
		return 0;
	if (q->unit != NULL && ((u = conn_unit(c->cgroup, &ulen)) == NULL ||
	    strlen(q->unit) != ulen || memcmp(u, q->unit, ulen) != 0))
		return 0;
	/* Names are compared as strings, never as patterns. */
	if (q->name != NULL && (c->name == NULL || strcmp(q->name, c->name) != 0))
		return 0;
	if (q->has_uid && (c->uid == (uid_t)-1 || c->uid != q->uid))
		return 0;
	return 1;
}

const char *
conn_state_names(void)
{
	static char list[160];
	size_t n = 0;
	int st;

	for (st = CS_ESTABLISHED; st < CS_NSTATES && n < sizeof(list); st++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s, ",
		    state_names[st]);
	if (n >= 2 && n < sizeof(list))
		snprintf(list + n - 2, sizeof(list) - n + 2, " or connected");
	return list;
}

const char *
conn_state_name(int state)
{
	if (state < 0 || state >= CS_NSTATES)
		return state_names[CS_UNKNOWN];
	return state_names[state];
}
