#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "addrset.h"
#include "list.h"
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

/* One item of a list: an address or a block, added to the set. */
static int
item(void *arg, const char *s, size_t n, const char **why)
{
	struct addrset *set = arg;
	struct addrblock *b, *v;
	struct cidr c;

	if ((v = realloc(set->v, (set->n + 1) * sizeof(*v))) == NULL)
		return -1;
	set->v = v;
	b = &set->v[set->n];

	if (memchr(s, '/', n) != NULL) {
		if (mask_parse(s, n, AF_UNSPEC, &c, why) != MASK_CIDR) {
			if (*why == NULL)
				*why = "not a CIDR block";
			return -1;
		}
		b->net = c.addr;
		b->bits = c.bits;
	} else if (addr_parse(s, n, AF_UNSPEC, 0, &b->net) == 0)
		b->bits = b->net.family == AF_INET ? 32 : 128;
	else
		return *why = "not an address or a CIDR block", -1;
	clear_host(b);
	set->n++;
	return 0;
}

int
addrset_add(struct addrset *set, const char *list, const char **bad,
    size_t *badlen, const char **why)
{
	return list_each(list, item, set, bad, badlen, why);
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
	memset(set, 0, sizeof(*set));
}
