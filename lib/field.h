#ifndef FIELD_H
#define FIELD_H

#include <stddef.h>

struct addr;

/*
 * Helpers for the command resolvers: a tool's output line is cut into
 * blank-separated fields, which point into the line (nothing is copied, no
 * length is limited).
 */
struct field {
	const char	*s;
	size_t		 n;
};

/* Splits s (n bytes) at runs of blanks (space, tab, \r, \v, \f) into at
 * most max fields; returns how many there are in the line, which may be
 * more than were stored. */
size_t	field_split(const char *, size_t, struct field *, size_t);

/* Whether the field is the string lit. */
int	field_is(const struct field *, const char *);

/*
 * "ADDR<sep>PORT" split at the last sep: ADDR an address of family
 * (AF_INET, AF_INET6 or AF_UNSPEC; IPv6 may come in brackets and with a
 * zone), or "*" for the unspecified address of family star (AF_INET or
 * AF_INET6); PORT decimal 0-65535 or "*" for 0.  0, or -1 when it is not
 * such a pair.
 */
int	field_addrport(const char *, size_t, char, int, int, struct addr *,
	    unsigned *);

#endif
