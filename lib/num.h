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

#endif
