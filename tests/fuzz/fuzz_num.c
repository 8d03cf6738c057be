/*
 * lib/num: num_parsen against a plain reference: decimal digits only, no
 * sign, blank or leading zero, 1 to 19 digits, within [min, max].  The
 * first byte picks the range (the port range, 0-65535, or wide ones).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static const long long ranges[][2] = {
	{ 1, 65535 }, { 0, 65535 }, { 0, 32 }, { 0, 128 },
	{ 1, 4194304 }, { 0, 0x7fffffffLL }, { 1, 0x7fffffffffffffffLL },
	{ 0, 0 },
};

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	const char *s, *errstr;
	long long min, max, v;
	unsigned long long ref = 0;
	size_t i;
	int digits = 1;
	char *z;

	if (n == 0)
		return 0;
	min = ranges[d[0] % 8][0];
	max = ranges[d[0] % 8][1];
	s = (const char *)d + 1;
	n--;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			digits = 0;
		else if (n <= 19)	/* 19 digits fit in 64 bits */
			ref = ref * 10 + (unsigned)(s[i] - '0');
	}
	v = num_parsen(s, n, min, max, &errstr);
	if (!digits || n == 0 || n > 19 || (n > 1 && s[0] == '0')) {
		CHECK(v == 0 && errstr != NULL && strcmp(errstr, "invalid") == 0);
	} else if (ref > (unsigned long long)max) {
		CHECK(v == 0 && errstr != NULL &&
		    strcmp(errstr, "too large") == 0);
	} else if ((long long)ref < min) {
		CHECK(v == 0 && errstr != NULL &&
		    strcmp(errstr, "too small") == 0);
	} else {
		CHECK(errstr == NULL && v == (long long)ref);
	}

	/* num_parse on the same text, NUL-terminated, agrees when the text
	 * holds no NUL. */
	if (memchr(s, '\0', n) == NULL) {
		const char *e2;

		if ((z = malloc(n + 1)) == NULL)
			abort();
		memcpy(z, s, n);
		z[n] = '\0';
		CHECK(num_parse(z, min, max, &e2) == v && (e2 == NULL) ==
		    (errstr == NULL));
		free(z);
	}
	return 0;
}
