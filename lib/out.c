#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "out.h"

/*
 * The block for stdout; out_at and out_end are in it, or in the sink's
 * data, from base.  All three NULL until the first write.
 */
static _Thread_local char	 block[OUT_BLOCK];
_Thread_local char		*out_at;
_Thread_local char		*out_end;
static _Thread_local char	*base;
static _Thread_local struct buf	*sink;
_Atomic int			 out_failed;	/* errno of the first failed write */

/* What the sink holds: its own bytes and those written in place. */
static size_t
sink_len(void)
{
	return base == NULL ? sink->len : (size_t)(out_at - base);
}

/* Room in the sink for n bytes more, a block at least: 0, or -1 when it
 * cannot grow (a failed write, ENOMEM; nothing more goes in). */
static int
sink_room(size_t n)
{
	sink->len = sink_len();
	if (buf_grow(sink, n > OUT_BLOCK ? n : OUT_BLOCK) == -1) {
		out_failed = ENOMEM;
		out_end = out_at;
		return -1;
	}
	base = sink->data;
	out_at = base + sink->len;
	out_end = base + sink->cap - 1;
	return 0;
}

void
out_sink(struct buf *b)
{
	out_at = out_end = base = NULL;
	if ((sink = b) != NULL)
		sink_room(OUT_BLOCK);
}

int
out_flush(void)
{
	size_t n;

	if (sink != NULL) {
		if (base != NULL) {
			sink->len = sink_len();
			sink->data[sink->len] = '\0';
		}
		return out_failed == 0 ? 0 : -1;
	}
	n = out_at == NULL ? 0 : (size_t)(out_at - block);
	if (out_failed == 0 && n > 0) {
		errno = 0;
		if (fwrite(block, 1, n, stdout) != n)
			out_failed = errno != 0 ? errno : EIO;
	}
	out_at = block;
	out_end = block + sizeof(block);
	errno = out_failed;
	return out_failed == 0 ? 0 : -1;
}

char *
out_room_flush(size_t n)
{
	char *p;

	if (sink != NULL) {
		if (sink_room(n) == -1)
			return NULL;
	} else {
		out_flush();
		if (n > sizeof(block))
			return NULL;
	}
	p = out_at;
	out_at += n;
	return p;
}

void
out_put(const void *s, size_t n)
{
	size_t k;

	/* An empty field may come as NULL; memcpy must not see it. */
	if (n == 0)
		return;
	/* A block's worth or more goes out as it is. */
	if (n >= sizeof(block) && sink == NULL) {
		out_write(s, n);
		return;
	}
	if (sink != NULL && n > (size_t)(out_end - out_at) &&
	    sink_room(n) == -1)
		return;
	/* To stdout, a block at a time (the sink has room for it all). */
	while (n > (k = (size_t)(out_end - out_at))) {
		if (k > 0) {
			memcpy(out_at, s, k);
			out_at += k;
			s = (const char *)s + k;
			n -= k;
		}
		out_flush();
	}
	memcpy(out_at, s, n);
	out_at += n;
}

void
out_write(const void *s, size_t n)
{
	if (sink != NULL) {
		out_put(s, n);
		return;
	}
	out_flush();
	errno = 0;
	if (out_failed == 0 && n > 0 && fwrite(s, 1, n, stdout) != n)
		out_failed = errno != 0 ? errno : EIO;
}

void
out_putc(int c)
{
	if (out_at == out_end) {
		if (sink != NULL ? sink_room(1) == -1 : (out_flush(), 0))
			return;
	}
	*out_at++ = (char)c;
}

void
out_puts(const char *s)
{
	out_put(s, strlen(s));
}

int
out_close(FILE *fp)
{
	struct pollfd pfd;
	int bad;

	if (fp == stdout && out_flush() == -1)
		return errno == EPIPE ? 1 : -1;
	errno = 0;
	bad = fflush(fp) == EOF || ferror(fp);
	if (!bad)
		return 0;
	if (errno == 0) {
		/*
		 * The write that failed came earlier and its errno is gone.
		 * The write end of a pipe or socket whose reader went away
		 * polls POLLERR: that was EPIPE (with SIGPIPE ignored).
		 */
		pfd.fd = fileno(fp);
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (pfd.fd >= 0 && poll(&pfd, 1, 0) == 1 &&
		    (pfd.revents & POLLERR))
			errno = EPIPE;
		else
			errno = EIO;
	}
	return errno == EPIPE ? 1 : -1;
}
