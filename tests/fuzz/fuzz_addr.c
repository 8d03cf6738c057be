/*
 * lib/addr, differential: addr_parse against inet_pton(3) for validity, and
 * addr_format against inet_ntop(3) for the RFC 5952 form.  The intended
 * differences (man/ipcheck.1) are checked as such:
 *  - a text holding a NUL is invalid (inet_pton would read up to the NUL);
 *  - [addr] (ADDR_BRACKETS) and addr%zone (ADDR_ZONE) are IPv6 forms that
 *    inet_pton does not know: the reference strips them first;
 *  - glibc's inet_ntop writes an address whose first 96 bits are zero in
 *    the deprecated IPv4-compatible form (::1:2 as "::0.1.0.2"); we write
 *    hex groups there, and a dotted quad only for IPv4-mapped ::ffff:0:0/96.
 * Beyond the differential: the canonical form parses back to the same
 * bytes and is a fixed point, the expanded form is 39 characters of eight
 * four-digit groups, and addr_class / addr_is_private do not crash.
 */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

/* The reference: inet_pton on the text after brackets and zone are cut. */
static int
ref_parse(const char *s, size_t n, int family, int flags, unsigned char *b,
    int *got)
{
	char tmp[256];
	const char *pct;
	int v6only = 0;

	if (n > 0 && s[0] == '[') {
		if (!(flags & ADDR_BRACKETS) || n < 2 || s[n - 1] != ']')
			return -1;
		s++, n -= 2, v6only = 1;
	}
	if ((pct = memchr(s, '%', n)) != NULL) {
		if (!(flags & ADDR_ZONE) ||
		    !addr_zone_ok(pct + 1, n - (size_t)(pct - s) - 1))
			return -1;
		n = (size_t)(pct - s);
		v6only = 1;
	}
	if (memchr(s, '\0', n) != NULL || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (!v6only && family != AF_INET6 && inet_pton(AF_INET, tmp, b) == 1) {
		*got = AF_INET;
		return 0;
	}
	if (family != AF_INET && inet_pton(AF_INET6, tmp, b) == 1) {
		*got = AF_INET6;
		return 0;
	}
	return -1;
}

static void
check_format(const struct addr *a)
{
	char ours[ADDR_FMTLEN], ref[INET6_ADDRSTRLEN], full[ADDR_FMTLEN];
	struct addr back;
	size_t len, i;
	static const unsigned char zero96[12];

	len = addr_format(a, 0, ours);
	CHECK(len > 0 && len < ADDR_FMTLEN && strlen(ours) == len);
	CHECK(inet_ntop(a->family, a->b, ref, sizeof(ref)) != NULL);
	if (a->family == AF_INET6 && memcmp(a->b, zero96, 12) == 0 &&
	    strchr(ref, '.') != NULL) {
		/* IPv4-compatible: ours stays hex. */
		CHECK(strchr(ours, '.') == NULL);
	} else {
		CHECK(strcmp(ours, ref) == 0);
	}
	/* Round trip and fixed point. */
	CHECK(addr_parse(ours, len, AF_UNSPEC, 0, &back) == 0);
	CHECK(back.family == a->family);
	CHECK(memcmp(back.b, a->b, a->family == AF_INET ? 4 : 16) == 0);
	{
		char again[ADDR_FMTLEN];

		CHECK(addr_format(&back, 0, again) == len &&
		    strcmp(again, ours) == 0);
	}
	for (i = 0; i < len; i++)
		CHECK(!(ours[i] >= 'A' && ours[i] <= 'F'));

	len = addr_format(a, 1, full);
	if (a->family == AF_INET6) {
		CHECK(len == 39);
		for (i = 0; i < 39; i++)
			CHECK(i % 5 == 4 ? full[i] == ':' :
			    strchr("0123456789abcdef", full[i]) != NULL);
		CHECK(addr_parse(full, len, AF_INET6, 0, &back) == 0 &&
		    memcmp(back.b, a->b, 16) == 0);
	} else {
		CHECK(strcmp(full, ours) == 0);
	}
	(void)addr_class(a);
	CHECK(addr_is_private(a) == 0 || a->family == AF_INET);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const int fams[] = { AF_UNSPEC, AF_INET, AF_INET6 };
	const char *s = (const char *)d;
	unsigned char rb[16];
	struct addr a;
	size_t f;
	int flags, r, rr, got;

	for (flags = 0; flags < 4; flags++) {
		for (f = 0; f < 3; f++) {
			memset(&a, 0xa5, sizeof(a));
			r = addr_parse(s, n, fams[f], flags, &a);
			rr = ref_parse(s, n, fams[f], flags, rb, &got);
			CHECK(r == rr);
			if (r == -1)
				continue;
			CHECK(a.family == got);
			CHECK(memcmp(a.b, rb, got == AF_INET ? 4 : 16) == 0);
			if (flags == 0 && f == 0)
				check_format(&a);
		}
	}
	/* Any 4 or 16 bytes, as an address, formats as inet_ntop says. */
	if (n >= 16) {
		memset(&a, 0, sizeof(a));
		a.family = d[0] & 1 ? AF_INET : AF_INET6;
		memcpy(a.b, d, a.family == AF_INET ? 4 : 16);
		check_format(&a);
	}
	return 0;
}
