#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "conn.h"
#include "connsort.h"

/* The indices of the rows are kept where their addresses were. */
_Static_assert(sizeof(size_t) == sizeof(struct conn *), "size_t, pointer");

static int
ptrcmp(const void *a, const void *b)
{
	return conn_cmp(*(const struct conn *const *)a,
	    *(const struct conn *const *)b);
}

struct half {
	const struct conn **p;
	size_t		 n;
};

static void *
sorthalf(void *arg)
{
	struct half *h = arg;

	qsort(h->p, h->n, sizeof(*h->p), ptrcmp);
	return NULL;
}

int
connsort2(struct conn *v, size_t n)
{
	const struct conn **p, **q;
	struct half h;
	struct conn t;
	size_t *at, i, j, k, s, from, mid = n / 2;
	pthread_t th;

	if ((p = reallocarray(NULL, n, sizeof(*p))) == NULL)
		return -1;
	if ((q = reallocarray(NULL, n, sizeof(*q))) == NULL) {
		free(p);
		return -1;
	}
	for (i = 0; i < n; i++)
		p[i] = &v[i];
	h.p = p + mid;
	h.n = n - mid;
	if ((errno = pthread_create(&th, NULL, sorthalf, &h)) != 0) {
		free(p);
		free(q);
		return -1;
	}
	qsort(p, mid, sizeof(*p), ptrcmp);
	pthread_join(th, NULL);
	/* The left row first on a tie (rows alike in every key conn_cmp
	 * sees are one socket, of which the select keeps one anyway). */
	for (i = 0, j = mid, k = 0; i < mid && j < n; k++)
		q[k] = ptrcmp(&p[j], &p[i]) < 0 ? p[j++] : p[i++];
	while (i < mid)
		q[k++] = p[i++];
	while (j < n)
		q[k++] = p[j++];
	/* Place k gets row at[k]: the addresses made indices, in p's room. */
	at = (size_t *)(void *)p;
	for (k = 0; k < n; k++)
		at[k] = (size_t)(q[k] - v);
	for (s = 0; s < n; s++) {
		if (at[s] == s || at[s] == SIZE_MAX)
			continue;
		t = v[s];
		for (k = s; (from = at[k]) != s; k = from) {
			v[k] = v[from];
			at[k] = SIZE_MAX;
		}
		v[k] = t;
		at[k] = SIZE_MAX;
	}
	free(p);
	free(q);
	return 0;
}
