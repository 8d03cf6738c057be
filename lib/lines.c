#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"

void
lines_init(struct lines *l)
{
	memset(l, 0, sizeof(*l));
}

char *
lines_room(struct lines *l, size_t *len)
{
	size_t keep = l->end - l->start, cap;
	char *p;

	if (l->start > 0) {
		memmove(l->buf, l->buf + l->start, keep);
		l->scan -= l->start;
		l->start = 0;
		l->end = keep;
	}
	/* +1 leaves room to NUL-terminate a last line without a newline. */
	if (l->cap - l->end < LINES_BLOCK + 1) {
		cap = l->cap ? l->cap * 2 : LINES_BLOCK * 2;
		while (cap - l->end < LINES_BLOCK + 1) {
			if (cap > SIZE_MAX / 2) {
				errno = ENOMEM;
				return NULL;
			}
			cap *= 2;
		}
		if ((p = realloc(l->buf, cap)) == NULL)
			return NULL;
		l->buf = p;
		l->cap = cap;
	}
	*len = l->cap - l->end - 1;
	return l->buf + l->end;
}

int
lines_last(struct lines *l, char **s, size_t *n)
{
	if (l->end == l->start)
		return 0;
	lines_cut(l, l->end, l->end, s, n);
	return 1;
}

void
lines_free(struct lines *l)
{
	free(l->buf);
	lines_init(l);
}
