#ifndef MASK_H
#define MASK_H

#include <stddef.h>

#include "addr.h"

/* Room for the decimal address count of any block: 2^128 has 39 digits. */
#define MASK_COUNTLEN	40

/* A CIDR block as written: an address and a prefix length. */
struct cidr {
	struct addr	addr;
	int		bits;
};

/* What a block spans; the address count is 2 to the power hostbits. */
struct range {
	struct addr	network;
	struct addr	mask;
	struct addr	first;		/* first usable address */
	struct addr	last;		/* last usable address */
	struct addr	broadcast;	/* IPv4 blocks of 30 bits or fewer */
	int		has_broadcast;
	int		bits;
	int		hostbits;
};

/* The number of bits in an address of the family: 32 or 128. */
int	mask_width(int family);
/* The mask of bits leading ones; -1 when bits is not 0 to the width. */
int	mask_from_bits(int family, int bits, struct addr *m);
/* The leading ones of a mask; -1 when its ones are not contiguous. */
int	mask_to_bits(const struct addr *m);

/* What an ipmask input is: a bit count, a mask or a CIDR block. */
enum mask_kind { MASK_BITS, MASK_MASK, MASK_CIDR };
/*
 * Any of the three, in s of n bytes; the family asked decides a bit
 * count's (AF_UNSPEC: IPv4).  Fills c: the mask and its bits, or the
 * block.  The kind, or -1 with *why set to a short reason.
 */
int	mask_parse(const char *s, size_t n, int family, struct cidr *c,
	    const char **why);
/* a + 1 (up) or a - 1, modulo the width of its family. */
void	mask_step(struct addr *a, int up);
void	mask_range(const struct cidr *c, struct range *r);
/* Writes 2^hostbits in decimal into dst of MASK_COUNTLEN; its length. */
size_t	mask_count(int hostbits, char *dst);

#endif
