#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"

/*
 * Our own reader rather than getline(3): one read(2) per 64 KiB and memchr
 * over the block is what keeps a million-line batch near the speed of wc -l.
 */
#define INPUT_BLOCK	65536

void
input_init(struct input *in, int argc, char **argv, int fd)
{
	memset(in, 0, sizeof(*in));
	in->argc = argc;
	in->argv = argv;
	in->fd = argc > 0 ? -1 : fd;
}

static int
fill(struct input *in)
{
	ssize_t r;
	size_t keep = in->end - in->start;

	if (in->start > 0) {
		memmove(in->buf, in->buf + in->start, keep);
		in->start = 0;
		in->end = keep;
	}
	/* +1 leaves room to NUL-terminate a last line without a newline. */
	if (in->cap - in->end < INPUT_BLOCK + 1) {
		size_t cap = in->cap ? in->cap * 2 : INPUT_BLOCK * 2;
		char *p;

		while (cap - in->end < INPUT_BLOCK + 1)
			cap *= 2;
		if ((p = realloc(in->buf, cap)) == NULL)
			return -1;
		in->buf = p;
		in->cap = cap;
	}
	do
		r = read(in->fd, in->buf + in->end, in->cap - in->end - 1);
	while (r == -1 && errno == EINTR);
	if (r == -1)
		return -1;
	if (r == 0)
		in->eof = 1;
	in->end += (size_t)r;
	return 0;
}

int
input_next(struct input *in, char **s, size_t *n)
{
	char *line, *nl;
	size_t len, seen = 0;	/* bytes of this line known to hold no \n */

	if (in->fd == -1) {
		if (in->next >= in->argc)
			return 0;
		*s = in->argv[in->next++];
		*n = strlen(*s);
		return 1;
	}
	/* buf + start with buf NULL is undefined, even for a zero offset. */
	if (in->buf == NULL && fill(in) == -1)
		return -1;
	for (;;) {
		line = in->buf + in->start;
		/* Only the new bytes: a long line stays linear in time. */
		nl = in->end - in->start > seen ?
		    memchr(line + seen, '\n', in->end - in->start - seen) : NULL;
		seen = in->end - in->start;
		if (nl != NULL) {
			len = (size_t)(nl - line);
			in->start += len + 1;
			break;
		}
		if (in->eof) {
			if (in->end == in->start)
				return 0;
			len = in->end - in->start;
			in->start = in->end;
			break;
		}
		if (fill(in) == -1)
			return -1;
	}
	if (len > 0 && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	*s = line;
	*n = len;
	return 1;
}

void
input_free(struct input *in)
{
	free(in->buf);
	in->buf = NULL;
}
