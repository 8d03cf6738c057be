#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "addrset.h"
#include "mask.h"

static const unsigned char mapped[12] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
};

/* Whether the first bits of a and net agree. */
static int
prefix(const unsigned char *a, const unsigned char *net, int bits)
{
	int whole = bits / 8, rest = bits % 8;

	if (memcmp(a, net, (size_t)whole) != 0)
		return 0;
	return rest == 0 ||
	    ((a[whole] ^ net[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
}

static void
clear_host(struct addrblock *b)
{
	int i, width = b->net.family == AF_INET ? 32 : 128;

	for (i = b->bits; i < width; i++)
		b->net.b[i / 8] &= (unsigned char)~(0x80 >> (i % 8));
}

int
addrset_add(struct addrset *set, const char *list, const char **bad,
    size_t *badlen, const char **why)
{
	struct addrblock *v, blk;
	struct cidr c;
	const char *s = list, *e;
	size_t n;

	*why = NULL;
	for (;; s = e + 1) {
		e = s + strcspn(s, ",");
		n = (size_t)(e - s);
		*bad = s;
		*badlen = n;
		if (memchr(s, '/', n) != NULL) {
			if (mask_parse(s, n, AF_UNSPEC, &c, why) != MASK_CIDR) {
				if (*why == NULL)
					*why = "not a CIDR block";
				return -1;
			}
			blk.net = c.addr;
			blk.bits = c.bits;
		} else if (addr_parse(s, n, AF_UNSPEC, 0, &blk.net) == 0)
			blk.bits = blk.net.family == AF_INET ? 32 : 128;
		else {
			*why = "not an address or a CIDR block";
			return -1;
		}
		clear_host(&blk);
		if ((v = realloc(set->v, (set->n + 1) * sizeof(*v))) == NULL)
			return -1;
		set->v = v;
		set->v[set->n++] = blk;
		if (*e == '\0')
			return 0;
	}
}

int
addrset_has(const struct addrset *set, const struct addr *a)
{
	const struct addrblock *b;
	size_t i;

	for (i = 0; i < set->n; i++) {
		b = &set->v[i];
		if (b->net.family == a->family) {
			if (prefix(a->b, b->net.b, b->bits))
				return 1;
		} else if (b->net.family == AF_INET &&
		    memcmp(a->b, mapped, sizeof(mapped)) == 0 &&
		    prefix(a->b + 12, b->net.b, b->bits))
			return 1;
	}
	return 0;
}

void
addrset_free(struct addrset *set)
{
	free(set->v);
	set->v = NULL;
	set->n = 0;
}
