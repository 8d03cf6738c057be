#ifndef CONNSORT_H
#define CONNSORT_H

#include <stddef.h>

struct conn;

/*
 * Sorts the n rows at v by conn_cmp on two threads: each sorts half of the
 * rows' addresses, the halves are merged, and the rows moved along the
 * cycles of the permutation.  For 100 000 rows, where qsort alone was a
 * tenth of conns' time.  0, or -1 (ENOMEM, no thread) with v untouched,
 * for the caller to sort on one.
 */
int	connsort2(struct conn *v, size_t n);

#endif
