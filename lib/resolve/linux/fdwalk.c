/*
 * The sockets a process holds, from the links of /proc/PID/fd ("socket:[N]"):
 * Linux's alone, and the floor of a native query at many sockets.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <linux/magic.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "fdwalk.h"
#include "num.h"
#include "proc.h"

/* The inode in a link text "socket:[12345]", or 0. */
static unsigned long
sock_inode(const char *s, size_t n)
{
	const char *errstr;
	long long v;

	if (n < 10 || memcmp(s, "socket:[", 8) != 0 || s[n - 1] != ']')
		return 0;
	v = num_parsen(s + 8, n - 9, 1, LLONG_MAX, &errstr);
	return errstr != NULL ? 0 : (unsigned long)v;
}

/* A run of descriptors of the directory dfd to read the links of: those
 * listed in fds, or with fds NULL the numbers [0, n). */
struct run {
	int		 dfd;
	const int	*fds;
	size_t		 n;
	_Atomic size_t	 next;		/* the next not taken */
};

/* What one thread read of a run: the sockets, and how many descriptors
 * were open. */
struct walk {
	struct run	*run;
	struct fdwalk_sock *v;
	size_t		 n;
	size_t		 seen;
	int		 err;
};

/* Descriptors a thread takes at a time: two threads end within a few
 * of each other's, however the processors are shared between them and
 * the dump (halves fixed beforehand ended up to 15 ms apart). */
#define CHUNK	64

static void *
walk(void *arg)
{
	struct walk *w = arg;
	struct run *r = w->run;
	char name[24], link[64];
	unsigned long ino;
	ssize_t len;
	size_t i, at, end;
	int fd;

	if (r->n > 0 &&
	    (w->v = reallocarray(NULL, r->n, sizeof(*w->v))) == NULL) {
		w->err = errno;
		return NULL;
	}
	while ((at = atomic_fetch_add(&r->next, CHUNK)) < r->n) {
		end = r->n - at < CHUNK ? r->n : at + CHUNK;
		for (i = at; i < end; i++) {
			fd = r->fds != NULL ? r->fds[i] : (int)i;
			/* Its digits, as snprintf writes them, which was a
			 * tenth of a machine-wide walk's time in user space. */
			num_fmt(name, (unsigned)fd);
			len = readlinkat(r->dfd, name, link, sizeof(link));
			if (len == -1) {
				/* Not open, or closed meanwhile. */
				if (errno == ENOENT)
					continue;
				w->err = errno;
				return NULL;
			}
			w->seen++;
			if ((size_t)len >= sizeof(link) ||
			    (ino = sock_inode(link, (size_t)len)) == 0)
				continue;
			w->v[w->n].inode = ino;
			w->v[w->n].fd = fd;
			w->n++;
		}
	}
	return NULL;
}

/* Past this many descriptors a second thread shares the reading: a
 * readlink of /proc/PID/fd/N is the cost of the walk, and it is what
 * conns waits for at 10 000 sockets. */
#define WALK_SPLIT	512

/*
 * --watch reads the same processes every sample, and at 10 000 sockets
 * the walk is nearly all of its CPU.  So the list of a process holding
 * many sockets is kept and given again while its descriptor directory is
 * the same one (its inode: a new process under a reused pid has another)
 * with as many entries (st_size, since Linux 6.2; 0 before, and then
 * nothing is kept).  A descriptor closed and another opened between two
 * samples keep the count: owner.c walks anew when a socket nobody holds
 * appears (one opened so), which the dump shows, as netlink dumps rather
 * than looks up past 256 sockets; and a list is given at most MEMO_USES
 * times, for what no sample shows (a socket shared with another process,
 * closed here, a file opened in its place).
 */
#define MEMO_MIN	WALK_SPLIT	/* sockets: below, the walk is cheap */
#define MEMO_USES	10

struct memo {
	pid_t		 pid;
	ino_t		 dir;
	off_t		 size;
	unsigned	 uses;
	int		 asked;		/* in the round going on */
	struct fdwalk_sock *v;
	size_t		 n;
};

static struct {
	pthread_mutex_t	 lock;
	struct memo	*v;
	size_t		 n;
} memo = { PTHREAD_MUTEX_INITIALIZER, NULL, 0 };

/* The list kept for pid under that directory and count, copied, or -1. */
static int
memo_get(pid_t pid, const struct stat *st, struct fdwalk_sock **vp,
    size_t *np)
{
	struct memo *m;
	size_t i;
	int r = -1;

	pthread_mutex_lock(&memo.lock);
	for (i = 0; i < memo.n && memo.v[i].pid != pid; i++)
		;
	if (i == memo.n)
		goto out;
	m = &memo.v[i];
	m->asked = 1;
	/* Changed or used up: dropped, whether or not the walk keeps a
	 * new one, so that it never stands for a table it does not match. */
	if (m->dir != st->st_ino || m->size != st->st_size ||
	    m->uses >= MEMO_USES) {
		free(m->v);
		memo.v[i] = memo.v[--memo.n];
		goto out;
	}
	*vp = NULL;
	if (m->n > 0) {
		if ((*vp = reallocarray(NULL, m->n, sizeof(**vp))) == NULL)
			goto out;
		memcpy(*vp, m->v, m->n * sizeof(**vp));
	}
	*np = m->n;
	m->uses++;
	r = 0;
out:
	pthread_mutex_unlock(&memo.lock);
	return r;
}

/* Keeps a walk's list; out of memory, it is simply not kept. */
static void
memo_put(pid_t pid, const struct stat *st, const struct fdwalk_sock *v,
    size_t n)
{
	struct fdwalk_sock *copy = NULL;
	struct memo *m, *nv;
	size_t i;

	if (n > 0 && (copy = reallocarray(NULL, n, sizeof(*copy))) == NULL)
		return;
	if (n > 0)
		memcpy(copy, v, n * sizeof(*copy));
	pthread_mutex_lock(&memo.lock);
	for (i = 0; i < memo.n && memo.v[i].pid != pid; i++)
		;
	if (i == memo.n) {
		if ((nv = reallocarray(memo.v, memo.n + 1, sizeof(*nv))) ==
		    NULL) {
			pthread_mutex_unlock(&memo.lock);
			free(copy);
			return;
		}
		memo.v = nv;
		memo.n++;
	} else
		free(memo.v[i].v);
	m = &memo.v[i];
	m->pid = pid;
	m->dir = st->st_ino;
	m->size = st->st_size;
	m->uses = 0;
	m->asked = 1;
	m->v = copy;
	m->n = n;
	pthread_mutex_unlock(&memo.lock);
}

void
fdwalk_round(int all)
{
	size_t i, j;

	pthread_mutex_lock(&memo.lock);
	for (i = j = 0; i < memo.n; i++) {
		if (all || !memo.v[i].asked) {
			free(memo.v[i].v);
			continue;
		}
		memo.v[i].asked = 0;
		memo.v[j++] = memo.v[i];
	}
	memo.n = j;
	if (j == 0) {
		free(memo.v);
		memo.v = NULL;
	}
	pthread_mutex_unlock(&memo.lock);
}

/* Reads run r into w[0] here and, when it is long enough to be worth a
 * thread, into w[1] in a second one. */
static void
walk_run(struct run *r, int dfd, const int *fds, size_t n, struct walk w[2],
    int threads)
{
	pthread_t t;
	int two = 0;

	r->dfd = dfd;
	r->fds = fds;
	r->n = n;
	atomic_init(&r->next, 0);
	w[0].run = w[1].run = r;
	if (n > WALK_SPLIT && threads > 1 &&
	    pthread_create(&t, NULL, walk, &w[1]) == 0)
		two = 1;
	walk(&w[0]);
	if (two)
		pthread_join(t, NULL);
}

/*
 * Listing /proc/PID/fd costs the kernel a lookup of each entry, a third
 * of what reading the links costs; so where the directory tells how many
 * descriptors are open (st_size, Linux 6.2+), the numbers below that
 * count are read without a listing, as a table filled from 0 has them,
 * and the directory is listed only from there on (its offset is the
 * number plus 2): whatever changes meanwhile, a descriptor open all along
 * is read once, below the count or above it.
 */
#define PROBE_MIN	32

int
fdwalk_socks(pid_t pid, int threads, struct fdwalk_sock **vp, size_t *np,
    int *kept)
{
	struct walk w[4];
	struct run r[2];
	struct fdwalk_sock *v;
	struct statfs sfs;
	struct stat st;
	char path[32];
	int *fds = NULL, pfd, dfd = -1, lfd, saved, keep = 0;
	size_t n = 0, nsock, seen, i;
	off_t probed = 0;

	memset(w, 0, sizeof(w));
	memset(&st, 0, sizeof(st));
	snprintf(path, sizeof(path), "%d", (int)pid);
	/* Held open, the directory keeps naming this process: once it has
	 * exited every read below fails rather than reading a successor. */
	if ((pfd = proc_open(path, O_RDONLY | O_DIRECTORY)) == -1) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	if ((dfd = openat(pfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1 || fstat(dfd, &st) == -1)
		goto fail;
	/* Only procfs counts descriptors there; a recorded tree's directory
	 * has a size of its own, and is read as before Linux 6.2. */
	if (fstatfs(dfd, &sfs) == -1 || sfs.f_type != PROC_SUPER_MAGIC)
		st.st_size = 0;
	if (kept != NULL) {
		*kept = 0;
		keep = st.st_size >= MEMO_MIN;
		if (keep && memo_get(pid, &st, &w[0].v, &w[0].n) == 0) {
			*kept = 1;
			goto done;
		}
	}
	if (st.st_size >= PROBE_MIN && st.st_size <= INT_MAX) {
		probed = st.st_size;
		walk_run(&r[0], dfd, NULL, (size_t)probed, w, threads);
		if ((errno = w[0].err) != 0 || (errno = w[1].err) != 0)
			goto fail;
	}
	/* One descriptor to list the directory with, one to read links. */
	if ((lfd = fcntl(dfd, F_DUPFD_CLOEXEC, 0)) == -1)
		goto fail;
	if (probed > 0 && lseek(lfd, probed + 2, SEEK_SET) == -1) {
		close(lfd);
		goto fail;
	}
	if (proc_numbers(lfd, (int)probed, &fds, &n) == -1)
		goto fail;
	walk_run(&r[1], dfd, fds, n, w + 2, threads);
	if ((errno = w[2].err) != 0 || (errno = w[3].err) != 0)
		goto fail;
	for (i = 1, nsock = w[0].n, seen = w[0].seen; i < 4; i++) {
		nsock += w[i].n;
		seen += w[i].seen;
	}
	if (nsock > w[0].n) {
		if ((v = reallocarray(w[0].v, nsock, sizeof(*v))) == NULL)
			goto fail;
		w[0].v = v;
		for (i = 1; i < 4; i++) {
			if (w[i].n > 0)
				memcpy(w[0].v + w[0].n, w[i].v,
				    w[i].n * sizeof(*w[i].v));
			w[0].n += w[i].n;
		}
	}
	/* Kept only when the count is the one read: the kernel keeps it. */
	if (keep && (size_t)st.st_size == seen && w[0].n >= MEMO_MIN)
		memo_put(pid, &st, w[0].v, w[0].n);
done:
	/* Still there at the end: the list is this process's, whole. */
	if (faccessat(pfd, "stat", F_OK, 0) == -1)
		goto fail;
	for (i = 1; i < 4; i++)
		free(w[i].v);
	free(fds);
	close(dfd);
	close(pfd);
	if (w[0].n == 0) {
		free(w[0].v);
		w[0].v = NULL;
	}
	*vp = w[0].v;
	*np = w[0].n;
	return 0;
fail:
	saved = errno;
	if (dfd != -1)
		close(dfd);
	close(pfd);
	free(fds);
	for (i = 0; i < 4; i++)
		free(w[i].v);
	errno = saved == ENOENT ? ESRCH : saved;
	return -1;
}
