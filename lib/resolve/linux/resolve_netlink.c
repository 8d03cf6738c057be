/*
 * netlink: the kernel's socket tables through sock_diag (NETLINK_SOCK_DIAG,
 * inet_diag for TCP and UDP, IPv4 and IPv6), in each selected process's
 * network namespace, joined to the processes by the socket inodes in
 * /proc/PID/fd.
 *
 * A namespace holding few selected sockets is asked about each of them by
 * its addresses (learnt through pidfd_getfd(2) and getsockname(2)), so the
 * cost follows the target's sockets, not the machine's; otherwise, or when
 * that is not permitted, it is dumped whole, filtered by state in the
 * kernel.  A namespace the caller may not enter (setns needs CAP_SYS_ADMIN)
 * is read through that process's /proc/PID/net view.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "diagbc.h"
#include "owner.h"
#include "proc.h"
#include "procnet.h"
#include "resolver.h"

/* At most this many sockets are looked up one by one; more are dumped. */
#define LOOKUP_MAX	256

/* The socket of the namespace last asked about, kept across scans. */
static int nlfd = -1;
static ino_t nlns;
/* Per thread: a prefetching thread (below) asks on a socket of its own. */
static _Thread_local unsigned seq;

static int
nl_socket(void)
{
	return socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
	    NETLINK_SOCK_DIAG);
}

/* It finds owners through /proc/PID/fd: without a /proc it cannot. */
static int
usable(void)
{
	int fd;

	if (!proc_has("self/fd"))
		return 0;
	if ((fd = nl_socket()) == -1)
		return 0;
	close(fd);
	return 1;
}

/*
 * A sock_diag socket in the network namespace of pid: a socket belongs to
 * the namespace it was made in, so enter it, make one, and come back.
 * setns(2) moves only the calling thread, and conns has one.  -1 with
 * errno; EPERM when the namespace may not be entered.
 */
static int
nl_open(pid_t pid)
{
	struct stat st;
	ino_t ns;
	int fd, nsfd, self, saved;

	if (proc_netns(pid, &ns) == -1)
		return -1;
	if (nlfd != -1 && nlns == ns)
		return nlfd;
	if (nlfd != -1) {
		close(nlfd);
		nlfd = -1;
	}
	if ((self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(self, &st) == -1)
		goto fail;
	if (st.st_ino == ns) {
		close(self);
		if ((fd = nl_socket()) == -1)
			return -1;
		nlfd = fd, nlns = ns;
		return fd;
	}
	if ((nsfd = proc_netns_open(pid)) == -1)
		goto fail;
	if (setns(nsfd, CLONE_NEWNET) == -1) {
		saved = errno;
		close(nsfd);
		close(self);
		errno = saved;
		return -1;
	}
	close(nsfd);
	fd = nl_socket();
	saved = errno;
	/* Coming back cannot fail for a namespace we were in; if it did,
	 * every later answer would be wrong, so stop here. */
	if (setns(self, CLONE_NEWNET) == -1)
		abort();
	close(self);
	if (fd == -1) {
		errno = saved;
		return -1;
	}
	nlfd = fd, nlns = ns;
	return fd;
fail:
	saved = errno;
	close(self);
	errno = saved;
	return -1;
}

/* The bytecode of the query being dumped (diagbc.c), or NULL; read by
 * the prefetching thread too, so set before it starts. */
static unsigned char *bc;
static size_t bclen;

/* What a request asks beyond family and protocol. */
struct ask {
	unsigned		 states;
	unsigned char		 ext;	/* idiag_ext: the INET_DIAG_INFO bit */
	const unsigned char	*bc;	/* a dump's bytecode, or NULL */
	size_t			 bclen;
};

/* Sends a request whose body follows nlh, len bytes in all, then a dump's
 * bytecode as its INET_DIAG_REQ_BYTECODE attribute. */
static int
nl_request(int fd, struct nlmsghdr *nlh, size_t len, int type, int flags,
    const struct ask *ask)
{
	struct sockaddr_nl sa;
	struct nlattr nla;
	struct iovec iov[3];
	struct msghdr mh;
	int n = 1;

	iov[0].iov_base = nlh;
	iov[0].iov_len = len;
	if ((flags & NLM_F_DUMP) && ask != NULL && ask->bc != NULL) {
		nla.nla_len = (unsigned short)(NLA_HDRLEN + ask->bclen);
		nla.nla_type = INET_DIAG_REQ_BYTECODE;
		iov[1].iov_base = &nla;
		iov[1].iov_len = NLA_HDRLEN;
		iov[2].iov_base = (void *)(uintptr_t)ask->bc;
		iov[2].iov_len = ask->bclen;
		len += NLA_HDRLEN + ask->bclen;
		n = 3;
	}
	nlh->nlmsg_len = (unsigned)len;
	nlh->nlmsg_type = (unsigned short)type;
	nlh->nlmsg_flags = (unsigned short)(NLM_F_REQUEST | flags);
	nlh->nlmsg_seq = ++seq;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	memset(&mh, 0, sizeof(mh));
	mh.msg_name = &sa;
	mh.msg_namelen = sizeof(sa);
	mh.msg_iov = iov;
	mh.msg_iovlen = (size_t)n;
	return sendmsg(fd, &mh, 0) == -1 ? -1 : 0;
}

/*
 * The older request (TCPDIAG_GETSOCK) dumps TCP of both families in one
 * walk of the kernel's tables, where the newer one walks them once a
 * family.
 */
static int
nl_send_tcp46(int fd, const struct ask *ask)
{
	struct {
		struct nlmsghdr		nlh;
		struct inet_diag_req	r;
	} req;

	memset(&req, 0, sizeof(req));
	req.r.idiag_family = AF_INET;
	req.r.idiag_states = ask->states;
	req.r.idiag_ext = ask->ext;
	return nl_request(fd, &req.nlh, sizeof(req), TCPDIAG_GETSOCK,
	    NLM_F_DUMP, ask);
}

static int
nl_send(int fd, int flags, int proto, int family, const struct ask *ask,
    const struct inet_diag_sockid *id)
{
	struct {
		struct nlmsghdr		nlh;
		struct inet_diag_req_v2	r;
	} req;

	memset(&req, 0, sizeof(req));
	req.r.sdiag_family = (unsigned char)family;
	req.r.sdiag_protocol = (unsigned char)proto;
	req.r.idiag_states = ask->states;
	req.r.idiag_ext = ask->ext;
	if (id != NULL)
		req.r.id = *id;
	return nl_request(fd, &req.nlh, sizeof(req), SOCK_DIAG_BY_FAMILY,
	    flags, ask);
}

/* What the query asks of the kernel for sockets of proto. */
static void
asking(const struct query *q, int proto, struct ask *ask, int dump)
{
	memset(ask, 0, sizeof(*ask));
	ask->states = owner_states(q, proto);
	if (proto == IPPROTO_TCP && (q->want & Q_W_INFO))
		ask->ext = 1 << (INET_DIAG_INFO - 1);
	if (dump) {
		ask->bc = bc;
		ask->bclen = bclen;
	}
}

/* What tcp_info says a connection is doing. */
static void
tcpinfo(const struct tcp_info *ti, size_t len, struct conn *c)
{
	/* Older kernels send less: the figures we show end here. */
	if (len < offsetof(struct tcp_info, tcpi_bytes_received) +
	    sizeof(ti->tcpi_bytes_received))
		return;
	c->known |= CK_INFO;
	c->rtt = ti->tcpi_rtt;
	c->rttvar = ti->tcpi_rttvar;
	c->retrans = ti->tcpi_total_retrans;
	/* Adjusted by sent_adjust: it counts the SYN of the end that
	 * connected, and a FIN once acknowledged. */
	c->sent = ti->tcpi_bytes_acked;
	c->received = ti->tcpi_bytes_received;
	/* bytes_received counts the peer's FIN too, once it came. */
	if ((c->state == CS_CLOSE_WAIT || c->state == CS_LAST_ACK ||
	    c->state == CS_CLOSING) && c->received > 0)
		c->received--;
	c->idle = ti->tcpi_last_data_sent < ti->tcpi_last_data_recv ?
	    ti->tcpi_last_data_sent : ti->tcpi_last_data_recv;
}

/* A row from an inet_diag message and its attributes. */
static void
to_conn(const struct nlmsghdr *h, int proto, struct conn *c)
{
	const struct inet_diag_msg *m = NLMSG_DATA(h);
	const struct rtattr *a;
	size_t n = m->idiag_family == AF_INET ? 4 : 16;
	struct tcp_info ti;
	int rem;

	conn_init(c);
	c->proto = proto;
	c->state = m->idiag_state;
	c->inode = m->idiag_inode;
	c->uid = m->idiag_uid;
	c->cookie = (uint64_t)m->id.idiag_cookie[1] << 32 |
	    m->id.idiag_cookie[0];
	c->laddr.family = c->raddr.family = m->idiag_family;
	memcpy(c->laddr.b, m->id.idiag_src, n);
	memcpy(c->raddr.b, m->id.idiag_dst, n);
	c->lport = ntohs(m->id.idiag_sport);
	c->rport = ntohs(m->id.idiag_dport);
	c->rqueue = m->idiag_rqueue;
	c->wqueue = m->idiag_wqueue;
	c->known |= CK_QUEUES;
	rem = (int)h->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*m));
	for (a = (const void *)(m + 1); RTA_OK(a, rem); a = RTA_NEXT(a, rem))
		if (a->rta_type == INET_DIAG_INFO && proto == IPPROTO_TCP) {
			memset(&ti, 0, sizeof(ti));
			n = RTA_PAYLOAD(a) < sizeof(ti) ? RTA_PAYLOAD(a) :
			    sizeof(ti);
			memcpy(&ti, RTA_DATA(a), n);
			tcpinfo(&ti, n, c);
		}
}

/*
 * Reads the answers to the last request, calling fn for each message.
 * 0 at the end of a dump, after the one answer to a lookup, or at the
 * kernel's acknowledgement of a request sent with NLM_F_ACK (fn NULL); -1
 * with errno on an error or when fn returns -1.
 */
static int
nl_recv(int fd, int dump, int (*fn)(void *, const struct nlmsghdr *),
    void *arg)
{
	union {
		char		buf[1 << 16];
		struct nlmsghdr	align;
	} u;
	struct nlmsghdr *h;
	struct nlmsgerr *e;
	ssize_t n;
	int len;

	for (;;) {
		if ((n = recv(fd, u.buf, sizeof(u.buf), 0)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		len = (int)n;
		for (h = &u.align; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				e = NLMSG_DATA(h);
				if (e->error == 0)
					return 0;
				errno = -e->error;
				return -1;
			}
			if ((h->nlmsg_type != SOCK_DIAG_BY_FAMILY &&
			    h->nlmsg_type != TCPDIAG_GETSOCK) ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(struct
			    inet_diag_msg)))
				continue;
			if (fn(arg, h) == -1)
				return -1;
			if (!dump)
				return 0;
		}
	}
}

/*
 * The listening TCP sockets of the namespace being scanned, when the
 * query asks for `sent`: an end whose local port one of them listens on
 * accepted its connection (main thread only).
 */
static struct listener {
	struct addr	 a;
	unsigned	 port;
} *lis;
static size_t nlis;

static int
listened(void *arg, const struct nlmsghdr *h)
{
	struct listener *v;
	struct conn c;

	(void)arg;
	to_conn(h, IPPROTO_TCP, &c);
	if ((v = realloc(lis, (nlis + 1) * sizeof(*v))) == NULL)
		return -1;
	lis = v;
	lis[nlis].a = c.laddr;
	lis[nlis].port = c.lport;
	nlis++;
	return 0;
}

static int
listeners(int fd, const struct query *q)
{
	struct ask ask;

	nlis = 0;
	if (!(q->want & Q_W_INFO) || !(q->protos & Q_TCP))
		return 0;
	memset(&ask, 0, sizeof(ask));
	ask.states = 1U << CS_LISTEN;
	return nl_send_tcp46(fd, &ask) == -1 ||
	    nl_recv(fd, 1, listened, NULL) == -1 ? -1 : 0;
}

static void
sent_adjust(struct conn *c)
{
	static const unsigned char any[16];
	size_t i, n;

	if (!(c->known & CK_INFO))
		return;
	n = c->laddr.family == AF_INET ? 4 : 16;
	for (i = 0; i < nlis; i++)
		if (lis[i].port == c->lport &&
		    (memcmp(lis[i].a.b, any, lis[i].a.family == AF_INET ?
		    4 : 16) == 0 || (lis[i].a.family == c->laddr.family &&
		    memcmp(lis[i].a.b, c->laddr.b, n) == 0)))
			break;
	if (i == nlis && c->sent > 0)
		c->sent--;		/* it connected: its SYN */
	if (c->state == CS_FIN_WAIT2 && c->sent > 0)
		c->sent--;		/* its FIN, acknowledged */
}

struct dumping {
	int		 proto;
	int		 adjust;	/* sent_adjust here (main thread) */
	owner_emit	 emit;
	void		*arg;
};

static int
dumped(void *arg, const struct nlmsghdr *h)
{
	struct dumping *d = arg;
	struct conn c;

	to_conn(h, d->proto, &c);
	if (d->adjust)
		sent_adjust(&c);
	return d->emit(d->arg, &c);
}

static const int protos[] = { IPPROTO_TCP, IPPROTO_UDP };
static const int families[] = { AF_INET, AF_INET6 };

static int
dump(int fd, const struct query *q, owner_emit emit, void *arg, int adjust)
{
	struct dumping d;
	struct ask ask;
	int i, j;

	d.emit = emit;
	d.arg = arg;
	d.adjust = adjust;
	for (i = 0; i < 2; i++) {
		if (!(q->protos & (i == 0 ? Q_TCP : Q_UDP)))
			continue;
		d.proto = protos[i];
		asking(q, protos[i], &ask, 1);
		if (protos[i] == IPPROTO_TCP &&
		    (q->families & (Q_IPV4 | Q_IPV6)) == (Q_IPV4 | Q_IPV6)) {
			if (nl_send_tcp46(fd, &ask) == -1 ||
			    nl_recv(fd, 1, dumped, &d) == -1)
				return -1;
			continue;
		}
		for (j = 0; j < 2; j++) {
			if (!(q->families & (j == 0 ? Q_IPV4 : Q_IPV6)))
				continue;
			if (nl_send(fd, NLM_F_DUMP, protos[i], families[j],
			    &ask, NULL) == -1 ||
			    nl_recv(fd, 1, dumped, &d) == -1)
				return -1;
		}
	}
	return 0;
}

/* A socket to look up: what getsockname and getpeername say of it. */
struct probe {
	int			 proto;
	int			 family;
	unsigned long		 inode;
	struct inet_diag_sockid	 id;
};

struct probing {
	const struct query *q;
	struct probe	*v;
	size_t		 n;
	pid_t		 pid;		/* whose pidfd is open */
	unsigned long	 last;		/* the inode probed last */
	int		 pidfd;
};

/* The address and port of a socket address into an inet_diag_sockid. */
static void
endpoint(const struct sockaddr_storage *ss, __be32 *addr, __be16 *port,
    __u32 *ifindex)
{
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)ss;

		memcpy(addr, &sin->sin_addr, 4);
		*port = sin->sin_port;
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)ss;

		memcpy(addr, &sin6->sin6_addr, 16);
		*port = sin6->sin6_port;
		if (sin6->sin6_scope_id != 0)
			*ifindex = sin6->sin6_scope_id;
	}
}

/*
 * Learns the addresses of one socket of pid through a copy of its
 * descriptor.  0 (a socket that is not TCP or UDP, or is gone, is left
 * out), -1 when the descriptor cannot be had: the caller dumps instead.
 */
static int
probe(void *arg, pid_t pid, int fd, unsigned long inode)
{
	struct probing *p = arg;
	struct sockaddr_storage ss;
	struct probe one, *pr, *v;
	struct stat st;
	socklen_t len;
	__be16 lport = 0, rport = 0;
	int sfd, domain, proto, r = 0;

	/* A socket several processes share is looked up once; its row for
	 * each of them comes with it. */
	if (inode == p->last)
		return 0;
	p->last = inode;
	if (p->pid != pid) {
		if (p->pidfd != -1)
			close(p->pidfd);
		p->pid = pid;
		if ((p->pidfd = (int)syscall(SYS_pidfd_open, pid, 0)) == -1)
			return -1;
	}
	if ((sfd = (int)syscall(SYS_pidfd_getfd, p->pidfd, fd, 0)) == -1)
		return errno == EBADF ? 0 : -1;
	/* The descriptor may hold another file by now. */
	len = sizeof(domain);
	if (fstat(sfd, &st) == -1 || st.st_ino != inode ||
	    getsockopt(sfd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == -1)
		goto out;
	len = sizeof(proto);
	if ((domain != AF_INET && domain != AF_INET6) ||
	    getsockopt(sfd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) == -1 ||
	    (proto != IPPROTO_TCP && proto != IPPROTO_UDP))
		goto out;
	if (!(p->q->protos & (proto == IPPROTO_TCP ? Q_TCP : Q_UDP)) ||
	    !(p->q->families & (domain == AF_INET ? Q_IPV4 : Q_IPV6)))
		goto out;
	memset(&one, 0, sizeof(one));
	pr = &one;
	pr->proto = proto;
	pr->family = domain;
	pr->inode = inode;
	pr->id.idiag_cookie[0] = pr->id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
	len = sizeof(ss);
	if (getsockname(sfd, (struct sockaddr *)&ss, &len) == -1)
		goto out;
	/* sock_diag finds a UDP socket as it finds the receiver of a
	 * datagram: the peer as source, the socket as destination. */
	endpoint(&ss, proto == IPPROTO_UDP ? pr->id.idiag_dst :
	    pr->id.idiag_src, &lport, &pr->id.idiag_if);
	len = sizeof(ss);
	if (getpeername(sfd, (struct sockaddr *)&ss, &len) == 0)
		endpoint(&ss, proto == IPPROTO_UDP ? pr->id.idiag_src :
		    pr->id.idiag_dst, &rport, &pr->id.idiag_if);
	/* Unbound: in no table, so in no dump either. */
	if (lport == 0)
		goto out;
	pr->id.idiag_sport = proto == IPPROTO_UDP ? rport : lport;
	pr->id.idiag_dport = proto == IPPROTO_UDP ? lport : rport;
	if ((v = reallocarray(p->v, p->n + 1, sizeof(*v))) == NULL)
		r = -1;
	else {
		p->v = v;
		p->v[p->n++] = one;
	}
out:
	close(sfd);
	return r;
}

struct looking {
	const struct probe *pr;
	struct conn	 c;
	int		 found;
};

static int
looked(void *arg, const struct nlmsghdr *h)
{
	struct looking *l = arg;

	to_conn(h, l->pr->proto, &l->c);
	l->found = l->c.inode == l->pr->inode;
	return 0;
}

/*
 * Looks each socket of the namespace up by its addresses.  0 when every
 * one was found; -1 when one was not or could not be learnt (closed
 * meanwhile, a SO_REUSEPORT sibling answering, no permission), and the
 * caller dumps the tables instead, so the answer is a dump's either way.
 */
static int
lookup(int fd, const struct query *q, owner_emit emit, void *arg)
{
	struct probing p;
	struct looking l;
	struct ask ask;
	struct conn *rows = NULL;
	size_t i;
	int r = -1;

	memset(&p, 0, sizeof(p));
	p.q = q;
	p.pid = -1;
	p.pidfd = -1;
	if (owner_each(arg, probe, &p) != 0)
		goto out;
	if (p.n > 0 && (rows = reallocarray(NULL, p.n, sizeof(*rows))) == NULL)
		goto out;
	/* Nothing is emitted before every socket has been found. */
	for (i = 0; i < p.n; i++) {
		l.pr = &p.v[i];
		l.found = 0;
		asking(q, l.pr->proto, &ask, 0);
		ask.states = 0;
		if (nl_send(fd, 0, l.pr->proto, l.pr->family, &ask,
		    &l.pr->id) == -1 || nl_recv(fd, 0, looked, &l) == -1)
			goto out;
		if (!l.found) {
			errno = ENOENT;
			goto out;
		}
		sent_adjust(&l.c);
		rows[i] = l.c;
	}
	for (i = 0; i < p.n; i++)
		if (owner_states(q, rows[i].proto) & 1U << rows[i].state &&
		    emit(arg, &rows[i]) == -1)
			goto out;
	r = 0;
out:
	if (p.pidfd != -1)
		close(p.pidfd);
	free(p.v);
	free(rows);
	return r;
}

/*
 * A dump begun in a second thread before the processes' descriptors are
 * walked, so that the kernel's walk of its tables and ours of /proc/PID/fd
 * overlap; scan takes its rows when it reaches that namespace.  Begun
 * only where a dump is all but sure: the whole machine, or selected
 * processes holding more descriptors than LOOKUP_MAX (st_size of
 * /proc/PID/fd, since Linux 6.2; 0 before, and then nothing is begun).
 */
static struct prefetch {
	pthread_t	 thread;
	int		 running;
	pid_t		 pid;		/* of the namespace dumped */
	ino_t		 ns;
	const struct query *q;
	off_t		 fds;		/* descriptors of the one process
					   selected, or 0 */
	atomic_int	 walked;	/* the walk is over: no sort here */
	struct connset	 rows;
	int		 err;		/* errno when the dump failed */
} pf;

static int
keep(void *arg, const struct conn *c)
{
	return connset_add(&((struct prefetch *)arg)->rows, c);
}

static void *
prefetch_main(void *arg)
{
	struct prefetch *p = arg;
	int fd, self;

	/* setns moves this thread alone, which ends here. */
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self == -1) {
		p->err = errno;
		return NULL;
	}
	if (p->pid != getpid()) {
		if ((fd = proc_netns_open(p->pid)) == -1 ||
		    setns(fd, CLONE_NEWNET) == -1) {
			p->err = errno;
			if (fd != -1)
				close(fd);
			close(self);
			return NULL;
		}
		close(fd);
	}
	close(self);
	if ((fd = nl_socket()) == -1) {
		p->err = errno;
		return NULL;
	}
	if (dump(fd, p->q, keep, p, 0) == -1)
		p->err = errno;
	close(fd);
	/*
	 * The rows of one process are in the order of its pid alone, and
	 * its walk of /proc/PID/fd, which two threads cannot speed up much
	 * (they contend for the process in the kernel), often outlasts the
	 * dump: they are sorted here, meanwhile, when most of them are its
	 * own and the walk is still going on (else it would wait for this).
	 */
	if (p->err == 0 && p->fds > 0 && p->rows.n <= 2 * (size_t)p->fds &&
	    !atomic_load(&p->walked))
		connset_sort(&p->rows, 1);
	return NULL;
}

static void
prefetch(const struct query *q)
{
	struct stat st;
	char path[32];
	off_t fds = 0;
	size_t i;
	pid_t pid;

	if (q->npids > 0) {
		for (i = 0; i < q->npids; i++) {
			snprintf(path, sizeof(path), "%ld/fd",
			    (long)q->pids[i]);
			if (proc_stat(path, &st) == 0)
				fds += st.st_size;
		}
		if (fds <= LOOKUP_MAX)
			return;
		pid = q->pids[0];
		if (q->npids > 1)
			fds = 0;
	} else if (q->name == NULL && !q->has_uid)
		pid = getpid();
	else
		return;
	memset(&pf, 0, sizeof(pf));
	atomic_init(&pf.walked, 0);
	pf.pid = pid;
	pf.q = q;
	pf.fds = fds;
	if (proc_netns(pid, &pf.ns) == -1)
		return;
	if (pthread_create(&pf.thread, NULL, prefetch_main, &pf) == 0)
		pf.running = 1;
}

/* Waits for the prefetching thread; 1 when its rows are those of ns. */
static int
prefetched(ino_t ns)
{
	if (!pf.running)
		return 0;
	atomic_store(&pf.walked, 1);
	pthread_join(pf.thread, NULL);
	pf.running = 0;
	if (pf.err == 0 && pf.ns == ns)
		return 1;
	connset_free(&pf.rows);
	return 0;
}

static int
scan(pid_t pid, const struct query *q, owner_emit emit, void *arg)
{
	ino_t ns;
	size_t i;
	int fd, r = 0;

	if ((fd = nl_open(pid)) == -1) {
		if (errno == EPERM || errno == EACCES)
			return procnet_scan(pid, q, emit, arg);
		return -1;
	}
	if (listeners(fd, q) == -1)
		return -1;
	if (pf.running && proc_netns(pid, &ns) == 0 && ns == pf.ns &&
	    prefetched(ns)) {
		for (i = 0; i < pf.rows.n; i++)
			sent_adjust(&pf.rows.v[i]);
		r = owner_adopt(arg, &pf.rows);
		connset_free(&pf.rows);
		return r;
	}
	/* --unowned needs every socket of the namespace: a dump; so does a
	 * kept walk, to show a socket opened since. */
	if (!q->unowned && !owner_kept(arg) && owner_count(arg) <= LOOKUP_MAX) {
		if (lookup(fd, q, emit, arg) == 0)
			return 0;
		if (errno == ENOMEM)
			return -1;
	}
	return dump(fd, q, emit, arg, 1);
}

static int
run(const struct query *q, struct result *res)
{
	int r;

	/* Too long a filter for the bytecode's jumps is judged in user
	 * space alone. */
	if (diagbc_compile(q, &bc, &bclen) == -1 && errno != E2BIG)
		return result_error(res, RE_SYS, "netlink: %s",
		    strerror(errno)), -1;
	r = owner_run(q, res, prefetch, scan);
	/* A namespace no scan reached (its processes gone meanwhile). */
	prefetched(0);
	if (nlfd != -1) {
		close(nlfd);
		nlfd = -1;
	}
	free(bc);
	bc = NULL;
	free(lis);
	lis = NULL;
	nlis = 0;
	return r;
}

/* Closes one TCP socket as ss -K does (SOCK_DESTROY), named by its
 * addresses and, where known, its cookie. */
static int
destroy(const struct conn *c)
{
	struct {
		struct nlmsghdr		nlh;
		struct inet_diag_req_v2	r;
	} req;
	size_t n = c->laddr.family == AF_INET ? 4 : 16;
	int fd;

	if ((fd = nl_open(c->pid > 0 ? c->pid : getpid())) == -1)
		return -1;
	memset(&req, 0, sizeof(req));
	req.r.sdiag_family = (unsigned char)c->laddr.family;
	req.r.sdiag_protocol = IPPROTO_TCP;
	req.r.idiag_states = ~0U;
	req.r.id.idiag_sport = htons((uint16_t)c->lport);
	req.r.id.idiag_dport = htons((uint16_t)c->rport);
	memcpy(req.r.id.idiag_src, c->laddr.b, n);
	memcpy(req.r.id.idiag_dst, c->raddr.b, n);
	if (c->cookie != 0) {
		req.r.id.idiag_cookie[0] = (uint32_t)c->cookie;
		req.r.id.idiag_cookie[1] = (uint32_t)(c->cookie >> 32);
	} else
		req.r.id.idiag_cookie[0] = req.r.id.idiag_cookie[1] =
		    INET_DIAG_NOCOOKIE;
	if (nl_request(fd, &req.nlh, sizeof(req), SOCK_DESTROY,
	    NLM_F_ACK, NULL) == -1)
		return -1;
	return nl_recv(fd, 1, NULL, NULL);
}

/* -K: the TCP rows are closed; what is left to print is what was. */
static int
kill_rows(const struct query *q, struct result *res)
{
	struct connset *set = &res->conns;
	size_t i, j;
	int r = 0;

	(void)q;
	for (i = j = 0; i < set->n; i++) {
		struct conn *c = &set->v[i];

		if (c->proto == IPPROTO_TCP && r == 0 && destroy(c) == 0) {
			set->v[j++] = *c;
			continue;
		}
		conn_free(c);
		if (c->proto != IPPROTO_TCP || r == -1)
			continue;
		/* Closed meanwhile: nothing to close, nothing to show. */
		if (errno == ENOENT)
			continue;
		if (errno == EOPNOTSUPP)
			result_error(res, RE_UNAVAIL, "-K: this kernel cannot "
			    "close sockets (it lacks CONFIG_INET_DIAG_DESTROY)");
		else if (errno == EPERM || errno == EACCES)
			result_error(res, RE_PERM, "-K: closing a socket needs "
			    "CAP_NET_ADMIN");
		else
			result_error(res, RE_SYS, "-K: %ld: %s", (long)c->pid,
			    strerror(errno));
		r = -1;
	}
	set->n = j;
	if (nlfd != -1) {
		close(nlfd);
		nlfd = -1;
	}
	return r;
}

const struct resolver resolve_netlink = {
	"netlink", NULL, SYS_LINUX, usable, run, 1, kill_rows
};
