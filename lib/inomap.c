/* Open addressing with linear probing, at most half full.  libc's
 * hsearch takes strings, one table a process. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inomap.h"

static size_t
slot(const struct inomap *m, uint64_t key)
{
	/* Fibonacci hashing, as inodes are near-consecutive numbers: the
	 * product's bits from 32 up, enough for any table of this size. */
	return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 32) & m->mask;
}

int
inomap_build(struct inomap *m, const void *base, size_t n, size_t size,
    size_t off)
{
	const unsigned char *p = base;
	uint64_t key, last = 0;
	size_t cap = 16, i, s;

	memset(m, 0, sizeof(*m));
	if (n > SIZE_MAX / 4 / sizeof(*m->v)) {
		errno = ENOMEM;
		return -1;
	}
	while (cap < 2 * n)
		cap *= 2;
	if ((m->v = calloc(cap, sizeof(*m->v))) == NULL)
		return -1;
	m->mask = cap - 1;
	for (i = 0; i < n; i++) {
		memcpy(&key, p + i * size + off, sizeof(key));
		if (key == last)
			continue;
		last = key;
		for (s = slot(m, key); m->v[s].key != 0; s = (s + 1) & m->mask)
			;
		m->v[s].key = key;
		m->v[s].at = i;
	}
	return 0;
}

size_t
inomap_find(const struct inomap *m, uint64_t key)
{
	size_t s;

	if (m->v == NULL || key == 0)
		return (size_t)-1;
	for (s = slot(m, key); m->v[s].key != 0; s = (s + 1) & m->mask)
		if (m->v[s].key == key)
			return m->v[s].at;
	return (size_t)-1;
}

void
inomap_prefetch(const struct inomap *m, uint64_t key)
{
#if defined(__GNUC__)
	if (m->v != NULL)
		__builtin_prefetch(&m->v[slot(m, key)]);
#else
	(void)m;
	(void)key;
#endif
}

void
inomap_free(struct inomap *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}
