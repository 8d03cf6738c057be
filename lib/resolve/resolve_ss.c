/*
 * ss(8) from iproute2: `ss -nptu`, with -l or -a `ss -nptua`.
 *
 *	Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process
 *	tcp   ESTAB  0      0      127.0.0.1:43321    127.0.0.1:47702   users:(("tor",pid=15843,fd=9))
 *	udp   UNCONN 0      0      [::1]%lo:58075     [::]:*            users:(("a b",pid=1,fd=3),("c",pid=2,fd=3))
 *
 * Old versions write users:(("tor",15843,9)) and `*:22`.  A socket held
 * by several processes is a row for each.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmdres.h"
#include "compat.h"
#include "conn.h"
#include "num.h"
#include "resolver.h"
#include "command.h"

/* A process of the Process field. */
struct ssuser {
	const char	*name;
	size_t		 namelen;
	pid_t		 pid;
};

struct ss {
	struct cmdres	 cr;
	struct ssuser	*users;		/* this line's */
	size_t		 nusers;
	size_t		 capusers;
	/* A process name may hold a newline, which ss prints as it is: a
	 * line whose Process field does not end waits for the next. */
	struct buf	 pend;
	size_t		 njoined;
};

/* comm holds at most 15 bytes, so at most 15 newlines. */
#define SS_MAXJOIN	15

/* Netids ss prints for what is not TCP or UDP: skipped. */
static const char *const others[] = {
	"u_str", "u_dgr", "u_seq", "nl", "p_raw", "p_dgr", "raw", "v_str",
	"v_dgr", "v_seq", "xdp", "mptcp", "sctp", "tipc", "icmp6", "udpl",
	"dccp", NULL
};

/* A decimal number at *p (after an optional "key="), ending where it ends. */
static int
number(const char **p, const char *end, const char *key, long long *v)
{
	const char *s = *p, *e, *errstr;
	size_t klen = strlen(key);

	if ((size_t)(end - s) > klen && memcmp(s, key, klen) == 0)
		s += klen;
	for (e = s; e < end && *e >= '0' && *e <= '9'; e++)
		;
	*v = num_parsen(s, (size_t)(e - s), 0, 0x7fffffff, &errstr);
	if (errstr != NULL)
		return -1;
	*p = e;
	return 0;
}

/*
 * One ("NAME",pid=N,fd=M) or ("NAME",N,M) at *p.  The name may hold
 * quotes, commas and parentheses, so it ends at the first `",` that a pid
 * and an fd follow.
 */
static int
user(const char **p, const char *end, const char **name, size_t *namelen,
    pid_t *pid)
{
	const char *s = *p, *q, *r;
	long long v, fd;

	if (end - s < 2 || s[0] != '(' || s[1] != '"')
		return -1;
	*name = s + 2;
	for (q = s + 2; q < end; q++) {
		if (q[0] != '"' || q + 1 >= end || q[1] != ',')
			continue;
		r = q + 2;
		if (number(&r, end, "pid=", &v) == -1 || r >= end ||
		    *r != ',')
			continue;
		r++;
		if (number(&r, end, "fd=", &fd) == -1 || r >= end ||
		    *r != ')')
			continue;
		*namelen = (size_t)(q - *name);
		*pid = (pid_t)v;
		*p = r + 1;
		return 0;
	}
	return -1;
}

static int
adduser(struct ss *st, const char *name, size_t namelen, pid_t pid)
{
	struct ssuser *v;

	if (st->nusers == st->capusers) {
		if ((v = reallocarray(st->users, st->capusers + 8,
		    sizeof(*v))) == NULL)
			return -1;
		st->users = v;
		st->capusers += 8;
	}
	v = &st->users[st->nusers++];
	v->name = name;
	v->namelen = namelen;
	v->pid = pid;
	return 0;
}

/* The Local and Peer fields, f[4] and f[5], into c. */
static int
hostports(const char *const f[6], const size_t fl[6], struct conn *c)
{
	if (cmdres_hostport(f[4], fl[4], 0, &c->laddr, &c->lport) == -1 ||
	    cmdres_hostport(f[5], fl[5], c->laddr.family, &c->raddr,
	    &c->rport) == -1)
		return -1;
	/* Old ss: `*:22` beside an IPv6 peer. */
	if (f[4][0] == '*' && c->raddr.family != c->laddr.family)
		c->laddr.family = c->raddr.family;
	return 0;
}

/* 0 parsed, -1 not ss output, 1 the Process field does not end on this
 * line, -2 an error recorded (ENOMEM). */
static int
parse(struct ss *st, const char *s, size_t len)
{
	struct cmdres *cr = &st->cr;
	const char *p = s, *end = s + len, *f[6], *name, *u;
	size_t fl[6], namelen, i, j;
	struct conn c;
	int proto, parsed = 0;
	long long q;
	pid_t pid;

	if ((f[0] = cmdres_field(&p, end, &fl[0])) == NULL)
		return 0;
	if (cmdres_is(f[0], fl[0], "Netid") || cmdres_is(f[0], fl[0], "State"))
		return 0;		/* the header */
	if (cmdres_is(f[0], fl[0], "tcp"))
		proto = IPPROTO_TCP;
	else if (cmdres_is(f[0], fl[0], "udp"))
		proto = IPPROTO_UDP;
	else {
		for (i = 0; others[i] != NULL; i++)
			if (cmdres_is(f[0], fl[0], others[i]))
				return 0;
		return -1;
	}
	for (i = 1; i < 6; i++)
		if ((f[i] = cmdres_field(&p, end, &fl[i])) == NULL)
			return -1;
	conn_init(&c);
	c.proto = proto;
	if ((c.state = cmdres_state(f[1], fl[1])) == -1)
		return -1;
	/* Recv-Q and Send-Q. */
	for (i = 2; i < 4; i++) {
		u = f[i];
		if (number(&u, f[i] + fl[i], "", &q) == -1 ||
		    u != f[i] + fl[i])
			return -1;
		*(i == 2 ? &c.rqueue : &c.wqueue) = (uint32_t)q;
	}
	c.known |= CK_QUEUES;
	cmdres_trim(&p, &end);
	/* No process we may see holds it. */
	if (p == end) {
		if (!cr->q->unowned)
			return 0;
		if (hostports(f, fl, &c) == -1)
			return -1;
		return cmdres_add_named(cr, &c, NULL, 0);
	}
	if (end - p < 7 || memcmp(p, "users:(", 7) != 0)
		return -1;
	p += 7;
	/* Every process first, then the rows, so that a line waiting for
	 * its end adds nothing twice. */
	st->nusers = 0;
	for (;;) {
		if (user(&p, end, &name, &namelen, &pid) == -1)
			return 1;
		if (adduser(st, name, namelen, pid) == -1)
			return cmdres_nomem(cr), -2;
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p + 1 == end && *p == ')')
			break;
		return 1;
	}
	for (i = 0; i < st->nusers; i++) {
		pid = st->users[i].pid;
		for (j = 0; j < i && st->users[j].pid != pid; j++)
			;
		if (j < i || !cmdres_want(cr, pid))
			continue;
		if (!parsed && hostports(f, fl, &c) == -1)
			return -1;
		parsed = 1;
		c.pid = pid;
		c.name = NULL;
		if (cmdres_add_named(cr, &c, st->users[i].name,
		    st->users[i].namelen) == -1)
			return -2;
	}
	return 0;
}

static int
line(void *arg, char *s, size_t len)
{
	struct ss *st = arg;
	struct cmdres *cr = &st->cr;
	int r;

	if (st->pend.len > 0) {
		if (buf_addc(&st->pend, '\n') == -1 ||
		    buf_add(&st->pend, s, len) == -1)
			return cmdres_nomem(cr);
		s = st->pend.data;
		len = st->pend.len;
	}
	r = parse(st, s, len);
	if (r == 1 && st->njoined < SS_MAXJOIN) {
		if (st->pend.len == 0 && buf_add(&st->pend, s, len) == -1)
			return cmdres_nomem(cr);
		st->njoined++;
		return 0;
	}
	/* A record that went on over several lines is named by its first. */
	cr->lineno -= st->njoined;
	if (r == 1 || r == -1)
		return cmdres_bad(cr, s, len);
	cr->lineno += st->njoined;
	buf_reset(&st->pend);
	st->njoined = 0;
	return r == 0 ? 0 : -1;
}

/* After the last line: a record still waiting for its end is bad. */
static int
tail(void *arg)
{
	struct ss *st = arg;

	if (st->pend.len == 0)
		return 0;
	st->cr.lineno -= st->njoined - 1;
	return cmdres_bad(&st->cr, st->pend.data, st->pend.len);
}

static int
run(const struct query *q, struct result *res)
{
	static const char *const conn_argv[] = { "ss", "-nptu", NULL };
	static const char *const all_argv[] = { "ss", "-nptua", NULL };
	struct ss st;
	int r;

	memset(&st, 0, sizeof(st));
	r = cmdres_once(&st.cr, "ss", q, res, 0, conn_argv, all_argv, line,
	    tail, &st);
	free(st.users);
	buf_free(&st.pend);
	return r;
}

const struct resolver resolve_ss = {
	"ss", "ss", SYS_LINUX, NULL, run, 1, NULL
};
