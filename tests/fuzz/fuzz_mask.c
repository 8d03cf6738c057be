/*
 * lib/mask: mask_parse (bit count, mask, ADDR/BITS, ADDR/MASK) against a
 * reference written from the spec -- strict decimal 0 to the width, a
 * mask's ones contiguous, addresses as addr_parse takes them (fuzz_addr
 * holds that one to inet_pton) -- and mask_range's block against
 * arithmetic done here: every address inside the block, first and last
 * usable as RFC 3021 / RFC 6164 have them, the broadcast for IPv4 only.
 */
#include <sys/socket.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "mask.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static int
ref_bits(const char *s, size_t n, int width)
{
	size_t i;
	int v = 0;

	if (n == 0 || n > 3 || (n > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= width ? v : -1;
}

/* Leading ones of 16 bytes over len bytes, -1 when not contiguous. */
static int
ref_ones(const unsigned char *b, int len)
{
	int i, k, ones = 0, zero = 0;

	for (i = 0; i < len; i++)
		for (k = 7; k >= 0; k--) {
			if (b[i] >> k & 1) {
				if (zero)
					return -1;
				ones++;
			} else
				zero = 1;
		}
	return ones;
}

static void
check_range(const struct cidr *c)
{
	struct range r;
	struct addr m;
	unsigned char net[16], end[16], x[16];
	int w = mask_width(c->addr.family), len = w / 8, i;

	mask_range(c, &r);
	CHECK(r.bits == c->bits && r.hostbits == w - c->bits);
	CHECK(mask_from_bits(c->addr.family, c->bits, &m) == 0);
	CHECK(memcmp(r.mask.b, m.b, (size_t)len) == 0);
	for (i = 0; i < len; i++) {
		net[i] = c->addr.b[i] & m.b[i];
		end[i] = c->addr.b[i] | (unsigned char)~m.b[i];
	}
	CHECK(memcmp(r.network.b, net, (size_t)len) == 0);
	CHECK(r.network.family == c->addr.family &&
	    r.first.family == c->addr.family &&
	    r.last.family == c->addr.family);
	if (r.hostbits < 2) {
		CHECK(memcmp(r.first.b, net, (size_t)len) == 0);
		CHECK(memcmp(r.last.b, end, (size_t)len) == 0);
		CHECK(!r.has_broadcast);
		return;
	}
	memcpy(x, net, sizeof(x));
	for (i = len - 1; i >= 0 && ++x[i] == 0; i--)
		;
	CHECK(memcmp(r.first.b, x, (size_t)len) == 0);
	if (c->addr.family == AF_INET6) {
		CHECK(!r.has_broadcast);
		CHECK(memcmp(r.last.b, end, (size_t)len) == 0);
		return;
	}
	CHECK(r.has_broadcast && memcmp(r.broadcast.b, end, 4) == 0);
	memcpy(x, end, sizeof(x));
	for (i = len - 1; i >= 0 && x[i]-- == 0; i--)
		;
	CHECK(memcmp(r.last.b, x, 4) == 0);
}

static void
check_fixed(void)
{
	static const int fams[] = { AF_INET, AF_INET6 };
	char cnt[MASK_COUNTLEN], ref[32];
	struct addr m;
	int f, b;

	for (f = 0; f < 2; f++) {
		int w = mask_width(fams[f]);

		CHECK(mask_from_bits(fams[f], -1, &m) == -1);
		CHECK(mask_from_bits(fams[f], w + 1, &m) == -1);
		for (b = 0; b <= w; b++) {
			CHECK(mask_from_bits(fams[f], b, &m) == 0);
			CHECK(mask_to_bits(&m) == b);
			CHECK(ref_ones(m.b, w / 8) == b);
		}
	}
	for (b = 0; b < 64; b++) {
		snprintf(ref, sizeof(ref), "%llu", 1ULL << b);
		CHECK(mask_count(b, cnt) == strlen(ref) &&
		    strcmp(cnt, ref) == 0);
	}
	CHECK(mask_count(64, cnt) == 20 &&
	    strcmp(cnt, "18446744073709551616") == 0);
	CHECK(mask_count(128, cnt) == 39 &&
	    strcmp(cnt, "340282366920938463463374607431768211456") == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const int fams[] = { AF_UNSPEC, AF_INET, AF_INET6 };
	static int fixed;
	const char *s = (const char *)d, *slash, *why;
	struct cidr c;
	struct addr a, m;
	size_t f;
	int kind, want, bits;

	if (!fixed) {
		check_fixed();
		fixed = 1;
	}
	for (f = 0; f < 3; f++) {
		int fam = fams[f];

		why = NULL;
		memset(&c, 0x5a, sizeof(c));
		kind = mask_parse(s, n, fam, &c, &why);
		if (kind == -1)
			CHECK(why != NULL && why[0] != '\0');
		if ((slash = memchr(s, '/', n)) != NULL) {
			size_t alen = (size_t)(slash - s), mlen = n - alen - 1;

			want = -1;
			if (addr_parse(s, alen, fam, 0, &a) == 0) {
				int w = mask_width(a.family);

				if (memchr(slash + 1, '.', mlen) == NULL &&
				    memchr(slash + 1, ':', mlen) == NULL)
					bits = ref_bits(slash + 1, mlen, w);
				else if (addr_parse(slash + 1, mlen, a.family,
				    0, &m) == 0)
					bits = ref_ones(m.b, w / 8);
				else
					bits = -1;
				if (bits >= 0)
					want = MASK_CIDR;
			}
			CHECK(kind == want);
			if (kind == -1)
				continue;
			CHECK(c.bits == bits && c.addr.family == a.family);
			CHECK(memcmp(c.addr.b, a.b, 16) == 0);
			check_range(&c);
		} else if (memchr(s, '.', n) != NULL ||
		    memchr(s, ':', n) != NULL) {
			want = -1;
			bits = -1;
			if (addr_parse(s, n, fam, 0, &a) == 0 &&
			    (bits = ref_ones(a.b, mask_width(a.family) / 8))
			    >= 0)
				want = MASK_MASK;
			CHECK(kind == want);
			if (kind == -1)
				continue;
			CHECK(c.bits == bits && c.addr.family == a.family);
		} else {
			int fam1 = fam == AF_UNSPEC ? AF_INET : fam;

			bits = ref_bits(s, n, mask_width(fam1));
			CHECK(kind == (bits >= 0 ? MASK_BITS : -1));
			if (kind == -1)
				continue;
			CHECK(c.bits == bits && c.addr.family == fam1);
			CHECK(mask_from_bits(fam1, bits, &m) == 0 &&
			    memcmp(c.addr.b, m.b, 16) == 0);
		}
	}
	return 0;
}
