/*
 * netlink: the kernel's socket tables through sock_diag (NETLINK_SOCK_DIAG,
 * inet_diag dumps for TCP and UDP, IPv4 and IPv6), in each selected
 * process's network namespace, joined to the processes by the socket
 * inodes in /proc/PID/fd.  A namespace the caller may not enter (setns
 * needs CAP_SYS_ADMIN) is read through that process's /proc/PID/net view.
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "owner.h"
#include "proc.h"
#include "procnet.h"
#include "resolver.h"

/* The socket of the namespace last asked about, kept across scans. */
static int nlfd = -1;
static ino_t nlns;

static int
nl_socket(void)
{
	return socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
	    NETLINK_SOCK_DIAG);
}

static int
usable(void)
{
	int fd;

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

static int
dump(int fd, int proto, int family, unsigned states, owner_emit emit,
    void *arg)
{
	static unsigned seq;
	struct {
		struct nlmsghdr		nlh;
		struct inet_diag_req_v2	r;
	} req;
	struct sockaddr_nl sa;
	union {
		char		buf[1 << 15];
		struct nlmsghdr	align;
	} u;
	struct inet_diag_msg *m;
	struct nlmsghdr *h;
	struct nlmsgerr *e;
	struct conn c;
	ssize_t n;
	int len;

	memset(&req, 0, sizeof(req));
	req.nlh.nlmsg_len = sizeof(req);
	req.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nlh.nlmsg_seq = ++seq;
	req.r.sdiag_family = (unsigned char)family;
	req.r.sdiag_protocol = (unsigned char)proto;
	req.r.idiag_states = states;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&sa,
	    sizeof(sa)) == -1)
		return -1;
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
				errno = e->error ? -e->error : EPROTO;
				return -1;
			}
			if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
			    h->nlmsg_len < NLMSG_LENGTH(sizeof(*m)))
				continue;
			m = NLMSG_DATA(h);
			/* Time-wait and request sockets belong to no one. */
			if (m->idiag_inode == 0)
				continue;
			conn_init(&c);
			c.proto = proto;
			c.state = m->idiag_state;
			c.inode = m->idiag_inode;
			c.laddr.family = c.raddr.family = m->idiag_family;
			memcpy(c.laddr.b, m->id.idiag_src,
			    family == AF_INET ? 4 : 16);
			memcpy(c.raddr.b, m->id.idiag_dst,
			    family == AF_INET ? 4 : 16);
			c.lport = ntohs(m->id.idiag_sport);
			c.rport = ntohs(m->id.idiag_dport);
			if (emit(arg, &c) == -1)
				return -1;
		}
	}
}

static int
scan(pid_t pid, int proto, int family, unsigned states, owner_emit emit,
    void *arg)
{
	int fd;

	if ((fd = nl_open(pid)) == -1) {
		if (errno == EPERM || errno == EACCES)
			return procnet_scan(pid, proto, family, states, emit,
			    arg);
		return -1;
	}
	return dump(fd, proto, family, states, emit, arg);
}

static int
run(const struct query *q, struct result *res)
{
	int r;

	r = owner_run(q, res, scan);
	if (nlfd != -1) {
		close(nlfd);
		nlfd = -1;
	}
	return r;
}

const struct resolver resolve_netlink = {
	"netlink", NULL, SYS_LINUX, usable, run
};
