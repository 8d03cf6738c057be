#include <sys/socket.h>

#include <netinet/in.h>

#include <string.h>

#include "addr.h"
#include "hex.h"
#include "special.h"

/*
 * Not inet_pton(3), though it takes exactly what glibc's inet_pton takes
 * (tests/ptonref.c and the suite compare the two over random strings): four
 * decimal octets without leading zeros for IPv4; for IPv6 the RFC 4291 text
 * form, hex groups of one to four digits, at most one "::" standing for one
 * or more zero groups, a dotted quad only as the last 32 bits.  inet_pton
 * wants a NUL-terminated copy of the text and was half the time of a batch
 * in the profile; these work in place on the length given and stop at the
 * first byte that cannot fit, a NUL included.
 */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int
quad(const char *s, size_t n, unsigned char *b)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	unsigned int v, d;
	int part;

	/* Unrolled: an octet is one to three digits, a leading zero alone. */
	for (part = 0; part < 4; part++) {
		if (p == e || (v = (unsigned int)*p - '0') > 9)
			return -1;
		if (++p < e && (d = (unsigned int)*p - '0') <= 9) {
			if (v == 0)
				return -1;
			v = v * 10 + d;
			if (++p < e && (d = (unsigned int)*p - '0') <= 9) {
				if ((v = v * 10 + d) > 255)
					return -1;
				p++;
			}
		}
		b[part] = (unsigned char)v;
		if (part < 3 && (p == e || *p++ != '.'))
			return -1;
	}
	return p == e ? 0 : -1;
}

/* quad, out of line, for the dotted quad ending an IPv6 address; inline
 * only in parse_plain, where most inputs of a batch go. */
static int
parse4(const char *s, size_t n, unsigned char *b)
{
	return quad(s, n, b);
}

/*
 * IPv6, or with family AF_UNSPEC IPv4 too: a dotted quad shows itself at
 * the first '.' before any ':', so an input is read once whatever it is.
 * The family found, or -1.
 */
static int
parse6(const char *s, size_t n, int family, unsigned char *out)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	const unsigned char *start;
	unsigned char b[16];
	unsigned int v;
	int tp = 0, gap = -1, d;

	if (p < e && *p == ':') {
		if (n < 2 || p[1] != ':')
			return -1;
		p += 2;
		gap = 0;
	}
	while (p < e) {
		/* A group is one to four hex digits: unrolled. */
		start = p;
		if ((d = hex_value(*p)) == -1)
			return -1;
		v = (unsigned int)d;
		if (++p < e && (d = hex_value(*p)) != -1) {
			v = v << 4 | (unsigned int)d;
			if (++p < e && (d = hex_value(*p)) != -1) {
				v = v << 4 | (unsigned int)d;
				if (++p < e && (d = hex_value(*p)) != -1) {
					v = v << 4 | (unsigned int)d;
					/* A fifth digit: too long, or a bad quad. */
					if (++p < e && hex_value(*p) != -1)
						return -1;
				}
			}
		}
		if (p < e && *p == '.') {
			if (tp == 0 && gap == -1) {
				if (family == AF_INET6 ||
				    parse4(s, n, out) == -1)
					return -1;
				memset(out + 4, 0, 12);
				return AF_INET;
			}
			if (tp > 12 || parse4((const char *)start,
			    (size_t)(e - start), b + tp) == -1)
				return -1;
			tp += 4;
			break;
		}
		if (tp == 16)
			return -1;
		b[tp++] = (unsigned char)(v >> 8);
		b[tp++] = (unsigned char)v;
		if (p == e)
			break;
		if (*p++ != ':' || p == e)
			return -1;
		if (*p == ':') {
			if (gap != -1)
				return -1;
			gap = tp;
			p++;
		}
	}
	if (gap == -1) {
		if (tp != 16)
			return -1;
		memcpy(out, b, 16);
		return AF_INET6;
	}
	if (tp == 16)
		return -1;
	memset(out, 0, 16);
	memcpy(out, b, (size_t)gap);
	memcpy(out + 16 - (tp - gap), b + gap, (size_t)(tp - gap));
	return AF_INET6;
}

static int
parse_plain(const char *s, size_t n, int family, struct addr *a)
{
	const unsigned char *u = (const unsigned char *)s;
	int f;

	/*
	 * One to three digits then a dot start nothing but a dotted quad:
	 * straight to parse4, not through a first IPv6 group that finds the
	 * dot (most inputs of a batch are IPv4).
	 */
	if (family == AF_UNSPEC && n >= 7 && (unsigned)u[0] - '0' <= 9 &&
	    (u[1] == '.' || ((unsigned)u[1] - '0' <= 9 &&
	    (u[2] == '.' || ((unsigned)u[2] - '0' <= 9 && u[3] == '.')))))
		family = AF_INET;
	if (family == AF_INET) {
		if (quad(s, n, a->b) == -1)
			return -1;
		memset(a->b + 4, 0, 12);
		f = AF_INET;
	} else if ((f = parse6(s, n, family, a->b)) == -1)
		return -1;
	a->family = f;
	return 0;
}

int
addr_zone_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c >= 0x7f || c == '%' || c == '/' ||
		    c == '[' || c == ']' || c == '\\')
			return 0;
	}
	return 1;
}

int
addr_parse(const char *s, size_t n, int family, int flags, struct addr *a)
{
	const char *pct;
	int v6only = 0;

	/* Without the flags the parsers reject '[' and '%' by themselves. */
	if ((flags & ADDR_BRACKETS) && n > 0 && s[0] == '[') {
		if (n < 2 || s[n - 1] != ']')
			return -1;
		s++;
		n -= 2;
		v6only = 1;
	}
	if ((flags & ADDR_ZONE) && (pct = memchr(s, '%', n)) != NULL) {
		if (!addr_zone_ok(pct + 1, n - (size_t)(pct - s) - 1))
			return -1;
		n = (size_t)(pct - s);
		v6only = 1;
	}
	if (v6only) {
		if (family == AF_INET)
			return -1;
		family = AF_INET6;
	}
	return parse_plain(s, n, family, a);
}

/* The dotted quad, NUL-terminated; not inet_ntop, which is sprintf. */
static size_t
fmt4(const unsigned char *b, char *dst)
{
	char *p = dst;
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0)
			*p++ = '.';
		if (b[i] >= 100)
			*p++ = (char)('0' + b[i] / 100);
		if (b[i] >= 10)
			*p++ = (char)('0' + b[i] / 10 % 10);
		*p++ = (char)('0' + b[i] % 10);
	}
	*p = '\0';
	return (size_t)(p - dst);
}

static size_t
fmt_group(char *d, unsigned int w, int full)
{
	char *p = d;
	int shift;

	for (shift = 12; shift >= 0; shift -= 4) {
		unsigned int x = (w >> shift) & 15;

		if (full || x != 0 || p != d || shift == 0)
			*p++ = hex_digits[x];
	}
	return (size_t)(p - d);
}

/*
 * IPv6 is not inet_ntop(3): glibc writes every address whose first 96 bits
 * are zero in the deprecated IPv4-compatible form (::1:2 as "::0.1.0.2",
 * ::102:304 as "::1.2.3.4"), while RFC 5952 section 5 keeps the dotted quad
 * for prefixes known to embed IPv4; we use it for IPv4-mapped ::ffff:0:0/96
 * only.  Otherwise the rules are RFC 5952 section 4: lower case, no leading
 * zeros, "::" for the longest run of two or more zero groups, the first one
 * on a tie.
 */
static size_t
fmt6(const unsigned char *b, int expand, char *dst)
{
	unsigned int w[8];
	int i, best = -1, bestlen = 0, run = -1, ngroups = 8;
	char *p = dst;

	for (i = 0; i < 8; i++)
		w[i] = (unsigned int)b[2 * i] << 8 | b[2 * i + 1];
	if (expand) {
		for (i = 0; i < 8; i++) {
			if (i > 0)
				*p++ = ':';
			p += fmt_group(p, w[i], 1);
		}
		*p = '\0';
		return (size_t)(p - dst);
	}
	if (w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 &&
	    w[5] == 0xffff)
		ngroups = 6;
	for (i = 0; i < ngroups; i++) {
		if (w[i] != 0) {
			run = -1;
			continue;
		}
		if (run == -1)
			run = i;
		if (i - run + 1 > bestlen) {
			best = run;
			bestlen = i - run + 1;
		}
	}
	if (bestlen < 2)
		best = -1;
	for (i = 0; i < ngroups; i++) {
		if (i == best) {
			*p++ = ':';
			*p++ = ':';
			i += bestlen - 1;
			continue;
		}
		if (i > 0 && i != best + bestlen)
			*p++ = ':';
		p += fmt_group(p, w[i], 0);
	}
	if (ngroups == 6) {
		if (p[-1] != ':')
			*p++ = ':';
		p += fmt4(b + 12, p);
	}
	*p = '\0';
	return (size_t)(p - dst);
}

size_t
addr_format(const struct addr *a, int expand, char *dst)
{
	if (a->family == AF_INET6)
		return fmt6(a->b, expand, dst);
	return fmt4(a->b, dst);
}

/* The class is the most specific row's of the special-purpose registries. */
const char *
addr_class(const struct addr *a)
{
	const struct special *s = special_lookup(a);

	return s == NULL ? "global" : s->class;
}

int
addr_is_private(const struct addr *a)
{
	if (a->family != AF_INET)
		return 0;
	return a->b[0] == 10 || a->b[0] == 127 ||
	    (a->b[0] == 172 && (a->b[1] & 0xf0) == 16) ||
	    (a->b[0] == 192 && a->b[1] == 168);
}
