#ifndef PORTSET_H
#define PORTSET_H

#include <stddef.h>

/* A set of ports, as conns' --lport, --rport and -P take them: ranges,
 * from v[i][0] to v[i][1]. */
struct portset {
	unsigned	(*v)[2];
	size_t		 n;
};

/*
 * Adds the comma-separated items of list: a port 1-65535, a range LO-HI
 * of two such ports, LO <= HI, or a service name, looked up case-
 * insensitively in the port table portname uses, then in the system
 * services database.  0, or -1 with *bad and *badlen the item at fault
 * and *why a reason ("not a port 1-65535", "unknown service name"), or
 * with errno ENOMEM and *why NULL.
 */
int	portset_add(struct portset *set, const char *list, const char **bad,
	    size_t *badlen, const char **why);
/* Whether port is in the set. */
int	portset_has(const struct portset *set, unsigned port);
void	portset_free(struct portset *set);

#endif
