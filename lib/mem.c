#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "mem.h"

void *
mem_grow(void *v, size_t n, size_t *cap, size_t size)
{
	size_t c;

	if (n < *cap)
		return v;
	c = *cap ? *cap * 2 : 64;
	if (c > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	if ((v = realloc(v, c * size)) != NULL)
		*cap = c;
	return v;
}
