#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"

/*
 * Our own reader rather than getline(3), for speed: see lib/lines.h.  The
 * policy here is a blocking read(2) of a block at a time, lines of any
 * length.
 */

void
input_init(struct input *in, int argc, char **argv, int fd)
{
	memset(in, 0, sizeof(*in));
	lines_init(&in->lines);
	in->argc = argc;
	in->argv = argv;
	in->fd = argc > 0 ? -1 : fd;
}

static int
fill(struct input *in)
{
	ssize_t r;
	size_t len;
	char *p;

	if ((p = lines_room(&in->lines, &len)) == NULL)
		return -1;
	do
		r = read(in->fd, p, len);
	while (r == -1 && errno == EINTR);
	if (r == -1)
		return -1;
	if (r == 0)
		in->eof = 1;
	lines_add(&in->lines, (size_t)r);
	return 0;
}

int
input_more(struct input *in, char **s, size_t *n)
{
	if (in->fd == -1) {
		if (in->next >= in->argc)
			return 0;
		*s = in->argv[in->next++];
		*n = strlen(*s);
		return 1;
	}
	while (!lines_next(&in->lines, s, n)) {
		if (in->eof)
			return lines_last(&in->lines, s, n);
		if (fill(in) == -1)
			return -1;
	}
	return 1;
}

void
input_free(struct input *in)
{
	lines_free(&in->lines);
}
