#ifndef SPECIAL_H
#define SPECIAL_H

#include <stddef.h>

#include "addr.h"

/*
 * The IANA IPv4 and IPv6 special-purpose address registries (and the
 * multicast blocks), compiled in from data/special-ipv4.tsv and
 * data/special-ipv6.tsv by tools/specialtab.awk: each family's rows
 * longest prefix first.
 */

/* The "Globally Reachable" column of a row. */
enum {
	SPECIAL_NONE,		/* no answer: a terminated row, multicast */
	SPECIAL_GLOBAL,		/* True */
	SPECIAL_LOCAL,		/* False */
	SPECIAL_NA		/* N/A */
};

struct special {
	unsigned char	 family;	/* 4 or 6 */
	unsigned char	 bits;
	unsigned char	 global;	/* a SPECIAL_ value */
	unsigned char	 b[16];
	const char	*class;		/* what ipcheck -c prints */
	const char	*name;		/* the registry's name */
};

extern const struct special	special_table[];
extern const size_t		special_table_len;
/* The registries' "Last Updated" dates, YYYY-MM-DD. */
extern const char		special_updated4[];
extern const char		special_updated6[];

/* The most specific row holding a, or NULL. */
const struct special	*special_lookup(const struct addr *a);
/*
 * Whether a is globally reachable: the most specific row holding it that
 * answers decides (True yes, False or N/A no); in no such row, yes.
 */
int			 special_is_global(const struct addr *a);

#endif
