/*
 * sockhold: hold a known set of loopback sockets, for the conns tests.
 *
 * usage: sockhold [-b [-C]] [-d] [-F] [-H] [-L] [-N] [-n NAME] [-o FILE]
 *	    [-R FILE] SPEC...
 *
 * Each SPEC is KIND[@PORT][:COUNT] (COUNT defaults to 1); KIND is
 *	tcp4, tcp6		established TCP pairs (both ends held)
 *	udp4, udp6		connected UDP pairs (both ends held)
 *	listen4, listen6	listening TCP sockets
 *	bound4, bound6		bound, unconnected UDP sockets
 *	closewait4, closewait6	TCP sockets left in CLOSE_WAIT (the peer
 *				closed; only the CLOSE_WAIT end is held)
 *	timewait4, timewait6	TCP sockets left in TIME_WAIT: the pair is
 *				closed, the connecting end first, so that
 *				end waits with no process holding it
 *	mapped			established TCP pairs of dual-stack IPv6
 *				sockets (IPV6_V6ONLY off) on ::ffff:127.0.0.1
 * on 127.0.0.1 and ::1, ephemeral ports.  @PORT puts the listening end
 * (of a listen, tcp, closewait, timewait or mapped kind) on that port, so
 * the connections of a tcp kind have it as the remote port of their
 * connecting end; a listen kind takes one, of course.
 *
 *	-b	background: fork; the child holds the sockets, the parent
 *		prints the child's pid once the sockets are ready and exits,
 *		so `pid=$(sockhold -b tcp4:2)` works; the child lives until
 *		killed.
 *	-C	with -b: churn, over and over filling every free descriptor
 *		below the highest socket with files and closing them again,
 *		so that the count of descriptors changes under a reader;
 *		with -H the hole is filled too.
 *	-d	hold every socket on a second descriptor too (dup), as a
 *		process that dups or inherits one does; still one row each.
 *	-F	fork a second holder once the sockets are made: both hold
 *		every socket (as a socket-activated service and its
 *		manager do), so each socket is a row of each; the pid
 *		printed is then "HOLDER SECOND", and the second process
 *		ends with the first (PR_SET_PDEATHSIG).
 *	-H	a hole: move the middle socket to a descriptor 1000 past
 *		the highest, leaving a hole where it was, as a long-lived
 *		process's table has them.
 *	-L	linger 0 (SO_LINGER): each socket is reset when the holder
 *		ends, leaving no TIME_WAIT behind, so that a bench's holders
 *		leave no tens of thousands of them for the next to walk.
 *	-N	in a new network namespace of its own (needs root): lo is
 *		brought up there and the sockets are made in it.
 *	-n NAME	set the process name (prctl PR_SET_NAME; any bytes, of
 *		which the kernel keeps the first 15).
 *	-o FILE	write the ground truth there, as
 *		`conns -a -o laddr,lport,raddr,rport,proto,family,state,pid,uid,inode`
 *		prints it: from getsockname, getpeername, TCP_INFO and fstat,
 *		sorted as conns sorts.  A TIME_WAIT socket, held by no
 *		process, has an empty pid and inode and uid 0, as conns
 *		--unowned prints it from netlink; with -F each held socket
 *		is a row of each holder.
 *	-R FILE	on SIGUSR1, write the state of each held TCP socket there
 *		(through FILE.tmp, renamed when complete):
 *		`laddr lport raddr rport state error`, tab-separated, the
 *		addresses those of the ground truth, state from TCP_INFO,
 *		error SO_ERROR as ECONNRESET, ECONNABORTED, 0 or a number;
 *		sorted as the ground truth.  So a test sees which ends were
 *		closed (conns -K) and that their peers were reset.
 *
 * Without -b it prints its pid and waits until killed or until its
 * standard input reaches end of file.  Exit status 0, or 1 with a message
 * when a socket could not be made.  The open-file limit is raised as far
 * as needed (5 000 pairs need 10 000 descriptors).
 */
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "holder.h"

struct row {
	int		 family;
	int		 proto;
	unsigned char	 laddr[16], raddr[16];
	unsigned	 lport, rport;
	int		 state;
	unsigned long	 inode;
	int		 fd;		/* -1: held by no process (TIME_WAIT) */
};

static struct row *rows;
static size_t nrows, caprows;
static int *keep;		/* descriptors held */
static size_t nkeep, capkeep;
static unsigned port_at;	/* @PORT of the SPEC being made, or 0 */
static volatile sig_atomic_t reportnow;

/* A family argument with this bit: AF_INET6, on the mapped address. */
#define MAPPED		0x10000

static const char *const states[] = {
	"UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
	"FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK",
	"LISTEN", "CLOSING"
};

/* -C: files in the free descriptors below top (the lowest free one is
 * always the next), a moment, then closed again. */
static void
fillfree(int top)
{
	int fill[64], f;
	size_t n = 0;

	while (n < 64 && (f = open("/dev/null", O_RDONLY)) != -1) {
		if (f > top) {
			close(f);
			break;
		}
		fill[n++] = f;
	}
	usleep(50);
	while (n > 0)
		close(fill[--n]);
	usleep(50);
}

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: sockhold [-b [-C]] [-d] [-F] [-H] [-L] [-N] [-n NAME] [-o FILE] "
	    "[-R FILE] SPEC...\n"
	    "SPEC: KIND[@PORT][:COUNT], KIND one of tcp4 tcp6 udp4 udp6 "
	    "listen4 listen6\n      bound4 bound6 closewait4 closewait6 "
	    "timewait4 timewait6 mapped\n"
	    "  -b       background: print the holder's pid once ready, exit\n"
	    "  -C       with -b: fill the free descriptors and empty them, over and over\n"
	    "  -d       hold every socket on a second descriptor too\n"
	    "  -F       fork a second holder of every socket (prints both pids)\n"
	    "  -H       move a socket to a high descriptor, leaving a hole\n"
	    "  -L       reset the sockets at the end: no TIME_WAIT left behind\n"
	    "  -N       in a new network namespace (root)\n"
	    "  -n NAME  set the process name (prctl PR_SET_NAME)\n"
	    "  -o FILE  write the ground truth there, as conns -a -o\n"
	    "           laddr,lport,raddr,rport,proto,family,state,pid,uid,inode\n"
	    "  -R FILE  on SIGUSR1 write each TCP socket's state and SO_ERROR there\n"
	    "Without -b: print the pid, wait until killed or stdin ends.\n");
	exit(status);
}

static void
hold(int fd)
{
	if (nkeep == capkeep) {
		capkeep = capkeep ? capkeep * 2 : 256;
		if ((keep = realloc(keep, capkeep * sizeof(*keep))) == NULL)
			err(1, NULL);
	}
	keep[nkeep++] = fd;
}

static socklen_t
loopback(int family, struct sockaddr_storage *ss, unsigned port)
{
	memset(ss, 0, sizeof(*ss));
	if (family & MAPPED) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr.s6_addr[10] = sin6->sin6_addr.s6_addr[11] =
		    0xff;
		sin6->sin6_addr.s6_addr[12] = 127;
		sin6->sin6_addr.s6_addr[15] = 1;
		return sizeof(*sin6);
	} else if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr = in6addr_loopback;
		return sizeof(*sin6);
	}
}

static void
split(const struct sockaddr_storage *ss, unsigned char *a, unsigned *port)
{
	memset(a, 0, 16);
	*port = 0;
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;

		memcpy(a, &sin->sin_addr, 4);
		*port = ntohs(sin->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 =
		    (const struct sockaddr_in6 *)ss;

		memcpy(a, &sin6->sin6_addr, 16);
		*port = ntohs(sin6->sin6_port);
	}
}

static struct row *
newrow(void)
{
	struct row *r;

	if (nrows == caprows) {
		caprows = caprows ? caprows * 2 : 256;
		if ((rows = realloc(rows, caprows * sizeof(*rows))) == NULL)
			err(1, NULL);
	}
	r = &rows[nrows++];
	memset(r, 0, sizeof(*r));
	return r;
}

/* Records the truth about fd, then holds it. */
static void
record(int fd, int family, int proto)
{
	struct sockaddr_storage ss;
	struct tcp_info ti;
	socklen_t len;
	struct stat st;
	struct row *r;

	family &= ~MAPPED;
	r = newrow();
	r->fd = fd;
	r->family = family;
	r->proto = proto;
	len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		err(1, "getsockname");
	split(&ss, r->laddr, &r->lport);
	len = sizeof(ss);
	if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0)
		split(&ss, r->raddr, &r->rport);
	else if (errno != ENOTCONN)
		err(1, "getpeername");
	if (proto == IPPROTO_TCP) {
		len = sizeof(ti);
		if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == -1)
			err(1, "TCP_INFO");
		r->state = ti.tcpi_state;
	} else
		r->state = r->rport != 0 ? 1 : 7;	/* ESTABLISHED, CLOSE */
	if (fstat(fd, &st) == -1)
		err(1, "fstat");
	r->inode = (unsigned long)st.st_ino;
	hold(fd);
}

static int
sock(int family, int type)
{
	int fd;

	int off = 0;

	if ((fd = socket(family & ~MAPPED, type | SOCK_CLOEXEC, 0)) == -1)
		err(1, "socket");
	if ((family & MAPPED) && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY,
	    &off, sizeof(off)) == -1)
		err(1, "IPV6_V6ONLY");
	return fd;
}

static int
listener(int family, int backlog)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, on = 1;

	fd = sock(family, SOCK_STREAM);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	len = loopback(family, &ss, port_at);
	if (bind(fd, (struct sockaddr *)&ss, len) == -1)
		err(1, "bind %u", port_at);
	if (listen(fd, backlog) == -1)
		err(1, "listen");
	return fd;
}

/* Connects a new TCP socket to the listener; returns both ends. */
static void
tcp_pair(int lfd, int family, int *c, int *s)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(lfd, (struct sockaddr *)&ss, &len) == -1)
		err(1, "getsockname");
	*c = sock(family, SOCK_STREAM);
	if (connect(*c, (struct sockaddr *)&ss, len) == -1)
		err(1, "connect");
	if ((*s = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1)
		err(1, "accept");
}

static void
make_tcp(int family, long n)
{
	int lfd, c, s;
	long i;

	lfd = listener(family, 128);
	for (i = 0; i < n; i++) {
		tcp_pair(lfd, family, &c, &s);
		record(c, family, IPPROTO_TCP);
		record(s, family, IPPROTO_TCP);
	}
	close(lfd);
}

static void
make_closewait(int family, long n)
{
	int lfd, c, s;
	long i;

	lfd = listener(family, 128);
	for (i = 0; i < n; i++) {
		tcp_pair(lfd, family, &c, &s);
		close(c);
		tcp_await(s, 8);		/* CLOSE_WAIT */
		record(s, family, IPPROTO_TCP);
	}
	close(lfd);
}

/* The connecting end closes first and so is the one left in TIME_WAIT,
 * once the accepted end has closed too: held by nobody, it is recorded
 * from its addresses, learnt before the close. */
static void
make_timewait(int family, long n)
{
	struct sockaddr_storage ss;
	socklen_t len;
	struct row *r;
	int lfd, c, s;
	long i;

	lfd = listener(family, 128);
	for (i = 0; i < n; i++) {
		tcp_pair(lfd, family, &c, &s);
		r = newrow();
		r->fd = -1;
		r->family = family;
		r->proto = IPPROTO_TCP;
		r->state = 6;		/* TIME_WAIT */
		len = sizeof(ss);
		if (getsockname(c, (struct sockaddr *)&ss, &len) == -1)
			err(1, "getsockname");
		split(&ss, r->laddr, &r->lport);
		len = sizeof(ss);
		if (getpeername(c, (struct sockaddr *)&ss, &len) == -1)
			err(1, "getpeername");
		split(&ss, r->raddr, &r->rport);
		close(c);
		tcp_await(s, 8);		/* CLOSE_WAIT */
		close(s);
	}
	close(lfd);
	/* The last ACK is on its way: let it land. */
	usleep(20000);
}

static void
make_udp(int family, long n, int connected)
{
	struct sockaddr_storage ss, sa, sb;
	socklen_t len, la, lb;
	int a, b;
	long i;

	for (i = 0; i < n; i++) {
		len = loopback(family, &ss, 0);
		a = sock(family, SOCK_DGRAM);
		if (bind(a, (struct sockaddr *)&ss, len) == -1)
			err(1, "bind");
		if (!connected) {
			record(a, family, IPPROTO_UDP);
			continue;
		}
		b = sock(family, SOCK_DGRAM);
		if (bind(b, (struct sockaddr *)&ss, len) == -1)
			err(1, "bind");
		la = sizeof(sa);
		lb = sizeof(sb);
		if (getsockname(a, (struct sockaddr *)&sa, &la) == -1 ||
		    getsockname(b, (struct sockaddr *)&sb, &lb) == -1)
			err(1, "getsockname");
		if (connect(a, (struct sockaddr *)&sb, lb) == -1 ||
		    connect(b, (struct sockaddr *)&sa, la) == -1)
			err(1, "connect");
		record(a, family, IPPROTO_UDP);
		record(b, family, IPPROTO_UDP);
	}
}

static void
make_listen(int family, long n)
{
	long i;

	for (i = 0; i < n; i++)
		record(listener(family, 16), family, IPPROTO_TCP);
}

static void
room(size_t want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 || rl.rlim_cur >= want)
		return;
	if (rl.rlim_max < want) {
		rl.rlim_max = want;
		rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
			return;
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
	setrlimit(RLIMIT_NOFILE, &rl);
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;
	int r, n;

	/* As conns sorts: pid first, an unowned row (pid 0) before all. */
	if ((a->fd == -1) != (b->fd == -1))
		return a->fd == -1 ? -1 : 1;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	n = a->family == AF_INET ? 4 : 16;
	if ((r = memcmp(a->laddr, b->laddr, n)) != 0)
		return r;
	if (a->lport != b->lport)
		return a->lport < b->lport ? -1 : 1;
	if ((r = memcmp(a->raddr, b->raddr, n)) != 0)
		return r;
	if (a->rport != b->rport)
		return a->rport < b->rport ? -1 : 1;
	if (a->state != b->state)
		return a->state < b->state ? -1 : 1;
	return a->inode < b->inode ? -1 : a->inode > b->inode;
}

static void
truth_rows(FILE *fp, pid_t pid, int owned)
{
	char la[INET6_ADDRSTRLEN], ra[INET6_ADDRSTRLEN], num[24], ino[24];
	size_t i;

	for (i = 0; i < nrows; i++) {
		struct row *r = &rows[i];

		if ((r->fd != -1) != owned)
			continue;
		inet_ntop(r->family, r->laddr, la, sizeof(la));
		inet_ntop(r->family, r->raddr, ra, sizeof(ra));
		snprintf(num, sizeof(num), "%d", (int)pid);
		snprintf(ino, sizeof(ino), "%lu", r->inode);
		fprintf(fp, "%s\t%u\t%s\t%u\t%s\t%s\t%s\t%s\t%u\t%s\n",
		    la, r->lport, ra, r->rport,
		    r->proto == IPPROTO_TCP ? "tcp" : "udp",
		    r->family == AF_INET ? "ipv4" : "ipv6",
		    states[r->state < 12 ? r->state : 0], owned ? num : "",
		    owned ? (unsigned)getuid() : 0, owned ? ino : "");
	}
}

/* The rows of no process, then those of each holder (pid, second). */
static void
truth(const char *path, pid_t pid, pid_t second)
{
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	qsort(rows, nrows, sizeof(*rows), row_cmp);
	truth_rows(fp, 0, 0);
	if (second != 0 && second < pid)
		truth_rows(fp, second, 1);
	truth_rows(fp, pid, 1);
	if (second != 0 && second > pid)
		truth_rows(fp, second, 1);
	if (fclose(fp) == EOF)
		err(1, "%s", path);
}

static void
onusr1(int sig)
{
	(void)sig;
	reportnow = 1;
}

/* -R: each held TCP socket's state and pending error, now. */
static void
report(const char *path)
{
	char la[INET6_ADDRSTRLEN], ra[INET6_ADDRSTRLEN], e[24], *tmp;
	struct tcp_info ti;
	socklen_t len;
	size_t i;
	FILE *fp;
	int soerr, st;

	reportnow = 0;
	if (asprintf(&tmp, "%s.tmp", path) == -1)
		err(1, NULL);
	if ((fp = fopen(tmp, "w")) == NULL)
		err(1, "%s", tmp);
	for (i = 0; i < nrows; i++) {
		struct row *r = &rows[i];

		if (r->fd == -1 || r->proto != IPPROTO_TCP)
			continue;
		len = sizeof(ti);
		st = getsockopt(r->fd, IPPROTO_TCP, TCP_INFO, &ti, &len) ==
		    -1 ? 0 : ti.tcpi_state;
		len = sizeof(soerr);
		if (getsockopt(r->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1)
			soerr = errno;
		if (soerr == ECONNRESET)
			snprintf(e, sizeof(e), "ECONNRESET");
		else if (soerr == ECONNABORTED)
			snprintf(e, sizeof(e), "ECONNABORTED");
		else
			snprintf(e, sizeof(e), "%d", soerr);
		inet_ntop(r->family, r->laddr, la, sizeof(la));
		inet_ntop(r->family, r->raddr, ra, sizeof(ra));
		fprintf(fp, "%s\t%u\t%s\t%u\t%s\t%s\n", la, r->lport, ra,
		    r->rport, states[st < 12 ? st : 0], e);
	}
	if (fclose(fp) == EOF)
		err(1, "%s", tmp);
	if (rename(tmp, path) == -1)
		err(1, "%s", path);
	free(tmp);
}

struct spec {
	const char	*kind;
	int		 family;
	void		(*make)(int, long);
	int		 fds;	/* descriptors per unit */
};

static void make_udpc(int f, long n) { make_udp(f, n, 1); }
static void make_mapped(int f, long n) { make_tcp(f | MAPPED, n); }
static void make_bound(int f, long n) { make_udp(f, n, 0); }

static const struct spec specs[] = {
	{ "tcp4", AF_INET, make_tcp, 2 },
	{ "tcp6", AF_INET6, make_tcp, 2 },
	{ "udp4", AF_INET, make_udpc, 2 },
	{ "udp6", AF_INET6, make_udpc, 2 },
	{ "listen4", AF_INET, make_listen, 1 },
	{ "listen6", AF_INET6, make_listen, 1 },
	{ "bound4", AF_INET, make_bound, 1 },
	{ "bound6", AF_INET6, make_bound, 1 },
	{ "closewait4", AF_INET, make_closewait, 1 },
	{ "closewait6", AF_INET6, make_closewait, 1 },
	{ "timewait4", AF_INET, make_timewait, 0 },
	{ "timewait6", AF_INET6, make_timewait, 0 },
	{ "mapped", AF_INET6, make_mapped, 2 },
};

static const struct spec *
parse(const char *arg, long *n, unsigned *port)
{
	const char *colon = strchr(arg, ':'), *at = strchr(arg, '@');
	size_t klen = at ? (size_t)(at - arg) : colon ?
	    (size_t)(colon - arg) : strlen(arg);
	char *end;
	size_t i;
	long v;

	*n = 1;
	*port = 0;
	if (at != NULL && (colon == NULL || at < colon)) {
		errno = 0;
		v = strtol(at + 1, &end, 10);
		if (at[1] < '1' || at[1] > '9' || (*end != '\0' &&
		    *end != ':') || errno != 0 || v > 65535)
			errx(1, "%s: bad port", arg);
		*port = (unsigned)v;
	} else if (at != NULL)
		errx(1, "%s: @PORT goes before :COUNT", arg);
	if (colon != NULL) {
		errno = 0;
		*n = strtol(colon + 1, &end, 10);
		if (colon[1] < '0' || colon[1] > '9' || *end != '\0' ||
		    errno != 0 || *n > 1000000)
			errx(1, "%s: bad count", arg);
	}
	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++)
		if (strlen(specs[i].kind) == klen &&
		    strncmp(specs[i].kind, arg, klen) == 0)
			return &specs[i];
	errx(1, "%s: unknown kind", arg);
}

int
main(int argc, char *argv[])
{
	const char *out = NULL, *name = NULL;
	const char *rep = NULL;
	struct sigaction sa;
	int bg = 0, churn = 0, dupfd = 0, ns = 0, fork2 = 0, holes = 0, ch, p[2];
	int linger0 = 0;
	int devnull, top = 0;
	pid_t second = 0;
	unsigned port;
	ssize_t got;
	size_t k, nheld;
	size_t want = 64;
	char c;
	long n;
	pid_t pid;
	int i;

	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};

	while ((ch = getopt_long(argc, argv, "bCdFHLNn:o:R:h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'b':
			bg = 1;
			break;
		case 'C':
			churn = 1;
			break;
		case 'd':
			dupfd = 1;
			break;
		case 'F':
			fork2 = 1;
			break;
		case 'H':
			holes = 1;
			break;
		case 'L':
			linger0 = 1;
			break;
		case 'N':
			ns = 1;
			break;
		case 'R':
			rep = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			usage(stdout, 0);
			break;
		default:
			usage(stderr, 1);
		}
	}
	argc -= optind;
	argv += optind;
	if (churn && !bg)
		usage(stderr, 1);
	for (i = 0; i < argc; i++) {
		const struct spec *s = parse(argv[i], &n, &port);

		want += (size_t)n * (size_t)s->fds;
	}
	if (dupfd)
		want *= 2;
	if (holes)
		want += 1100;
	/* Nothing of the caller's (a bats pipe, say) stays open in here. */
	closefrom(3);
	if (bg) {
		if (pipe2(p, O_CLOEXEC) == -1)
			err(1, "pipe");
		if ((pid = fork()) == -1)
			err(1, "fork");
		if (pid > 0) {
			close(p[1]);
			/* One byte when ready; nothing when the child failed. */
			if (read(p[0], &c, 1) != 1 || (c == '2' &&
			    read(p[0], &second, sizeof(second)) !=
			    sizeof(second))) {
				waitpid(pid, NULL, 0);
				return 1;
			}
			if (second != 0)
				printf("%d %d\n", (int)pid, (int)second);
			else
				printf("%d\n", (int)pid);
			return fflush(stdout) == EOF;
		}
		close(p[0]);
	}
	room(want);
	if (ns)
		netns();
	if (name != NULL && prctl(PR_SET_NAME, name, 0, 0, 0) == -1)
		err(1, "PR_SET_NAME");
	for (i = 0; i < argc; i++) {
		const struct spec *s = parse(argv[i], &n, &port);

		port_at = port;
		s->make(s->family, n);
	}
	for (k = 0; linger0 && k < nkeep; k++) {
		struct linger l = { 1, 0 };

		if (setsockopt(keep[k], SOL_SOCKET, SO_LINGER, &l,
		    sizeof(l)) == -1)
			err(1, "SO_LINGER");
	}
	for (k = 0; k < nkeep; k++)
		if (keep[k] > top)
			top = keep[k];
	if (holes && nkeep >= 2) {
		int fd;

		k = nkeep / 2;
		if ((fd = fcntl(keep[k], F_DUPFD, top + 1000)) == -1)
			err(1, "F_DUPFD");
		close(keep[k]);
		keep[k] = fd;
	}
	for (k = 0, nheld = nkeep; dupfd && k < nheld; k++) {
		int fd = dup(keep[k]);

		if (fd == -1)
			err(1, "dup");
		hold(fd);
	}
	if (rep != NULL) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = onusr1;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGUSR1, &sa, NULL) == -1)
			err(1, "sigaction");
	}
	if (fork2) {
		pid_t parent = getpid();

		if ((second = fork()) == -1)
			err(1, "fork");
		if (second == 0) {
			if (prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) == -1 ||
			    getppid() != parent)
				_exit(1);
			/* Nothing of the caller's (a $(...) pipe) held here. */
			if (bg) {
				close(p[1]);
				if ((devnull = open("/dev/null", O_RDWR)) != -1) {
					dup2(devnull, 0);
					dup2(devnull, 1);
					dup2(devnull, 2);
					close(devnull);
				}
			}
			for (;;)
				pause();
		}
	}
	if (out != NULL)
		truth(out, getpid(), second);
	if (bg) {
		if ((devnull = open("/dev/null", O_RDWR)) == -1)
			err(1, "/dev/null");
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		close(devnull);
		if (write(p[1], second != 0 ? "2" : "1", 1) != 1)
			return 1;
		/* The parent prints the second pid too. */
		if (second != 0 && write(p[1], &second, sizeof(second)) !=
		    sizeof(second))
			return 1;
		close(p[1]);
		for (;;) {
			if (churn)
				fillfree(top);
			else
				pause();
			if (reportnow && rep != NULL)
				report(rep);
		}
	}
	if (second != 0)
		printf("%d %d\n", (int)getpid(), (int)second);
	else
		printf("%d\n", (int)getpid());
	if (fflush(stdout) == EOF)
		err(1, "stdout");
	for (;;) {
		if ((got = read(0, &c, 1)) > 0)
			continue;
		if (got == 0 || errno != EINTR)
			break;
		if (reportnow && rep != NULL)
			report(rep);
	}
	return 0;
}
