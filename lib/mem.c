#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

int
mem_push(void *arrayp, size_t *n, size_t *cap, size_t size, const void *elem)
{
	void *v;
	size_t c;

	/* Every pointer to a structure has one representation (C11
	 * 6.2.5), so the array's pointer is copied as bytes. */
	memcpy(&v, arrayp, sizeof(v));
	if (*n == *cap) {
		c = *cap ? *cap * 2 : 64;
		if (c > SIZE_MAX / size) {
			errno = ENOMEM;
			return -1;
		}
		if ((v = realloc(v, c * size)) == NULL)
			return -1;
		*cap = c;
		memcpy(arrayp, &v, sizeof(v));
	}
	memcpy((char *)v + *n * size, elem, size);
	(*n)++;
	return 0;
}
