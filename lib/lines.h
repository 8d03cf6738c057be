#ifndef LINES_H
#define LINES_H

#include <stddef.h>
#include <string.h>

/*
 * The lines of a byte stream, split in a buffer the caller reads into: it
 * asks lines_room for space, reads up to its size there (read(2) after
 * poll(2) or not: that policy is the caller's), says how much with
 * lines_add, then takes the complete lines with lines_next.  Each line is
 * handed out without its newline and one trailing \r, NUL-terminated in
 * place; it stays valid until the next lines_room.  A line may hold NUL
 * bytes, so callers use the length.
 */

/*
 * One read(2) per 64 KiB and memchr over the block is what keeps a
 * million-line batch near the speed of wc -l.  The buffer only grows past
 * two blocks for a line longer than a block, so memory follows the longest
 * line, not the length of the stream.
 */
#define LINES_BLOCK	65536

struct lines {
	char	*buf;
	size_t	 cap;
	size_t	 start;		/* first byte not handed out */
	size_t	 end;		/* one past the last byte read into buf */
	size_t	 scan;		/* no \n from start to here: memchr goes on */
};

void	lines_init(struct lines *l);
/*
 * Makes room for a block (and a NUL) after the bytes not handed out, moving
 * them to the front; where to read and in *len how much.  NULL with errno
 * ENOMEM.
 */
char	*lines_room(struct lines *l, size_t *len);
/* At the end of the stream: 1 and the last line in *s, *n when it has no
 * newline, else 0. */
int	lines_last(struct lines *l, char **s, size_t *n);
void	lines_free(struct lines *l);

/* The n bytes just read at what lines_room returned are part of the stream. */
static inline void
lines_add(struct lines *l, size_t n)
{
	l->end += n;
}

/* Bytes read and not handed out: the start of a line without its newline
 * once lines_next has returned 0. */
static inline size_t
lines_pending(const struct lines *l)
{
	return l->end - l->start;
}

/* The len bytes at line, up to its newline, as a line is handed out: one
 * trailing \r dropped, NUL-terminated in place; its length. */
static inline size_t
lines_trim(char *line, size_t len)
{
	if (len > 0 && line[len - 1] == '\r')
		len--;
	line[len] = '\0';
	return len;
}

/* For lines_next and lines_last: the bytes from start to eol are a line,
 * and next is where the one after it starts. */
static inline void
lines_cut(struct lines *l, size_t eol, size_t next, char **s, size_t *n)
{
	char *line = l->buf + l->start;

	*n = lines_trim(line, eol - l->start);
	*s = line;
	l->start = l->scan = next;
}

/*
 * 1 and the next line in *s, *n; 0 when no complete line is left, after
 * which at the end of the stream lines_last hands out the rest.  Inline,
 * as it runs once a line; memchr looks at the new bytes only, so a long
 * line read over many blocks stays linear in time.
 */
static inline int
lines_next(struct lines *l, char **s, size_t *n)
{
	char *nl;
	size_t eol;

	if (l->end > l->scan && (nl = memchr(l->buf + l->scan, '\n',
	    l->end - l->scan)) != NULL) {
		eol = (size_t)(nl - l->buf);
		lines_cut(l, eol, eol + 1, s, n);
		return 1;
	}
	l->scan = l->end;
	return 0;
}

/*
 * For a caller that parses lines in place while it looks for their ends:
 * the bytes read and not handed out, *avail of them (whole lines or not);
 * lines_skip then takes the first n of them, up to a newline.
 */
static inline char *
lines_peek(const struct lines *l, size_t *avail)
{
	*avail = l->end - l->start;
	return l->buf + l->start;
}

static inline void
lines_skip(struct lines *l, size_t n)
{
	l->start += n;
	if (l->scan < l->start)
		l->scan = l->start;
}

#endif
