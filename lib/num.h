#ifndef NUM_H
#define NUM_H

#include <stddef.h>

/*
 * Strict decimal: digits only, no sign, blank or leading zero ("0" itself is
 * a number).  On failure returns 0 and sets *errstr to "invalid", "too
 * small" or "too large", as strtonum(3) does; on success *errstr is NULL.
 */
long long	num_parse(const char *, long long, long long, const char **);
long long	num_parsen(const char *, size_t, long long, long long,
		    const char **);

#endif
