#ifndef NUM_H
#define NUM_H

#include <stddef.h>

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

#endif
