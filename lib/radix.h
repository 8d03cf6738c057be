#ifndef RADIX_H
#define RADIX_H

#include <stddef.h>

/*
 * Sorts the n elements of size bytes at base by the uint64_t at
 * offset off in each, stably: elements of one key keep their order.  For
 * the tens of thousands of sockets of a machine, where qsort's calls of a
 * comparison were a tenth of conns' time after the walk.  0, or -1 with
 * ENOMEM and base untouched.
 */
int	radix_sort(void *base, size_t n, size_t size, size_t off);

#endif
