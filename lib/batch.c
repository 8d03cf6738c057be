#include <sys/stat.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "buf.h"
#include "compat.h"
#include "lines.h"
#include "out.h"

/*
 * A buffer holds two BLOCKs, which a regular file fills in one read(2); a
 * pipe gives at most its own buffer, PIPEFUL, a read.  A block of whole
 * lines is cut into up to CHUNKS chunks that the two threads take in turn,
 * so that one slowed down (a busy machine takes a processor away now and
 * then) leaves more of them to the other rather than keeping it waiting.
 * Below SPLIT bytes the second thread costs more to wake than it saves.
 */
#define BLOCK	(1 << 18)
#define CHUNKS	16
#define SPLIT	(1 << 16)
#define PIPEFUL	(1 << 16)

/* Whole lines to answer, their answers, and what came of it. */
struct chunk {
	char		*s;
	size_t		 n;
	struct buf	 out;
	int		 r;		/* 0, 1, -1 */
	int		 err;
};

/* The block under way, and the second thread waiting for the next. */
static struct {
	pthread_mutex_t	 lock;
	pthread_cond_t	 cv;
	struct chunk	*c;
	size_t		 n;
	_Atomic size_t	 next;		/* the next chunk either thread takes */
	unsigned	 gen;		/* of the block: a new one wakes it */
	int		 busy;		/* the second thread is on the block */
	int		 quit;
	batch_fn	 fn;
	void		*arg;
	struct buf	 scratch;	/* the second thread's */
} w = { .lock = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER };

/* Answers the lines of c, each as input_next hands it out; the last one
 * may lack its newline (c->s[c->n] is room for its NUL). */
static int
answer(struct chunk *c, struct buf *scratch)
{
	char *s = c->s, *e = c->s + c->n, *nl;
	size_t len;
	int r = 0, x;

	while (s < e && !out_error()) {
		if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL)
			nl = e;
		len = lines_trim(s, (size_t)(nl - s));
		if ((x = w.fn(w.arg, s, len, scratch)) == -1) {
			c->err = errno;
			return -1;
		}
		r |= x;
		s = nl + 1;
	}
	return r;
}

/* Takes chunks of the block until none is left, answering each into its
 * own buffer. */
static void
take(struct buf *scratch)
{
	struct chunk *c;
	size_t i;

	while ((i = atomic_fetch_add(&w.next, 1)) < w.n) {
		c = &w.c[i];
		out_sink(&c->out);
		c->r = answer(c, scratch);
		out_flush();		/* a failure is out_error's */
		out_sink(NULL);
	}
}

static void *
worker(void *arg)
{
	unsigned seen = 0;	/* batch_run zeroes gen before it starts us */

	(void)arg;
	pthread_mutex_lock(&w.lock);
	for (;;) {
		while (w.gen == seen && !w.quit)
			pthread_cond_wait(&w.cv, &w.lock);
		if (w.quit)
			break;
		seen = w.gen;
		pthread_mutex_unlock(&w.lock);
		take(&w.scratch);
		pthread_mutex_lock(&w.lock);
		w.busy = 0;
		pthread_cond_broadcast(&w.cv);
	}
	pthread_mutex_unlock(&w.lock);
	return NULL;
}

/* Starts the second thread on the n chunks of c. */
static void
start(struct chunk *c, size_t n)
{
	/* What this thread wrote before goes out before the chunks. */
	out_flush();
	pthread_mutex_lock(&w.lock);
	w.c = c;
	w.n = n;
	atomic_store(&w.next, 0);
	w.gen++;
	w.busy = 1;
	pthread_cond_broadcast(&w.cv);
	pthread_mutex_unlock(&w.lock);
}

/* Takes what chunks are left, waits for the second thread, then writes
 * the answers in order: 0, 1 when a line failed, -1 with errno when fn
 * stopped. */
static int
finish(struct buf *scratch)
{
	size_t i;
	int r = 0, err = 0;

	take(scratch);
	pthread_mutex_lock(&w.lock);
	while (w.busy)
		pthread_cond_wait(&w.cv, &w.lock);
	pthread_mutex_unlock(&w.lock);
	for (i = 0; i < w.n; i++) {
		if (r != -1)
			out_write(w.c[i].out.data, w.c[i].out.len);
		buf_reset(&w.c[i].out);
		if (w.c[i].r == -1 && r != -1) {
			r = -1;
			err = w.c[i].err;
		} else if (r != -1)
			r |= w.c[i].r;
	}
	errno = err;
	return r;
}

/* The reading of a batch: its descriptor, whether a read can block (not
 * a regular file), and an error held back until what was read is done. */
struct reader {
	int		 fd;
	int		 mayblock;
	int		 err;
};

/* Whether a read of r->fd would not block now. */
static int
ready(const struct reader *r)
{
	struct pollfd pfd;

	if (!r->mayblock)
		return 1;
	pfd.fd = r->fd;
	pfd.events = POLLIN;
	return poll(&pfd, 1, 0) == 1;
}

/*
 * Reads after the first *len bytes of *bp (growing it when full), again
 * while a full pipe has more waiting now, up to a block.  0, with *eof set
 * at the end of the stream, or -1 with errno; an error after some bytes
 * were read waits for the next call, so that those are answered first.
 */
static int
more(struct reader *rd, char **bp, size_t *capp, size_t *len, int *eof)
{
	size_t start = *len;
	ssize_t r;
	char *nb;

	if (rd->err != 0) {
		errno = rd->err;
		return -1;
	}
	do {
		if (*len == *capp) {
			if (*capp > SIZE_MAX / 2 - 1 ||
			    (nb = realloc(*bp, *capp * 2 + 1)) == NULL) {
				errno = ENOMEM;
				goto fail;
			}
			*bp = nb;
			*capp *= 2;
		}
		do
			r = read(rd->fd, *bp + *len, *capp - *len);
		while (r == -1 && errno == EINTR);
		if (r == -1)
			goto fail;
		*eof = r == 0;
		*len += (size_t)r;
	} while (r >= PIPEFUL && *len < BLOCK && ready(rd));
	return 0;
fail:
	if (*len == start)
		return -1;
	rd->err = errno;
	return 0;
}

/* Room for at least cap bytes (and a NUL) at *bp, two blocks at least,
 * so that a buffer grows seldom. */
static int
room(char **bp, size_t *capp, size_t cap)
{
	char *nb;

	if (*bp != NULL && *capp >= cap)
		return 0;
	if (cap < 2 * BLOCK)
		cap = 2 * BLOCK;
	if ((nb = realloc(*bp, cap + 1)) == NULL)
		return -1;
	*bp = nb;
	*capp = cap;
	return 0;
}

/* The tail of buffer cur (from end) to the front of the other, then more
 * read after it. */
static int
next(struct reader *rd, char **b, size_t *cap, int cur, size_t end,
    size_t tail, size_t *nlen, int *neof)
{
	if (room(&b[!cur], &cap[!cur], tail + BLOCK) == -1)
		return -1;
	memcpy(b[!cur], b[cur] + end, tail);
	*nlen = tail;
	return more(rd, &b[!cur], &cap[!cur], nlen, neof);
}

/* Cuts the n bytes at b into chunks that end at the newline after each
 * share; how many. */
static size_t
cut(char *b, size_t n, struct chunk *c)
{
	char *p = b, *e = b + n, *q;
	size_t k;

	for (k = 0; p < e; k++) {
		q = k + 1 == CHUNKS ? e : p + n / CHUNKS;
		if (q >= e || (q = memchr(q, '\n', (size_t)(e - q))) == NULL)
			q = e;
		else
			q++;
		c[k].s = p;
		c[k].n = (size_t)(q - p);
		p = q;
	}
	return k;
}

/*
 * While both threads answer a block, this one first reads the next into
 * the other buffer, the partial line that ends this block in front: the
 * read is no longer time the second thread waits.
 */
int
batch_run(int fd, int threads, batch_fn fn, void *arg)
{
	struct chunk c[CHUNKS], one;
	struct buf scratch = { NULL, 0, 0 };
	struct reader rd;
	struct stat st;
	pthread_t t;
	char *b[2] = { NULL, NULL }, *nl;
	size_t cap[2] = { 0, 0 }, len = 0, nlen, end, tail, i, clean = 0;
	int cur = 0, status = 0, started = 0, eof = 0, neof, x, ahead, rerr;
	int saved = 0;

	memset(c, 0, sizeof(c));
	memset(&one, 0, sizeof(one));
	w.fn = fn;
	w.arg = arg;
	rd.fd = fd;
	rd.mayblock = fstat(fd, &st) == -1 || !S_ISREG(st.st_mode);
	rd.err = 0;
	if (threads > 1 && sysconf(_SC_NPROCESSORS_ONLN) < 2)
		threads = 1;
	if (room(&b[0], &cap[0], BLOCK) == -1 ||
	    more(&rd, &b[0], &cap[0], &len, &eof) == -1)
		goto fail;
	while (len > 0 && !out_error()) {
		/* clean: the first bytes, known to hold no newline. */
		if (eof)
			end = len;
		else if ((nl = memrchr(b[cur] + clean, '\n', len - clean)) !=
		    NULL)
			end = (size_t)(nl - b[cur]) + 1;
		else {
			/* A line longer than the buffer: read on. */
			clean = len;
			if (more(&rd, &b[cur], &cap[cur], &len, &eof) == -1)
				goto fail;
			continue;
		}
		clean = 0;
		tail = len - end;
		if (threads > 1 && end >= SPLIT && !started) {
			w.gen = 0;
			if (pthread_create(&t, NULL, worker, NULL) == 0)
				started = 1;
			else
				threads = 1;
		}
		nlen = tail;
		neof = eof;
		if (threads > 1 && end >= SPLIT) {
			/* The next block read meanwhile, when that cannot keep
			 * answers made waiting for more input. */
			start(c, cut(b[cur], end, c));
			ahead = !eof && ready(&rd);
			rerr = ahead && next(&rd, b, cap, cur, end, tail, &nlen,
			    &neof) == -1 ? errno : 0;
			if ((x = finish(&scratch)) == -1)
				goto fail;
			if ((errno = rerr) != 0 || (!ahead && !eof && next(&rd,
			    b, cap, cur, end, tail, &nlen, &neof) == -1))
				goto fail;
			cur = !cur;
		} else {
			one.s = b[cur];
			one.n = end;
			if ((x = answer(&one, &scratch)) == -1) {
				errno = one.err;
				goto fail;
			}
			memmove(b[cur], b[cur] + end, tail);
			if (!eof && more(&rd, &b[cur], &cap[cur], &nlen,
			    &neof) == -1)
				goto fail;
		}
		status |= x;
		len = nlen;
		eof = neof;
		/* An error held back, with nothing left to answer. */
		if (len == 0 && rd.err != 0) {
			errno = rd.err;
			goto fail;
		}
	}
	goto out;
fail:
	saved = errno;
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
	free(b[0]);
	free(b[1]);
	buf_free(&scratch);
	buf_free(&w.scratch);
	for (i = 0; i < CHUNKS; i++)
		buf_free(&c[i].out);
	errno = saved;
	return status;
}
