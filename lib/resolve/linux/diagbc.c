/*
 * The kernel runs the program op by op: a condition jumps `yes` bytes on
 * and `no` bytes on otherwise; running off the end exactly accepts the
 * socket, jumping 4 bytes past it rejects it (net/ipv4/inet_diag.c,
 * inet_diag_bc_run).  Its audit walks the `yes` chain, so every op's `yes`
 * is the next op and only `no` jumps: a list (OR) is its items one after
 * the other, each ending in a JMP past the list, a failed item falling to
 * the next and the last one to the rejection; the lists follow each other
 * (AND).  Written by hand: libmnl and libnl build messages, not this.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "diagbc.h"

#define OP	sizeof(struct inet_diag_bc_op)
#define PORTS	(4 * OP)	/* GE and LE, each with its operand */
#define COND(f)	(OP + sizeof(struct inet_diag_hostcond) + \
		    ((f) == AF_INET ? 4 : 16))

struct prog {
	unsigned char	*v;
	size_t		 len;		/* the whole program's */
	size_t		 at;		/* where the next op goes */
};

static void
op(struct prog *p, int code, size_t yes, size_t target)
{
	struct inet_diag_bc_op o;

	o.code = (unsigned char)code;
	o.yes = (unsigned char)yes;
	o.no = (unsigned short)(target - p->at);
	memcpy(p->v + p->at, &o, sizeof(o));
	p->at += sizeof(o);
}

/* lo <= port <= hi of the source (local) or destination end; fail: the
 * offset to go to when it does not hold. */
static void
ports(struct prog *p, int dst, const unsigned r[2], size_t fail)
{
	struct inet_diag_bc_op arg;

	op(p, dst ? INET_DIAG_BC_D_GE : INET_DIAG_BC_S_GE, 2 * OP, fail);
	memset(&arg, 0, sizeof(arg));
	arg.no = (unsigned short)r[0];
	memcpy(p->v + p->at, &arg, sizeof(arg));
	p->at += OP;
	op(p, dst ? INET_DIAG_BC_D_LE : INET_DIAG_BC_S_LE, 2 * OP, fail);
	arg.no = (unsigned short)r[1];
	memcpy(p->v + p->at, &arg, sizeof(arg));
	p->at += OP;
}

/* The address of one end in a block; an IPv4 block also holds the
 * IPv4-mapped addresses, as the kernel's S_COND has it. */
static void
cond(struct prog *p, int dst, const struct addrblock *b, size_t fail)
{
	struct inet_diag_hostcond hc;
	size_t alen = b->net.family == AF_INET ? 4 : 16;

	op(p, dst ? INET_DIAG_BC_D_COND : INET_DIAG_BC_S_COND,
	    COND(b->net.family), fail);
	memset(&hc, 0, sizeof(hc));
	hc.family = (unsigned char)b->net.family;
	hc.prefix_len = (unsigned char)b->bits;
	hc.port = -1;
	memcpy(p->v + p->at, &hc, sizeof(hc));
	p->at += sizeof(hc);
	memcpy(p->v + p->at, b->net.b, alen);
	p->at += alen;
}

/* What each filter asks of which end: 1 local, 2 remote, 3 either. */
struct group {
	const struct portset *ports;
	const struct addrset *addrs;
	int		 ends;
};

static size_t
item_size(const struct group *g, size_t i)
{
	size_t one = g->ports != NULL ? PORTS :
	    COND(g->addrs->v[i].net.family);

	return (g->ends == 3 ? 2 : 1) * (one + OP);
}

static size_t
group_size(const struct group *g)
{
	size_t i, n = g->ports != NULL ? g->ports->n : g->addrs->n, sz = 0;

	for (i = 0; i < n; i++)
		sz += item_size(g, i);
	return sz;
}

static void
group(struct prog *p, const struct group *g)
{
	size_t i, n = g->ports != NULL ? g->ports->n : g->addrs->n;
	size_t end = p->at + group_size(g), next, alt;
	int e;

	for (i = 0; i < n; i++) {
		next = i + 1 < n ? p->at + item_size(g, i) : p->len + 4;
		for (e = 0; e < 2; e++) {
			if (!(g->ends & (1 << e)))
				continue;
			/* Either end: the local test failing tries the
			 * remote one. */
			alt = g->ends == 3 && e == 0 ?
			    p->at + item_size(g, i) / 2 : next;
			if (g->ports != NULL)
				ports(p, e, g->ports->v[i], alt);
			else
				cond(p, e, &g->addrs->v[i], alt);
			op(p, INET_DIAG_BC_JMP, OP, end);
		}
	}
}

int
diagbc_compile(const struct query *q, unsigned char **bc, size_t *len)
{
	struct group gs[6] = {
		{ &q->lports, NULL, 1 }, { &q->rports, NULL, 2 },
		{ &q->ports, NULL, 3 }, { NULL, &q->laddrs, 1 },
		{ NULL, &q->raddrs, 2 }, { NULL, &q->addrs, 3 },
	};
	struct prog p;
	size_t i, n = 0;

	*bc = NULL;
	*len = 0;
	for (i = 0; i < 6; i++) {
		if ((gs[i].ports != NULL ? gs[i].ports->n : gs[i].addrs->n) ==
		    0)
			continue;
		gs[n++] = gs[i];
	}
	if (n == 0)
		return 0;
	memset(&p, 0, sizeof(p));
	for (i = 0; i < n; i++)
		p.len += group_size(&gs[i]);
	/* A `no` jump is 16 bits and may reach 4 bytes past the end. */
	if (p.len + 4 > 0xffff) {
		errno = E2BIG;
		return -1;
	}
	if ((p.v = malloc(p.len)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		group(&p, &gs[i]);
	*bc = p.v;
	*len = p.len;
	return 0;
}
