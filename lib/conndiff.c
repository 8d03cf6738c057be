#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "conndiff.h"

#define CMP(a, b)	do {						\
	if ((a) != (b))							\
		return (a) < (b) ? -1 : 1;				\
} while (0)

/* The key of a connection: its cookie, else what names it on the wire. */
static int
key_cmp(const struct conn *a, const struct conn *b)
{
	int r;

	CMP(a->cookie, b->cookie);
	if (a->cookie == 0) {
		CMP(a->proto, b->proto);
		CMP(a->laddr.family, b->laddr.family);
		if ((r = memcmp(a->laddr.b, b->laddr.b, 16)) != 0)
			return r;
		CMP(a->lport, b->lport);
		if ((r = memcmp(a->raddr.b, b->raddr.b, 16)) != 0)
			return r;
		CMP(a->rport, b->rport);
	}
	CMP(a->pid, b->pid);
	return 0;
}

static int
ptr_cmp(const void *pa, const void *pb)
{
	return key_cmp(*(const struct conn *const *)pa,
	    *(const struct conn *const *)pb);
}

/* The rows of s by key, in a malloc'd array; NULL for none or ENOMEM. */
static const struct conn **
bykey(const struct connset *s)
{
	const struct conn **v;
	size_t i;

	if (s->n == 0 || (v = calloc(s->n, sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; i < s->n; i++)
		v[i] = &s->v[i];
	qsort(v, s->n, sizeof(*v), ptr_cmp);
	return v;
}

/* Whether r's connection is in the key-sorted array v of n. */
static int
has(const struct conn **v, size_t n, const struct conn *r)
{
	size_t lo = 0, hi = n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = key_cmp(v[mid], r)) == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int
conndiff(const struct connset *prev, const struct connset *cur,
    int (*fn)(void *, int, const struct conn *), void *arg)
{
	const struct conn **p = NULL, **c = NULL;
	size_t i;
	int r = -1;

	if ((prev->n > 0 && (p = bykey(prev)) == NULL) ||
	    (cur->n > 0 && (c = bykey(cur)) == NULL))
		goto out;
	r = 0;
	for (i = 0; i < prev->n && r == 0; i++)
		if (!has(c, cur->n, &prev->v[i]))
			r = fn(arg, '-', &prev->v[i]);
	for (i = 0; i < cur->n && r == 0; i++)
		if (!has(p, prev->n, &cur->v[i]))
			r = fn(arg, '+', &cur->v[i]);
out:
	free(p);
	free(c);
	return r;
}
