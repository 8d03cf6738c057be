#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "out.h"

_Thread_local char	out_block[OUT_BLOCK];
_Thread_local size_t	out_blen;
_Atomic int		out_failed;	/* errno of the first failed write */
static _Thread_local struct buf *sink;

void
out_sink(struct buf *b)
{
	sink = b;
}

int
out_flush(void)
{
	if (sink != NULL) {
		if (out_blen > 0 && buf_add(sink, out_block, out_blen) == -1)
			out_failed = ENOMEM;
		out_blen = 0;
		return out_failed == 0 ? 0 : -1;
	}
	if (out_failed == 0 && out_blen > 0) {
		errno = 0;
		if (fwrite(out_block, 1, out_blen, stdout) != out_blen)
			out_failed = errno != 0 ? errno : EIO;
	}
	out_blen = 0;
	errno = out_failed;
	return out_failed == 0 ? 0 : -1;
}

char *
out_room_flush(size_t n)
{
	char *p;

	out_flush();
	if (n > sizeof(out_block))
		return NULL;
	p = out_block + out_blen;
	out_blen += n;
	return p;
}

void
out_put(const void *s, size_t n)
{
	size_t k;

	/* An empty field may come as NULL; memcpy must not see it. */
	if (n == 0)
		return;
	/* A block's worth or more (a part of a batch) goes out as it is. */
	if (n >= sizeof(out_block) && sink == NULL) {
		out_flush();
		errno = 0;
		if (out_failed == 0 && fwrite(s, 1, n, stdout) != n)
			out_failed = errno != 0 ? errno : EIO;
		return;
	}
	while (n > (k = sizeof(out_block) - out_blen)) {
		memcpy(out_block + out_blen, s, k);
		out_blen += k;
		s = (const char *)s + k;
		n -= k;
		out_flush();
	}
	memcpy(out_block + out_blen, s, n);
	out_blen += n;
}

void
out_putc(int c)
{
	if (out_blen == sizeof(out_block))
		out_flush();
	out_block[out_blen++] = (char)c;
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
