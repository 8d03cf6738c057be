/*
 * A least-significant-digit radix sort: a byte of the key a pass, and no
 * pass for a byte every key has alike (socket inodes are 32-bit numbers,
 * so four passes of eight at most).  libc has only qsort.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "radix.h"

#define DIGITS	8

static uint64_t
key(const unsigned char *e, size_t off)
{
	uint64_t k;

	memcpy(&k, e + off, sizeof(k));
	return k;
}

int
radix_sort(void *base, size_t n, size_t size, size_t off)
{
	size_t count[DIGITS][256], pos[256], i, d, sum, c;
	unsigned char *src = base, *dst, *tmp, *t;
	uint64_t k, any = 0, all = ~(uint64_t)0;
	unsigned dig;

	if (n < 2)
		return 0;
	if (n > SIZE_MAX / size) {
		errno = ENOMEM;
		return -1;
	}
	memset(count, 0, sizeof(count));
	for (i = 0; i < n; i++) {
		k = key(src + i * size, off);
		any |= k;
		all &= k;
		for (d = 0; d < DIGITS; d++)
			count[d][(k >> (8 * d)) & 0xff]++;
	}
	if (any == all)
		return 0;
	if ((tmp = malloc(n * size)) == NULL)
		return -1;
	dst = tmp;
	for (d = 0; d < DIGITS; d++) {
		/* Every key has this byte alike: the pass would move nothing. */
		if ((((any ^ all) >> (8 * d)) & 0xff) == 0)
			continue;
		for (dig = 0, sum = 0; dig < 256; dig++) {
			c = count[d][dig];
			pos[dig] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++) {
			dig = (unsigned)(key(src + i * size, off) >> (8 * d)) &
			    0xff;
			memcpy(dst + pos[dig]++ * size, src + i * size, size);
		}
		t = src;
		src = dst;
		dst = t;
	}
	if (src != base)
		memcpy(base, src, n * size);
	free(tmp);
	return 0;
}
