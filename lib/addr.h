#ifndef ADDR_H
#define ADDR_H

#include <stddef.h>

/*
 * IPv4 and IPv6 addresses as bytes in network order: the first 4 bytes of
 * b for AF_INET, all 16 for AF_INET6.
 */
struct addr {
	int		family;		/* AF_INET or AF_INET6 */
	unsigned char	b[16];
};

/* Room for any text addr_format writes, NUL included. */
#define ADDR_FMTLEN	48

/* Flags for addr_parse. */
#define ADDR_BRACKETS	0x01	/* IPv6 may come as [addr] */
#define ADDR_ZONE	0x02	/* IPv6 may end in %zone (which is dropped) */

/*
 * The text s of n bytes (it may hold NULs, which make it invalid) as an
 * address of the family asked: AF_INET, AF_INET6, or AF_UNSPEC for either.
 * 0 on success, -1 when it is not a valid address.
 */
int	addr_parse(const char *s, size_t n, int family, int flags,
	    struct addr *a);

/* Whether s of n bytes may follow '%' as an IPv6 zone (RFC 4007): an
 * interface name or number, printable ASCII, no blank, '%', '/', brackets
 * or backslash. */
int	addr_zone_ok(const char *s, size_t n);

/* Writes the canonical text (RFC 5952 for IPv6), or with expand the full
 * IPv6 form, into dst of ADDR_FMTLEN bytes; returns its length. */
size_t	addr_format(const struct addr *a, int expand, char *dst);

/* The IANA special-purpose class: "loopback", "private", ..., "global". */
const char *addr_class(const struct addr *a);

/* 10/8, 172.16/12, 192.168/16 or 127/8 (IPv4 only, as Stem has it). */
int	addr_is_private(const struct addr *a);

#endif
