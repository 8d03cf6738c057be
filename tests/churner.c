/*
 * churner SECONDS PIDFILE [WORKERS]: for SECONDS, keeps WORKERS (default 8)
 * short-lived children that open and close loopback sockets -- TCP
 * listeners, established TCP pairs, connected UDP pairs, IPv4 and IPv6 --
 * and kills some of them mid-flight with SIGKILL.  The pid of the newest
 * child is kept in PIDFILE (replaced atomically), so a script can aim
 * `conns -p` at a process that is about to die.  Children carry odd names
 * (a tab, a backslash, a byte >= 0x80) to exercise escaping.  At the end
 * every child is killed and reaped and a line of counts is printed.
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXWORKERS	64
#define MAXFDS		24

static volatile sig_atomic_t stop;

static void
onsig(int sig)
{
	(void)sig;
	stop = 1;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* A loopback address of family af with port 0 (or port). */
static socklen_t
loopback(int af, struct sockaddr_storage *ss, unsigned short port)
{
	memset(ss, 0, sizeof(*ss));
	if (af == AF_INET) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s4->sin_port = htons(port);
		return sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_loopback;
		s6->sin6_port = htons(port);
		return sizeof(*s6);
	}
}

static unsigned short
portof(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* Opens a few sockets into fds (at most room); returns how many. */
static int
open_some(int af, int *fds, int room)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int n = 0, l, c, a, u1, u2;

	if (room < 5)
		return 0;
	len = loopback(af, &ss, 0);
	if ((l = socket(af, SOCK_STREAM, 0)) == -1)
		return 0;
	fds[n++] = l;
	if (bind(l, (struct sockaddr *)&ss, len) == -1 || listen(l, 4) == -1)
		return n;
	len = loopback(af, &ss, portof(l));
	if ((c = socket(af, SOCK_STREAM, 0)) == -1)
		return n;
	fds[n++] = c;
	if (connect(c, (struct sockaddr *)&ss, len) == -1)
		return n;
	if ((a = accept(l, NULL, NULL)) != -1)
		fds[n++] = a;
	if (rand() % 4 != 0) {
		/* Mostly reset on close, so TIME_WAIT does not pile up. */
		struct linger lg = { 1, 0 };

		setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		if (a != -1)
			setsockopt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	}
	if (rand() % 3 == 0) {
		/* Close the listener early: established pair without it. */
		close(l);
		fds[0] = -1;
	}
	/* A connected UDP pair. */
	len = loopback(af, &ss, 0);
	if ((u1 = socket(af, SOCK_DGRAM, 0)) == -1)
		return n;
	fds[n++] = u1;
	if (bind(u1, (struct sockaddr *)&ss, len) == -1)
		return n;
	if ((u2 = socket(af, SOCK_DGRAM, 0)) == -1)
		return n;
	fds[n++] = u2;
	len = loopback(af, &ss, portof(u1));
	connect(u2, (struct sockaddr *)&ss, len);
	return n;
}

static void
child(unsigned seed)
{
	static const char *const names[] = {
		"churn", "churn\tx", "churn\\y", "churn\xff\xfe", "churn\n",
		"ch\xc3\xa9rn", "ch urn",
	};
	int fds[MAXFDS], n = 0, i, rounds;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(0);
	srand(seed);
	prctl(PR_SET_NAME, names[rand() % 7]);
	for (i = 0; i < MAXFDS; i++)
		fds[i] = -1;
	rounds = 1 + rand() % 6;
	while (rounds-- > 0) {
		int af = rand() % 2 ? AF_INET : AF_INET6;

		n += open_some(af, fds + n, MAXFDS - n);
		nap(rand() % 15);
		/* Close a random few, opened or not. */
		for (i = 0; i < n; i++)
			if (fds[i] != -1 && rand() % 3 == 0) {
				close(fds[i]);
				fds[i] = -1;
			}
		if (n > MAXFDS - 5) {
			for (i = 0; i < n; i++)
				if (fds[i] != -1)
					close(fds[i]);
			n = 0;
		}
	}
	_exit(0);
}

static void
writepid(const char *path, pid_t pid)
{
	char tmp[4096];
	FILE *fp;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if ((fp = fopen(tmp, "w")) == NULL)
		return;
	fprintf(fp, "%ld\n", (long)pid);
	if (fclose(fp) == 0)
		rename(tmp, path);
}

int
main(int argc, char *argv[])
{
	pid_t kids[MAXWORKERS];
	unsigned long started = 0, killed = 0, exited = 0;
	double end;
	int workers = 8, i, status;
	struct sigaction sa;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: churner SECONDS PIDFILE [WORKERS]\n");
		return 2;
	}
	end = now() + atof(argv[1]);
	if (argc == 4)
		workers = atoi(argv[3]);
	if (workers < 1 || workers > MAXWORKERS)
		workers = 8;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsig;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	srand((unsigned)getpid());
	for (i = 0; i < workers; i++)
		kids[i] = 0;
	while (!stop && now() < end) {
		pid_t p;

		for (i = 0; i < workers; i++) {
			if (kids[i] > 0 &&
			    waitpid(kids[i], &status, WNOHANG) == kids[i]) {
				if (WIFSIGNALED(status))
					killed++;
				else
					exited++;
				kids[i] = 0;
			}
			if (kids[i] > 0 && rand() % 8 == 0) {
				kill(kids[i], SIGKILL);
				continue;
			}
			if (kids[i] == 0) {
				unsigned seed = (unsigned)rand();

				if ((p = fork()) == -1)
					continue;
				if (p == 0)
					child(seed);
				kids[i] = p;
				started++;
				writepid(argv[2], p);
			}
		}
		nap(2);
	}
	for (i = 0; i < workers; i++)
		if (kids[i] > 0) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], &status, 0);
			killed++;
		}
	printf("churner: %lu processes started, %lu killed, %lu exited\n",
	    started, killed, exited);
	return 0;
}
