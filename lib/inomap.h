#ifndef INOMAP_H
#define INOMAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * Where each key of an array sorted by key first appears, found in one
 * probe of a hash table: for tens of thousands of sockets a binary search
 * of the sorted array was a cache miss a step, a tenth of conns' time.
 */
struct inoslot {
	uint64_t	 key;		/* 0: empty */
	size_t		 at;
};

struct inomap {
	struct inoslot	*v;
	size_t		 mask;
};

/* Indexes the n elements of size bytes at base, sorted by the nonzero
 * uint64_t at offset off in each.  0, or -1 with ENOMEM. */
int	inomap_build(struct inomap *m, const void *base, size_t n,
	    size_t size, size_t off);
/* The index of key's first element, or (size_t)-1 when none. */
size_t	inomap_find(const struct inomap *m, uint64_t key);
/* Asks the processor for key's slot ahead of inomap_find (a caller that
 * looks up many keys in turn hides the wait for memory so). */
void	inomap_prefetch(const struct inomap *m, uint64_t key);
void	inomap_free(struct inomap *m);

#endif
