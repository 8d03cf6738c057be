#include <sys/socket.h>

#include <string.h>

#include "addr.h"
#include "field.h"
#include "num.h"

static int
blankc(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

size_t
field_split(const char *s, size_t n, struct field *f, size_t max)
{
	size_t i = 0, k = 0, start;

	for (;;) {
		while (i < n && blankc((unsigned char)s[i]))
			i++;
		if (i == n)
			return k;
		start = i;
		while (i < n && !blankc((unsigned char)s[i]))
			i++;
		if (k < max) {
			f[k].s = s + start;
			f[k].n = i - start;
		}
		k++;
	}
}

int
field_is(const struct field *f, const char *lit)
{
	size_t n = strlen(lit);

	return f->n == n && memcmp(f->s, lit, n) == 0;
}

int
field_addrport(const char *s, size_t n, char sep, int family, int star,
    struct addr *a, unsigned *port)
{
	const char *p, *errstr;
	size_t an;

	for (p = s + n; p > s && p[-1] != sep; p--)
		;
	if (p == s)
		return -1;
	an = (size_t)(p - s) - 1;
	if (n - (size_t)(p - s) == 1 && *p == '*')
		*port = 0;
	else {
		*port = (unsigned)num_parsen(p, n - (size_t)(p - s), 0, 65535,
		    &errstr);
		if (errstr != NULL)
			return -1;
	}
	if (an == 1 && s[0] == '*') {
		memset(a, 0, sizeof(*a));
		a->family = star;
		return 0;
	}
	return addr_parse(s, an, family, ADDR_BRACKETS | ADDR_ZONE, a);
}
