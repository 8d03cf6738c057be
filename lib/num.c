#include <string.h>

#include "num.h"

long long
num_parsen(const char *s, size_t n, long long min, long long max,
    const char **errstr)
{
	unsigned long long v = 0;
	size_t i;

	*errstr = "invalid";
	if (n == 0 || n > 19 || (s[0] == '0' && n > 1))
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	/* 19 digits fit in unsigned long long; the casts below are safe. */
	if (v > (unsigned long long)max) {
		*errstr = "too large";
		return 0;
	}
	if (min > 0 && v < (unsigned long long)min) {
		*errstr = "too small";
		return 0;
	}
	*errstr = NULL;
	return (long long)v;
}

long long
num_parse(const char *s, long long min, long long max, const char **errstr)
{
	return num_parsen(s, strlen(s), min, max, errstr);
}
