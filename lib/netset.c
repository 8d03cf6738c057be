#include <sys/socket.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "hex.h"
#include "mask.h"
#include "mem.h"
#include "netset.h"

static int
cmp(const struct addr *a, const struct addr *b)
{
	return memcmp(a->b, b->b, (size_t)mask_width(a->family) / 8);
}

/* Sets (ones) or clears the low k bits of a. */
static void
lowbits(struct addr *a, int k, int ones)
{
	int i = mask_width(a->family) / 8 - 1;
	unsigned char m;

	for (; k >= 8; k -= 8, i--)
		a->b[i] = ones ? 0xff : 0;
	if (k > 0) {
		m = (unsigned char)((1u << k) - 1);
		a->b[i] = (unsigned char)(ones ? a->b[i] | m : a->b[i] & ~m);
	}
}

/* The trailing zero bits of a, the width for the zero address. */
static int
zeros(const struct addr *a)
{
	int i = mask_width(a->family) / 8 - 1, k = 0;
	unsigned c;

	for (; i >= 0 && a->b[i] == 0; i--)
		k += 8;
	if (i < 0)
		return k;
	for (c = a->b[i]; (c & 1) == 0; c >>= 1)
		k++;
	return k;
}

void
netset_span(const struct cidr *c, struct span *s)
{
	int host = mask_width(c->addr.family) - c->bits;

	s->lo = s->hi = c->addr;
	lowbits(&s->lo, host, 0);
	lowbits(&s->hi, host, 1);
}

int
netset_parse_block(const char *s, size_t n, int family, struct cidr *c,
    const char **why)
{
	if (memchr(s, '/', n) != NULL)
		return mask_parse(s, n, family, c, why) == -1 ? -1 : 0;
	if (addr_parse(s, n, family, 0, &c->addr) == -1) {
		*why = family == AF_INET ? "not an IPv4 address or CIDR block" :
		    family == AF_INET6 ? "not an IPv6 address or CIDR block" :
		    "not an address or CIDR block";
		return -1;
	}
	c->bits = mask_width(c->addr.family);
	return 0;
}

int
netset_is_range(const char *s, size_t n)
{
	return n > 1 && memchr(s + 1, '-', n - 1) != NULL &&
	    memchr(s, '/', n) == NULL;
}

int
netset_parse_range(const char *s, size_t n, int family, struct span *sp,
    const char **why)
{
	const char *dash = memchr(s + 1, '-', n - 1);
	size_t lo = (size_t)(dash - s);

	if (addr_parse(s, lo, family, 0, &sp->lo) == -1) {
		*why = "invalid range start";
		return -1;
	}
	if (addr_parse(dash + 1, n - lo - 1, family, 0, &sp->hi) == -1) {
		*why = "invalid range end";
		return -1;
	}
	if (sp->lo.family != sp->hi.family) {
		*why = "range ends of two families";
		return -1;
	}
	if (cmp(&sp->lo, &sp->hi) > 0) {
		*why = "range ends reversed";
		return -1;
	}
	return 0;
}

void
netset_walk(struct netset_walk *w, const struct span *s, int bits)
{
	w->cur = s->lo;
	w->end = s->hi;
	w->bits = bits;
	w->done = 0;
}

int
netset_next(struct netset_walk *w, struct cidr *c)
{
	int width = mask_width(w->cur.family), k;
	struct addr last;

	if (w->done)
		return 0;
	if (w->bits >= 0) {
		k = width - w->bits;
		last = w->cur;
		lowbits(&last, k, 1);
	} else {
		/* The largest block that starts here and ends by the end. */
		for (k = zeros(&w->cur); ; k--) {
			last = w->cur;
			lowbits(&last, k, 1);
			if (k == 0 || cmp(&last, &w->end) <= 0)
				break;
		}
	}
	c->addr = w->cur;
	c->bits = width - k;
	if (cmp(&last, &w->end) >= 0)
		w->done = 1;
	else {
		w->cur = last;
		mask_step(&w->cur, 1);
	}
	return 1;
}

int
netset_split(const struct cidr *c, int bits, struct netset_walk *w,
    const char **why)
{
	int width = mask_width(c->addr.family);
	struct span s;

	if (bits > width) {
		*why = width == 32 ? "split length out of range 0-32" :
		    "split length out of range 0-128";
		return -1;
	}
	if (bits < c->bits) {
		*why = "split length shorter than the block's";
		return -1;
	}
	netset_span(c, &s);
	netset_walk(w, &s, bits);
	return 0;
}

void
netset_hosts(const struct cidr *c, struct netset_walk *w)
{
	struct range r;
	struct span s;

	mask_range(c, &r);
	s.lo = r.first;
	s.hi = r.last;
	netset_walk(w, &s, mask_width(c->addr.family));
}

int
netset_exclude(const struct cidr *c, const struct cidr *x,
    struct span out[2])
{
	struct span a, b;
	int n = 0;

	netset_span(c, &a);
	netset_span(x, &b);
	if (a.lo.family != b.lo.family || cmp(&a.hi, &b.lo) < 0 ||
	    cmp(&b.hi, &a.lo) < 0) {
		out[0] = a;
		return 1;
	}
	if (cmp(&a.lo, &b.lo) < 0) {
		out[n].lo = a.lo;
		out[n].hi = b.lo;
		mask_step(&out[n++].hi, 0);
	}
	if (cmp(&b.hi, &a.hi) < 0) {
		out[n].lo = b.hi;
		mask_step(&out[n].lo, 1);
		out[n++].hi = a.hi;
	}
	return n;
}

int
netset_add(struct netset *set, const struct span *s)
{
	return mem_push(&set->v, &set->n, &set->cap, sizeof(*s), s);
}

static int
spancmp(const void *pa, const void *pb)
{
	const struct span *a = pa, *b = pb;

	if (a->lo.family != b->lo.family)
		return a->lo.family == AF_INET ? -1 : 1;
	return cmp(&a->lo, &b->lo);
}

void
netset_aggregate(struct netset *set)
{
	struct span *v = set->v, *last;
	struct addr next;
	size_t i, k = 0;

	if (set->n == 0)
		return;
	qsort(v, set->n, sizeof(*v), spancmp);
	for (i = 1; i < set->n; i++) {
		last = &v[k];
		next = last->hi;
		mask_step(&next, 1);
		/* Overlapping or touching: one span (hi + 1 wraps at the top). */
		if (last->lo.family == v[i].lo.family &&
		    (cmp(&v[i].lo, &last->hi) <= 0 ||
		    cmp(&v[i].lo, &next) == 0)) {
			if (cmp(&v[i].hi, &last->hi) > 0)
				last->hi = v[i].hi;
		} else
			v[++k] = v[i];
	}
	set->n = k + 1;
}

void
netset_free(struct netset *set)
{
	free(set->v);
	set->v = NULL;
	set->n = set->cap = 0;
}

size_t
netset_reverse(const struct cidr *c, char *dst, const char **why)
{
	const unsigned char *b = c->addr.b;
	char *p = dst;
	int i, v;

	if (c->addr.family == AF_INET) {
		if (c->bits % 8 != 0) {
			*why = "prefix length not a multiple of 8";
			return 0;
		}
		for (i = c->bits / 8 - 1; i >= 0; i--) {
			v = b[i];
			if (v >= 100)
				*p++ = (char)('0' + v / 100);
			if (v >= 10)
				*p++ = (char)('0' + v / 10 % 10);
			*p++ = (char)('0' + v % 10);
			*p++ = '.';
		}
		memcpy(p, "in-addr.arpa", sizeof("in-addr.arpa"));
		return (size_t)(p - dst) + sizeof("in-addr.arpa") - 1;
	}
	if (c->bits % 4 != 0) {
		*why = "prefix length not a multiple of 4";
		return 0;
	}
	for (i = c->bits / 4 - 1; i >= 0; i--) {
		*p++ = hex_digits[i % 2 ? b[i / 2] & 15 : b[i / 2] >> 4];
		*p++ = '.';
	}
	memcpy(p, "ip6.arpa", sizeof("ip6.arpa"));
	return (size_t)(p - dst) + sizeof("ip6.arpa") - 1;
}
