#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "compat.h"
#include "out.h"

/*
 * Read at once: a regular file gives this much a read(2), a pipe at most
 * its buffer, 64 KiB.  Below SPLIT bytes of whole lines the second thread
 * costs more to wake than it saves.
 */
#define BLOCK	(1 << 20)
#define SPLIT	(1 << 16)
#define PIPEFUL	(1 << 16)

/* Whole lines to answer, and what came of it. */
struct part {
	char		*s;
	size_t		 n;
	batch_fn	 fn;
	void		*arg;
	struct buf	 scratch;
	struct buf	 out;		/* the second thread's answers */
	int		 r;
	int		 err;
};

/* Answers the lines of p; the last one may lack its newline (s[n] is
 * room for its NUL). */
static int
answer(struct part *p)
{
	char *s = p->s, *e = p->s + p->n, *nl;
	size_t len;
	int r = 0, x;

	while (s < e && !out_error()) {
		if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL)
			nl = e;
		len = (size_t)(nl - s);
		if (len > 0 && s[len - 1] == '\r')
			len--;
		s[len] = '\0';
		if ((x = p->fn(p->arg, s, len, &p->scratch)) == -1) {
			p->err = errno;
			return -1;
		}
		r |= x;
		s = nl + 1;
	}
	return r;
}

/* The second thread: one part at a time, until told to end. */
static struct {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cv;
	struct part	*job;		/* to answer; NULL once answered */
	int		 quit;
} w = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0 };

static void *
worker(void *arg)
{
	struct part *p;

	(void)arg;
	pthread_mutex_lock(&w.lock);
	for (;;) {
		while (w.job == NULL && !w.quit)
			pthread_cond_wait(&w.cv, &w.lock);
		if ((p = w.job) == NULL)
			break;
		pthread_mutex_unlock(&w.lock);
		out_sink(&p->out);
		p->r = answer(p);
		if (out_flush() == -1 && p->r != -1)
			p->r = 0;	/* out_error tells */
		out_sink(NULL);
		pthread_mutex_lock(&w.lock);
		w.job = NULL;
		pthread_cond_broadcast(&w.cv);
	}
	pthread_mutex_unlock(&w.lock);
	return NULL;
}

static void
hand(struct part *p)
{
	pthread_mutex_lock(&w.lock);
	w.job = p;
	pthread_cond_broadcast(&w.cv);
	pthread_mutex_unlock(&w.lock);
}

static void
await(void)
{
	pthread_mutex_lock(&w.lock);
	while (w.job != NULL)
		pthread_cond_wait(&w.cv, &w.lock);
	pthread_mutex_unlock(&w.lock);
}

/* read(2), again when a signal interrupted it. */
static ssize_t
fill(int fd, char *b, size_t room)
{
	ssize_t r;

	do
		r = read(fd, b, room);
	while (r == -1 && errno == EINTR);
	return r;
}

int
batch_run(int fd, int threads, batch_fn fn, void *arg)
{
	struct part one, two;
	pthread_t t;
	char *buf = NULL, *nb, *nl, *mid, *split;
	size_t cap = BLOCK, len = 0, end;
	ssize_t r;
	int status = 0, started = 0, eof = 0, saved = 0;

	memset(&one, 0, sizeof(one));
	memset(&two, 0, sizeof(two));
	one.fn = two.fn = fn;
	one.arg = two.arg = arg;
	if (threads > 1 && sysconf(_SC_NPROCESSORS_ONLN) < 2)
		threads = 1;
	/* +1: room for the NUL of a last line without its newline. */
	if ((buf = malloc(cap + 1)) == NULL)
		return -1;
	while (!eof && !out_error()) {
		/* A full pipe has more waiting: read on, up to a block. */
		do {
			if (len == cap) {
				if (cap > SIZE_MAX / 2 - 1 ||
				    (nb = realloc(buf, cap * 2 + 1)) == NULL) {
					saved = ENOMEM;
					goto fail;
				}
				buf = nb;
				cap *= 2;
			}
			if ((r = fill(fd, buf + len, cap - len)) == -1) {
				saved = errno;
				goto fail;
			}
			eof = r == 0;
			len += (size_t)r;
		} while (r >= PIPEFUL && len < BLOCK);
		if (eof)
			end = len;
		else if ((nl = memrchr(buf, '\n', len)) != NULL)
			end = (size_t)(nl - buf) + 1;
		else
			continue;	/* a line longer than the buffer */
		one.s = buf;
		one.n = end;
		/* The second half starts after the newline nearest the middle. */
		split = NULL;
		if (threads > 1 && end >= SPLIT && (mid = memchr(buf + end / 2,
		    '\n', end - end / 2)) != NULL && mid + 1 < buf + end)
			split = mid + 1;
		if (split != NULL && !started) {
			if (pthread_create(&t, NULL, worker, NULL) == 0)
				started = 1;
			else {
				threads = 1;
				split = NULL;
			}
		}
		if (split != NULL) {
			one.n = (size_t)(split - buf);
			two.s = split;
			two.n = end - one.n;
			hand(&two);
			one.r = answer(&one);
			await();
			out_put(two.out.data, two.out.len);
			buf_reset(&two.out);
			if (one.r == -1 || two.r == -1) {
				saved = one.r == -1 ? one.err : two.err;
				goto fail;
			}
			status |= one.r | two.r;
		} else {
			if ((one.r = answer(&one)) == -1) {
				saved = one.err;
				goto fail;
			}
			status |= one.r;
		}
		memmove(buf, buf + end, len - end);
		len -= end;
	}
	goto out;
fail:
	status = -1;
out:
	if (started) {
		pthread_mutex_lock(&w.lock);
		w.quit = 1;
		pthread_cond_broadcast(&w.cv);
		pthread_mutex_unlock(&w.lock);
		pthread_join(t, NULL);
		w.quit = 0;
	}
	free(buf);
	buf_free(&one.scratch);
	buf_free(&two.scratch);
	buf_free(&two.out);
	errno = saved;
	return status;
}
