#ifndef NUM_H
#define NUM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Strict decimal: digits only, no sign, blank or leading zero ("0" itself is
 * a number).  On failure returns 0 and sets *errstr to "invalid", "too
 * small" or "too large", as strtonum(3) does; on success *errstr is NULL.
 */
long long	num_parse(const char *s, long long min, long long max,
		    const char **errstr);
long long	num_parsen(const char *s, size_t n, long long min,
		    long long max, const char **errstr);

/* Seconds as decimal digits with at most three decimals ("0.5"), in
 * milliseconds, min to max (milliseconds); as num_parse otherwise. */
long long	num_parse_ms(const char *s, long long min, long long max,
		    const char **errstr);

/* The decimal digits of v at dst, NUL-terminated (21 bytes at most), and
 * their number: what snprintf "%llu" writes, at a tenth of its cost,
 * which was most of printing a row of conns. */
static inline size_t
num_fmt(char *dst, unsigned long long v)
{
	char d[20], *p = d + sizeof(d);
	size_t n;

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) > 0);
	n = (size_t)(d + sizeof(d) - p);
	memcpy(dst, p, n);
	dst[n] = '\0';
	return n;
}

/*
 * A port, 1-65535, in the same strict decimal: its value, or -1 for any
 * text num_parsen(s, n, 1, 65535, ...) would not take (ask it why).
 * Inline and unrolled, for a batch of a million ports.
 */
static inline long
num_port(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long v = 0, d;
	int bad = 0;

	if (n == 0 || n > 5 || p[0] == '0')
		return -1;
	switch (n) {
	case 5:
		d = (unsigned long)p[n - 5] - '0';
		bad |= d > 9;
		v = d;
		/* FALLTHROUGH */
	case 4:
		d = (unsigned long)p[n - 4] - '0';
		bad |= d > 9;
		v = v * 10 + d;
		/* FALLTHROUGH */
	case 3:
		d = (unsigned long)p[n - 3] - '0';
		bad |= d > 9;
		v = v * 10 + d;
		/* FALLTHROUGH */
	case 2:
		d = (unsigned long)p[n - 2] - '0';
		bad |= d > 9;
		v = v * 10 + d;
		/* FALLTHROUGH */
	default:
		d = (unsigned long)p[n - 1] - '0';
		bad |= d > 9;
		v = v * 10 + d;
	}
	return bad || v > 65535 ? -1 : (long)v;
}

/*
 * num_port of a line still in its input block, ended by a newline: the
 * port and in *len its length, or -1 for any other line (then split it
 * and ask num_port).  s has at least 8 bytes to read.  On a little-endian
 * machine the 8 bytes are one word: where the newline is, whether all
 * before it are digits and their value come from a few operations on it
 * and no branch on each byte, as a loop whose end the branch predictor
 * cannot guess (4 or 5 digits) costs more than the rest of a lookup.
 */
static inline long
num_port_nl(const char *s, size_t *len)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ULL;
	uint64_t w, nl, mask, d;
	unsigned k;

	memcpy(&w, s, 8);
	/* The lowest byte equal to \n; bytes above it may show falsely. */
	nl = w ^ ones * '\n';
	nl = (nl - ones) & ~nl & ones * 0x80;
	if (nl == 0)
		return -1;
	k = (unsigned)__builtin_ctzll(nl) >> 3;
	if (k == 0 || k > 5 || (w & 0xff) == '0')
		return -1;
	/* Digits are 0x30-0x39: high nibble 3, before and after adding 6. */
	mask = ((uint64_t)1 << k * 8) - 1;
	if ((((w & ones * 0xf0) ^ ones * 0x30) |
	    (((w + ones * 0x06) & ones * 0xf0) ^ ones * 0x30)) & mask)
		return -1;
	/* The digits moved up to end the word, as "000" + digits: its value
	 * in three multiplications (pairs, then fours, then eight). */
	d = (w - ones * '0') << (64 - k * 8);
	d = d * 10 + (d >> 8);
	d = ((d & 0x000000ff000000ffULL) * (100 + (1000000ULL << 32)) +
	    ((d >> 16) & 0x000000ff000000ffULL) * (1 + (10000ULL << 32))) >> 32;
	if (d > 65535)
		return -1;
	*len = k;
	return (long)d;
#else
	const unsigned char *p = (const unsigned char *)s;
	unsigned long v = 0, d;
	size_t i;

	for (i = 0; i < 5 && (d = (unsigned long)p[i] - '0') <= 9; i++)
		v = v * 10 + d;
	if (i == 0 || p[i] != '\n' || p[0] == '0' || v > 65535)
		return -1;
	*len = i;
	return (long)v;
#endif
}

#endif
