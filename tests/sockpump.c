/*
 * sockpump: hold loopback TCP connections with known traffic, for the
 * conns tests of what a connection is doing.
 *
 * usage: sockpump [-b] [-6] [-N] [-c PATH] [-n NAME] SPEC...
 *
 * Each SPEC makes one TCP pair on 127.0.0.1 (::1 with -6) through a
 * listener that stays open, so that the accepting end's local port is
 * one a listener holds:
 *	SENT:RECEIVED	the connecting end sends SENT bytes and receives
 *			RECEIVED bytes from the accepting end; both read
 *			all and every byte is acknowledged
 *	SENT:RECEIVED:shut
 *			the same, then the connecting end shuts down its
 *			write side (FIN_WAIT2 there, CLOSE_WAIT on the
 *			accepting end)
 *	slow:BYTES	a slow reader: the connecting end sends up to BYTES
 *			(as much as the buffers take) and the accepting end
 *			never reads
 *
 *	-b	background: fork; the child holds the sockets, the parent
 *		prints what is below once they are ready and exits.
 *	-6	IPv6 (::1).
 *	-N	in a new network namespace of its own (needs root).
 *	-c PATH	move into the cgroup v2 directory PATH (relative to the
 *		cgroup2 mount), made for it; it is removed again when the
 *		holder ends on SIGTERM, SIGINT or the end of stdin.
 *	-n NAME	set the process name (prctl PR_SET_NAME).
 *
 * It prints its pid on a line, then a line per SPEC: the connecting end's
 * local port, the accepting end's, the accepting end's receive queue and
 * the connecting end's send queue in bytes, once they no longer change
 * (0 0 unless slow), tab-separated.  Without -b it then waits until
 * killed or until its standard input reaches end of file.  Exit status 0,
 * or 1 with a message when a socket could not be made.
 */
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/vfs.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "holder.h"

#define CGROUP2_MAGIC	0x63677270

struct pair {
	int		 c, s;		/* connecting and accepting ends */
	unsigned	 cport, sport;
	long		 rq, wq;
};

static char cgdir[8192];		/* made by -c, removed at the end */
static char cgback[8192];		/* the cgroup.procs we came from */
static struct pair *pairs;		/* per SPEC, until the end */
static char *cgmade;			/* in cgdir: the first one made */
static volatile sig_atomic_t done;

static void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: sockpump [-b] [-6] [-N] [-c PATH] [-n NAME] "
	    "SPEC...\n"
	    "SPEC: SENT:RECEIVED, SENT:RECEIVED:shut or slow:BYTES\n"
	    "  -b       background: print pid and ports once ready, exit\n"
	    "  -6       IPv6 (::1)\n"
	    "  -N       in a new network namespace (root)\n"
	    "  -c PATH  in a new cgroup v2 directory PATH (root)\n"
	    "  -n NAME  set the process name (prctl PR_SET_NAME)\n"
	    "Prints the pid, then per SPEC: CPORT SPORT RQUEUE WQUEUE.\n");
	exit(status);
}

static long
count(const char *s, const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s < '0' || *s > '9' || (*end != '\0' && *end != ':') ||
	    errno != 0 || v > 1L << 30)
		errx(1, "%s: bad byte count", arg);
	return v;
}

static socklen_t
loopback(int family, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;

		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		return sizeof(*sin6);
	}
}

static unsigned
port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		err(1, "getsockname");
	return ntohs(ss.ss_family == AF_INET ?
	    ((struct sockaddr_in *)&ss)->sin_port :
	    ((struct sockaddr_in6 *)&ss)->sin6_port);
}

static int
queue(int fd, unsigned long req)
{
	int n;

	if (ioctl(fd, req, &n) == -1)
		err(1, "ioctl");
	return n;
}

/* Writes n bytes to fd while reading want bytes from rfd, on one thread. */
static void
pump(int wfd, long n, int rfd, long want)
{
	static char buf[65536];
	struct pollfd p[2];
	ssize_t k;

	memset(buf, 'x', sizeof(buf));
	while (n > 0 || want > 0) {
		p[0].fd = n > 0 ? wfd : -1;
		p[0].events = POLLOUT;
		p[1].fd = want > 0 ? rfd : -1;
		p[1].events = POLLIN;
		if (poll(p, 2, 10000) <= 0)
			errx(1, "traffic stalled");
		if (p[0].revents & POLLOUT) {
			k = write(wfd, buf, n < (long)sizeof(buf) ? (size_t)n :
			    sizeof(buf));
			if (k == -1 && errno != EAGAIN)
				err(1, "write");
			if (k > 0)
				n -= k;
		}
		if (p[1].revents & (POLLIN | POLLHUP)) {
			k = read(rfd, buf, sizeof(buf));
			if (k == -1 && errno != EAGAIN)
				err(1, "read");
			if (k == 0)
				errx(1, "early end of file");
			if (k > 0)
				want -= k;
		}
	}
}

/* Waits until fd's send queue is empty: every byte acknowledged. */
static void
acked(int fd)
{
	int i;

	for (i = 0; i < 5000 && queue(fd, SIOCOUTQ) != 0; i++)
		usleep(1000);
	if (i == 5000)
		errx(1, "data not acknowledged");
}

static void
make(int lfd, int family, const char *spec, struct pair *p)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	long sent = 0, recvd = 0, rq, wq;
	int slow, shut = 0, i, fl, same;
	const char *colon;

	slow = strncmp(spec, "slow:", 5) == 0;
	if (slow)
		sent = count(spec + 5, spec);
	else {
		if ((colon = strchr(spec, ':')) == NULL)
			errx(1, "%s: bad spec", spec);
		sent = count(spec, spec);
		recvd = count(colon + 1, spec);
		if ((colon = strchr(colon + 1, ':')) != NULL) {
			if (strcmp(colon, ":shut") != 0)
				errx(1, "%s: bad spec", spec);
			shut = 1;
		}
	}
	if (getsockname(lfd, (struct sockaddr *)&ss, &len) == -1)
		err(1, "getsockname");
	if ((p->c = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		err(1, "socket");
	if (connect(p->c, (struct sockaddr *)&ss, len) == -1)
		err(1, "connect");
	if ((p->s = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) == -1)
		err(1, "accept");
	p->cport = port(p->c);
	p->sport = port(p->s);
	p->rq = p->wq = 0;
	if (!slow) {
		pump(p->c, sent, p->s, sent);
		pump(p->s, recvd, p->c, recvd);
		acked(p->c);
		acked(p->s);
		if (shut) {
			if (shutdown(p->c, SHUT_WR) == -1)
				err(1, "shutdown");
			tcp_await(p->c, TCP_FIN_WAIT2);
			tcp_await(p->s, TCP_CLOSE_WAIT);
		}
		return;
	}
	fl = fcntl(p->c, F_GETFL);
	fcntl(p->c, F_SETFL, fl | O_NONBLOCK);
	{
		static char buf[65536];
		ssize_t k;

		memset(buf, 'x', sizeof(buf));
		while (sent > 0) {
			k = write(p->c, buf, sent < (long)sizeof(buf) ?
			    (size_t)sent : sizeof(buf));
			if (k == -1 && errno == EAGAIN)
				break;
			if (k == -1)
				err(1, "write");
			sent -= k;
		}
	}
	/* The queues settle once all has arrived or the window has closed
	 * for good (a probe may still move it): the same for a second. */
	rq = wq = -1;
	for (i = 0, same = 0; i < 1000 && same < 50; i++) {
		usleep(20000);
		if (queue(p->s, SIOCINQ) == rq && queue(p->c, SIOCOUTQ) == wq)
			same++;
		else
			same = 0;
		rq = queue(p->s, SIOCINQ);
		wq = queue(p->c, SIOCOUTQ);
	}
	p->rq = rq;
	p->wq = wq;
}

static void
writepid(const char *path)
{
	FILE *fp;

	if ((fp = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	fprintf(fp, "%d\n", (int)getpid());
	if (fclose(fp) == EOF)
		err(1, "%s", path);
}

/* -c: the cgroup2 mount (alone, or beside v1 as "unified"), then PATH. */
static void
cgroup(const char *path)
{
	static const char *const mounts[] = {
		"/sys/fs/cgroup", "/sys/fs/cgroup/unified"
	};
	char line[4096], procs[8192 + 16], *cur = NULL, *s, c;
	struct statfs fs;
	const char *m = NULL;
	size_t i;
	FILE *fp;

	for (i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++)
		if (statfs(mounts[i], &fs) == 0 &&
		    (unsigned long)fs.f_type == CGROUP2_MAGIC) {
			m = mounts[i];
			break;
		}
	if (m == NULL)
		errx(1, "no cgroup2 file system mounted");
	if ((fp = fopen("/proc/self/cgroup", "r")) == NULL)
		err(1, "/proc/self/cgroup");
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, "0::", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			cur = line + 3;
			break;
		}
	fclose(fp);
	if (cur == NULL)
		errx(1, "/proc/self/cgroup: no cgroup v2 line");
	snprintf(cgback, sizeof(cgback), "%s%s/cgroup.procs", m,
	    strcmp(cur, "/") == 0 ? "" : cur);
	snprintf(cgdir, sizeof(cgdir), "%s/%s", m, path);
	/* Every missing component is made, and removed at the end. */
	for (s = cgdir + strlen(m) + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		c = *s;
		*s = '\0';
		if (mkdir(cgdir, 0755) == 0) {
			if (cgmade == NULL)
				cgmade = s;
		} else if (errno != EEXIST)
			err(1, "%s", cgdir);
		*s = c;
		if (c == '\0')
			break;
	}
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", cgdir);
	writepid(procs);
}

static void
uncgroup(void)
{
	char *s;

	if (cgdir[0] == '\0')
		return;
	writepid(cgback);
	/* The deepest first, up to the first one made. */
	for (s = cgdir + strlen(cgdir); cgmade != NULL && s >= cgmade; s--)
		if (*s == '/' || *s == '\0') {
			*s = '\0';
			rmdir(cgdir);
		}
}

static void
onsignal(int sig)
{
	(void)sig;
	done = 1;
}

int
main(int argc, char *argv[])
{
	const char *name = NULL, *cg = NULL;
	int bg = 0, ns = 0, family = AF_INET, ch, p[2], devnull, lfd, on = 1;
	struct sockaddr_storage ss;
	struct sigaction sa;
	socklen_t len;
	pid_t pid;
	ssize_t k;
	char c, buf[4096];
	int i;

	while ((ch = getopt(argc, argv, "b6Nc:n:h")) != -1) {
		switch (ch) {
		case 'b':
			bg = 1;
			break;
		case '6':
			family = AF_INET6;
			break;
		case 'N':
			ns = 1;
			break;
		case 'c':
			cg = optarg;
			break;
		case 'n':
			name = optarg;
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
	if ((pairs = calloc((size_t)argc + 1, sizeof(*pairs))) == NULL)
		err(1, NULL);
	closefrom(3);
	if (bg) {
		if (pipe2(p, O_CLOEXEC) == -1)
			err(1, "pipe");
		if ((pid = fork()) == -1)
			err(1, "fork");
		if (pid > 0) {
			close(p[1]);
			/* The child's report once ready; nothing on failure. */
			len = 0;
			while ((k = read(p[0], buf + len, sizeof(buf) - 1 -
			    len)) > 0)
				len += (socklen_t)k;
			if (len == 0) {
				waitpid(pid, NULL, 0);
				return 1;
			}
			fwrite(buf, 1, len, stdout);
			return fflush(stdout) == EOF;
		}
		close(p[0]);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsignal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (cg != NULL)
		cgroup(cg);
	if (ns)
		netns();
	if (name != NULL && prctl(PR_SET_NAME, name, 0, 0, 0) == -1)
		err(1, "PR_SET_NAME");
	if ((lfd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		err(1, "socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	len = loopback(family, &ss);
	if (bind(lfd, (struct sockaddr *)&ss, len) == -1)
		err(1, "bind");
	if (listen(lfd, 128) == -1)
		err(1, "listen");
	for (i = 0; i < argc; i++)
		make(lfd, family, argv[i], &pairs[i]);
	len = (socklen_t)snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	for (i = 0; i < argc && len < sizeof(buf); i++)
		len += (socklen_t)snprintf(buf + len, sizeof(buf) - len,
		    "%u\t%u\t%ld\t%ld\n", pairs[i].cport, pairs[i].sport,
		    pairs[i].rq, pairs[i].wq);
	if (bg) {
		if ((devnull = open("/dev/null", O_RDWR)) == -1)
			err(1, "/dev/null");
		dup2(devnull, 0);
		dup2(devnull, 1);
		dup2(devnull, 2);
		close(devnull);
		if (write(p[1], buf, len) != (ssize_t)len)
			return 1;
		close(p[1]);
		while (!done)
			pause();
		uncgroup();
		return 0;
	}
	fwrite(buf, 1, len, stdout);
	if (fflush(stdout) == EOF)
		err(1, "stdout");
	while (!done && (read(0, &c, 1) > 0 || errno == EINTR))
		continue;
	uncgroup();
	return 0;
}
