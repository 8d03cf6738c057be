#ifndef BATCH_H
#define BATCH_H

#include <stddef.h>

struct buf;

/*
 * A batch: the lines of a descriptor answered one by one, on two threads
 * where the machine has two processors and the input comes in large
 * blocks (a file, a busy pipe).  Each block of whole lines is cut in two
 * at a newline; this thread answers the first half straight to stdout
 * while a second answers the other into a buffer of its own (out_sink),
 * written after it, so the answers come out in input order.  Small reads
 * (a terminal, a slow pipe) are answered at once, on this thread alone.
 *
 * fn gets each line as input_next hands it out (no newline, one \r
 * dropped, NUL-terminated in place, NUL bytes kept), and a scratch buffer
 * of its thread; it writes its answer with out_* and returns 0 (the line
 * passed), 1 (it failed), or -1 to stop with errno set.  fn must be safe
 * to run on two threads at once (threads 2).
 */
typedef int	(*batch_fn)(void *arg, char *s, size_t n, struct buf *scratch);

/*
 * 0 when every line passed, 1 when one failed, -1 on a read error or when
 * fn stopped (errno set).  Stops early once a write failed (out_error).
 * threads is 1 or 2: 2 only for an fn that is safe on two threads.
 */
int	batch_run(int fd, int threads, batch_fn fn, void *arg);

#endif
