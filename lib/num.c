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

long long
num_parse_ms(const char *s, long long min, long long max, const char **errstr)
{
	const char *dot = strchr(s, '.');
	size_t n = dot != NULL ? (size_t)(dot - s) : strlen(s), k;
	long long v, frac = 0;

	v = num_parsen(s, n, 0, 9223372036854LL, errstr);
	if (*errstr != NULL)
		return 0;
	if (dot != NULL) {
		/* One to three decimals: whole milliseconds. */
		k = strlen(dot + 1);
		if (k == 0 || k > 3 || strspn(dot + 1, "0123456789") != k) {
			*errstr = "invalid";
			return 0;
		}
		frac = num_parsen(dot + 1, k, 0, 999, errstr);
		while (k++ < 3)
			frac *= 10;
	}
	*errstr = NULL;
	v = v * 1000 + frac;
	if (v < min || v > max) {
		*errstr = v < min ? "too small" : "too large";
		return 0;
	}
	return v;
}
