#ifndef NETSET_H
#define NETSET_H

#include <stddef.h>

#include "addr.h"
#include "mask.h"

/*
 * Networks as sets of addresses: a block's subnets, the blocks that cover
 * a range, a block minus another, many blocks collapsed, a block's hosts,
 * reverse-DNS names.  The arithmetic is over the 16 bytes of struct addr,
 * so it needs no 128-bit integer type.
 */

/* Room for any reverse-DNS name: 32 nibbles, their dots and "ip6.arpa". */
#define NETSET_REVLEN	80

/* The addresses lo to hi, both included, of one family. */
struct span {
	struct addr	lo;
	struct addr	hi;
};

/*
 * A walk over a span, one block at a time, ascending: blocks of one
 * prefix length, or the fewest blocks that cover it exactly.  Nothing is
 * allocated, so the whole IPv6 space walks in constant memory.
 */
struct netset_walk {
	struct addr	cur;
	struct addr	end;
	int		bits;		/* every block's length; -1 the fewest */
	int		done;
};

/* The span of a block: its network to its last address (host bits
 * ignored). */
void	netset_span(const struct cidr *c, struct span *s);
/*
 * ADDR/BITS, ADDR/MASK or a bare address (as /32 or /128) of n bytes, for
 * the family asked (AF_UNSPEC for either): 0, or -1 with *why set.
 */
int	netset_parse_block(const char *s, size_t n, int family,
	    struct cidr *c, const char **why);
/* Whether s of n bytes is written as a range A-B: a dash past the first
 * byte and no slash. */
int	netset_is_range(const char *s, size_t n);
/* A-B, one family, A <= B: 0, or -1 with *why set. */
int	netset_parse_range(const char *s, size_t n, int family,
	    struct span *sp, const char **why);

/* Starts a walk over s with blocks of bits (-1: the fewest blocks). */
void	netset_walk(struct netset_walk *w, const struct span *s, int bits);
/* 1 and the next block in *c, or 0 when the walk is over. */
int	netset_next(struct netset_walk *w, struct cidr *c);

/*
 * The subnets of c of length bits: 0 and a walk, or -1 with *why set when
 * bits is shorter than the block's or past the family.
 */
int	netset_split(const struct cidr *c, int bits, struct netset_walk *w,
	    const char **why);
/* The usable addresses of c as a walk of single-address blocks, as
 * mask_range's first to last. */
void	netset_hosts(const struct cidr *c, struct netset_walk *w);
/*
 * c minus x: the spans left, in out, ascending; their number, 0 to 2.
 * A block of the other family, or disjoint from x, is left whole.
 */
int	netset_exclude(const struct cidr *c, const struct cidr *x,
	    struct span out[2]);

/* A growing set of spans, for netset_aggregate. */
struct netset {
	struct span	*v;
	size_t		 n;
	size_t		 cap;
};

/* Adds a span: 0, or -1 with errno when out of memory. */
int	netset_add(struct netset *set, const struct span *s);
/*
 * Sorts the spans (IPv4 first, then ascending) and merges those that
 * overlap or touch, in place; set->n is then the number of spans left.
 */
void	netset_aggregate(struct netset *set);
void	netset_free(struct netset *set);

/*
 * The reverse-DNS name of c's network into dst of NETSET_REVLEN: the
 * address's name for /32 and /128, else the zone of the block's first
 * bits/8 octets or bits/4 nibbles.  Its length, or 0 with *why set when
 * bits is off an octet (IPv4) or nibble (IPv6) boundary.
 */
size_t	netset_reverse(const struct cidr *c, char *dst, const char **why);

#endif
