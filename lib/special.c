#include <sys/socket.h>

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "addr.h"
#include "special.h"

/*
 * A batch asks about a million addresses: each family's rows are sorted
 * into buckets by first byte once, so a lookup compares a handful of rows
 * as 32- or 64-bit masks rather than walking the table with memcmp.
 */
#define MAXROWS		128
#define PERBUCKET	24

struct row {
	uint64_t	 net[2];
	uint64_t	 mask[2];
	const struct special *s;
};

static struct row	 rows[MAXROWS];
static uint8_t		 bucket[2][256][PERBUCKET];
static uint8_t		 nbucket[2][256];
static int		 ready;		/* 1 bucketed, -1 too big: scan */
/* Set up once, on first use, by whichever thread of a batch comes first. */
static pthread_once_t	 once = PTHREAD_ONCE_INIT;

static uint64_t
be64(const unsigned char *b)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static uint64_t
maskbits(int bits)
{
	if (bits <= 0)
		return 0;
	if (bits >= 64)
		return UINT64_MAX;
	return UINT64_MAX << (64 - bits);
}

static void
setup(void)
{
	const struct special *s;
	size_t i;
	int f, v, first, last, hi, lo;

	/* tools/specialtab.awk keeps the table within MAXROWS. */
	for (i = 0; i < special_table_len && i < MAXROWS; i++) {
		s = &special_table[i];
		hi = s->bits > 64 ? 64 : s->bits;
		lo = s->bits > 64 ? s->bits - 64 : 0;
		rows[i].s = s;
		rows[i].mask[0] = maskbits(hi);
		rows[i].mask[1] = maskbits(lo);
		rows[i].net[0] = be64(s->b) & rows[i].mask[0];
		rows[i].net[1] = be64(s->b + 8) & rows[i].mask[1];
	}
	ready = 1;
	for (i = 0; i < special_table_len && i < MAXROWS; i++) {
		s = &special_table[i];
		f = s->family == 4 ? 0 : 1;
		first = s->b[0];
		last = s->bits >= 8 ? first : first | (0xff >> s->bits);
		for (v = first; v <= last; v++) {
			if (nbucket[f][v] == PERBUCKET) {
				ready = -1;
				return;
			}
			bucket[f][v][nbucket[f][v]++] = (uint8_t)i;
		}
	}
}

/* The next row holding a, most specific first, from *at on; NULL past
 * the last. */
static const struct special *
next(const struct addr *a, size_t *at)
{
	unsigned char b[16];
	uint64_t x0, x1;
	size_t i, n;
	int f = a->family == AF_INET ? 0 : 1;
	const uint8_t *list;
	const struct row *r;

	pthread_once(&once, setup);
	memcpy(b, a->b, 16);
	if (f == 0)
		memset(b + 4, 0, 12);
	x0 = be64(b);
	x1 = be64(b + 8);
	if (ready == 1) {
		list = bucket[f][b[0]];
		n = nbucket[f][b[0]];
	} else {
		list = NULL;
		n = special_table_len < MAXROWS ? special_table_len : MAXROWS;
	}
	for (i = *at; i < n; i++) {
		r = &rows[list != NULL ? list[i] : i];
		if (r->s->family != (f == 0 ? 4 : 6))
			continue;
		if ((x0 & r->mask[0]) == r->net[0] &&
		    (x1 & r->mask[1]) == r->net[1]) {
			*at = i + 1;
			return r->s;
		}
	}
	*at = n;
	return NULL;
}

const struct special *
special_lookup(const struct addr *a)
{
	size_t at = 0;

	return next(a, &at);
}

int
special_is_global(const struct addr *a)
{
	const struct special *s;
	size_t at = 0;

	while ((s = next(a, &at)) != NULL)
		if (s->global != SPECIAL_NONE)
			return s->global == SPECIAL_GLOBAL;
	return 1;
}
