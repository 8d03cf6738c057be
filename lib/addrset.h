#ifndef ADDRSET_H
#define ADDRSET_H

#include <stddef.h>

#include "addr.h"

/* A set of addresses and CIDR blocks, as conns' --laddr, --raddr and -A
 * take them. */
struct addrblock {
	struct addr	 net;		/* host bits cleared */
	int		 bits;
};

struct addrset {
	struct addrblock *v;
	size_t		 n;
};

/*
 * Adds the comma-separated items of list: an IPv4 or IPv6 address, or a
 * block ADDR/BITS or ADDR/MASK (host bits set mean the block's network).
 * 0, or -1 with *bad and *badlen the item at fault and *why a reason, or
 * with errno ENOMEM and *why NULL.
 */
int	addrset_add(struct addrset *set, const char *list, const char **bad,
	    size_t *badlen, const char **why);
/* Whether a is in a block of the set; an IPv4 block also holds the
 * IPv4-mapped form ::ffff:a.b.c.d of its addresses. */
int	addrset_has(const struct addrset *set, const struct addr *a);
void	addrset_free(struct addrset *set);

#endif
