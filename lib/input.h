#ifndef INPUT_H
#define INPUT_H

#include <stddef.h>

#include "lines.h"

/*
 * The inputs of a program: its operands, or with none the lines of a file
 * descriptor (standard input), with the newline and one trailing \r
 * dropped.  Lines of any length are read whole; a line may hold NUL bytes,
 * so callers use the length, but it is NUL-terminated all the same.
 */
struct input {
	char		**argv;
	int		  argc;
	int		  next;
	int		  fd;
	struct lines	  lines;
	int		  eof;
};

void	input_init(struct input *in, int argc, char **argv, int fd);
/* input_next past a line already read: an operand, a read, the end. */
int	input_more(struct input *in, char **s, size_t *n);
void	input_free(struct input *in);

/*
 * 1 and the line in *s, *n; 0 at the end; -1 on a read error (errno).
 * Inline, as a batch calls it once a line: the next line of the block
 * read is a memchr away.
 */
static inline int
input_next(struct input *in, char **s, size_t *n)
{
	if (in->fd != -1 && lines_next(&in->lines, s, n))
		return 1;
	return input_more(in, s, n);
}

#endif
