#ifndef MEM_H
#define MEM_H

#include <stddef.h>

/*
 * Room for one more element after the n of v, an array of *cap elements
 * of size bytes, doubled when full (from 64): the array, moved or not, or
 * NULL with ENOMEM and v untouched.
 */
void	*mem_grow(void *v, size_t n, size_t *cap, size_t size);

#endif
