#ifndef OUT_H
#define OUT_H

#include <stddef.h>
#include <stdio.h>

/*
 * Standard output through one block of OUT_BLOCK bytes, handed to stdio
 * whole when full: a million short records cost a few hundred writes and
 * no allocation.  A failed write is remembered (out_error) and what
 * follows is dropped, so a program can stop its loop and let cli_end say
 * what happened.
 */
#define OUT_BLOCK	(1 << 16)

/* Appends n bytes, or one byte. */
void	out_put(const void *s, size_t n);
/* Appends n bytes without copying them into the block: for a large piece
 * made elsewhere (the answers of a part of a batch). */
void	out_write(const void *s, size_t n);
void	out_putc(int c);
void	out_puts(const char *s);
/*
 * Where the block being filled is, up to where: for out_room alone.  One
 * per thread: a thread that answers part of a batch (lib/batch.c) fills a
 * buffer of its own (out_sink) in place of the block that goes to stdout.
 */
extern _Thread_local char	*out_at;
extern _Thread_local char	*out_end;

struct buf;
/* This thread's output goes to the end of b rather than to stdout; NULL:
 * to stdout again (call out_flush first).  A buffer that cannot grow is a
 * failed write (ENOMEM). */
void	out_sink(struct buf *b);

/* out_room when the block is full: flushes it first. */
char	*out_room_flush(size_t n);

/*
 * Room for exactly n bytes at the end of the block, for the caller to
 * fill: one call for a whole record.  NULL when n is more than a block
 * (the caller then uses out_put).  Inline, as it runs once a record.
 */
static inline char *
out_room(size_t n)
{
	char *p;

	if (n > (size_t)(out_end - out_at))
		return out_room_flush(n);
	p = out_at;
	out_at += n;
	return p;
}
/* Hands the block to stdio: 0, or -1 with errno once a write failed. */
int	out_flush(void);
/* The errno of the first failed write, 0 while none failed; inline, as a
 * batch asks once a record. */
extern _Atomic int	out_failed;

static inline int
out_error(void)
{
	return out_failed;
}

/*
 * Flushes and checks a stream at exit: 0 when all was written, 1 when the
 * reader went away (EPIPE), -1 on another write error, with errno set.
 */
int	out_close(FILE *fp);

#endif
