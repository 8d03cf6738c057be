#ifndef MEM_H
#define MEM_H

#include <stddef.h>

/*
 * Appends a copy of the size bytes at elem to the array whose pointer is
 * at arrayp (a T **, for an array of T), which holds *n of *cap elements,
 * doubling it when full (from 64).  0, or -1 with ENOMEM and the array
 * untouched.
 */
int	mem_push(void *arrayp, size_t *n, size_t *cap, size_t size,
	    const void *elem);

#endif
