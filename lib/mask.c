#include <sys/socket.h>

#include <string.h>

#include "addr.h"
#include "mask.h"
#include "num.h"

int
mask_width(int family)
{
	return family == AF_INET6 ? 128 : 32;
}

int
mask_from_bits(int family, int bits, struct addr *m)
{
	int i;

	if (bits < 0 || bits > mask_width(family))
		return -1;
	memset(m, 0, sizeof(*m));
	m->family = family;
	for (i = 0; i < bits / 8; i++)
		m->b[i] = 0xff;
	if (bits % 8)
		m->b[i] = (unsigned char)(0xff00 >> (bits % 8));
	return 0;
}

int
mask_to_bits(const struct addr *m)
{
	int len = mask_width(m->family) / 8, i, bits = 0;
	unsigned char c;

	for (i = 0; i < len && m->b[i] == 0xff; i++)
		bits += 8;
	if (i == len)
		return bits;
	/* The partial byte: ones, then nothing but zeros. */
	c = m->b[i];
	while (c & 0x80) {
		bits++;
		c = (unsigned char)(c << 1);
	}
	if (c != 0)
		return -1;
	for (i++; i < len; i++)
		if (m->b[i] != 0)
			return -1;
	return bits;
}

/* A prefix length of n bytes, 0 to the width of the family; 0, or -1 with
 * *why set. */
static int
mask_parse_bits(const char *s, size_t n, int family, int *bits,
    const char **why)
{
	const char *errstr;
	int width = mask_width(family);

	*bits = (int)num_parsen(s, n, 0, width, &errstr);
	if (errstr == NULL)
		return 0;
	/* -1 is as much out of range as 33; +1 or 0x1 is not a number. */
	if (n > 1 && s[0] == '-' &&
	    num_parsen(s + 1, n - 1, 1, 1000000000, &errstr) > 0)
		errstr = "too small";
	if (strcmp(errstr, "invalid") == 0)
		*why = "invalid mask bits";
	else
		*why = width == 32 ? "mask bits out of range 0-32" :
		    "mask bits out of range 0-128";
	return -1;
}

static int
looks_like_addr(const char *s, size_t n)
{
	return memchr(s, '.', n) != NULL || memchr(s, ':', n) != NULL;
}

/* ADDR/BITS or ADDR/MASK of n bytes for the family asked (AF_UNSPEC for
 * either); as above. */
static int
mask_parse_cidr(const char *s, size_t n, int family, struct cidr *c,
    const char **why)
{
	const char *slash, *p;
	struct addr m;
	size_t plen;

	if ((slash = memchr(s, '/', n)) == NULL) {
		*why = "not a CIDR block";
		return -1;
	}
	if (addr_parse(s, (size_t)(slash - s), family, 0, &c->addr) == -1) {
		*why = family == AF_INET ? "invalid IPv4 address" :
		    family == AF_INET6 ? "invalid IPv6 address" :
		    "invalid address";
		return -1;
	}
	p = slash + 1;
	plen = n - (size_t)(p - s);
	if (!looks_like_addr(p, plen))
		return mask_parse_bits(p, plen, c->addr.family, &c->bits, why);
	if (addr_parse(p, plen, c->addr.family, 0, &m) == -1) {
		*why = c->addr.family == AF_INET ? "invalid IPv4 mask" :
		    "invalid IPv6 mask";
		return -1;
	}
	if ((c->bits = mask_to_bits(&m)) == -1) {
		*why = "mask bits not contiguous";
		return -1;
	}
	return 0;
}

int
mask_parse(const char *s, size_t n, int family, struct cidr *c,
    const char **why)
{
	if (memchr(s, '/', n) != NULL)
		return mask_parse_cidr(s, n, family, c, why) == -1 ?
		    -1 : MASK_CIDR;
	if (looks_like_addr(s, n)) {
		if (addr_parse(s, n, family, 0, &c->addr) == -1) {
			*why = family == AF_INET ? "invalid IPv4 mask" :
			    family == AF_INET6 ? "invalid IPv6 mask" :
			    "invalid mask";
			return -1;
		}
		if ((c->bits = mask_to_bits(&c->addr)) == -1) {
			*why = "mask bits not contiguous";
			return -1;
		}
		return MASK_MASK;
	}
	if (family == AF_UNSPEC)
		family = AF_INET;
	if (mask_parse_bits(s, n, family, &c->bits, why) == -1) {
		if (strcmp(*why, "invalid mask bits") == 0)
			*why = "not a bit count, mask or CIDR block";
		return -1;
	}
	mask_from_bits(family, c->bits, &c->addr);
	return MASK_BITS;
}

void
mask_step(struct addr *a, int up)
{
	int i = mask_width(a->family) / 8;

	while (i-- > 0) {
		if (up ? ++a->b[i] != 0 : a->b[i]-- != 0)
			break;
	}
}

void
mask_range(const struct cidr *c, struct range *r)
{
	int width = mask_width(c->addr.family), i;

	memset(r, 0, sizeof(*r));
	r->bits = c->bits;
	r->hostbits = width - c->bits;
	mask_from_bits(c->addr.family, c->bits, &r->mask);
	r->network.family = r->last.family = c->addr.family;
	for (i = 0; i < width / 8; i++) {
		r->network.b[i] = c->addr.b[i] & r->mask.b[i];
		r->last.b[i] = c->addr.b[i] | (unsigned char)~r->mask.b[i];
	}
	r->first = r->network;
	/*
	 * The network address is not a host (for IPv6 it is the Subnet-Router
	 * anycast, RFC 4291 2.6.1), nor is the IPv4 broadcast; a point-to-point
	 * /31 or /127 (RFC 3021, RFC 6164) and a single address use them all.
	 */
	if (r->hostbits >= 2) {
		mask_step(&r->first, 1);
		if (c->addr.family == AF_INET) {
			r->broadcast = r->last;
			r->has_broadcast = 1;
			mask_step(&r->last, 0);
		}
	}
}

size_t
mask_count(int hostbits, char *dst)
{
	/* Decimal digits, least significant first, doubled hostbits times. */
	unsigned char d[MASK_COUNTLEN];
	size_t nd = 1, i;
	int k;

	d[0] = 1;
	for (k = 0; k < hostbits && k < 128; k++) {
		unsigned carry = 0;

		for (i = 0; i < nd; i++) {
			unsigned v = d[i] * 2u + carry;

			d[i] = (unsigned char)(v % 10);
			carry = v / 10;
		}
		if (carry)
			d[nd++] = (unsigned char)carry;
	}
	for (i = 0; i < nd; i++)
		dst[i] = (char)('0' + d[nd - 1 - i]);
	dst[nd] = '\0';
	return nd;
}
