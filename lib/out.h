#ifndef OUT_H
#define OUT_H

#include <stdio.h>

/*
 * Flushes and checks a stream at exit: 0 when all was written, 1 when the
 * reader went away (EPIPE: the caller exits quietly, as cat does), -1 on
 * another write error, with errno set.
 */
int	out_close(FILE *);

#endif
