#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "port.h"
#include "portset.h"

static int
add(struct portset *set, unsigned lo, unsigned hi)
{
	struct portrange *v;

	if ((v = realloc(set->v, (set->n + 1) * sizeof(*v))) == NULL)
		return -1;
	set->v = v;
	set->v[set->n].lo = lo;
	set->v[set->n].hi = hi;
	set->n++;
	return 0;
}

/* A port of n bytes: 1-65535 and no leading zero, as ipcheck -p has it. */
static int
port(const char *s, size_t n, unsigned *p)
{
	const char *errstr;

	*p = (unsigned)num_parsen(s, n, 1, 65535, &errstr);
	return errstr == NULL ? 0 : -1;
}

/* The ports a service name stands for: the table's entries, else the
 * system database's (tcp, then udp when it differs). */
static int
byname(struct portset *set, const char *s, size_t n, int *found)
{
	const struct port_entry *e;
	char *name;
	long sys[2];
	size_t i = 0;
	int j, k, r = 0;

	*found = 0;
	if ((name = strndup(s, n)) == NULL)
		return -1;
	while ((e = port_find_name(name, &i)) != NULL) {
		if ((r = add(set, e->low, e->high)) == -1)
			goto out;
		*found = 1;
	}
	if (!*found) {
		k = port_system_byname(name, sys);
		for (j = 0; j < k && r == 0; j++)
			r = add(set, (unsigned)sys[j], (unsigned)sys[j]);
		*found = k > 0;
	}
out:
	free(name);
	return r;
}

int
portset_add(struct portset *set, const char *list, const char **bad,
    size_t *badlen, const char **why)
{
	const char *s = list, *e, *dash;
	unsigned lo, hi;
	size_t n;
	int found;

	*why = NULL;
	for (;; s = e + 1) {
		e = s + strcspn(s, ",");
		n = (size_t)(e - s);
		*bad = s;
		*badlen = n;
		/* Digits and a dash are a range; a name may hold a dash
		 * too (zabbix-agent). */
		if (strspn(s, "0123456789-") >= n &&
		    (dash = memchr(s, '-', n)) != NULL) {
			if (port(s, (size_t)(dash - s), &lo) == -1 ||
			    port(dash + 1, (size_t)(e - dash - 1), &hi) == -1) {
				*why = "not a range of ports 1-65535";
				return -1;
			}
			if (lo > hi) {
				*why = "range ends before it starts";
				return -1;
			}
			if (add(set, lo, hi) == -1)
				return -1;
		} else if (n > 0 && strspn(s, "0123456789") >= n) {
			if (port(s, n, &lo) == -1) {
				*why = "not a port 1-65535";
				return -1;
			}
			if (add(set, lo, lo) == -1)
				return -1;
		} else {
			if (n == 0) {
				*why = "empty item";
				return -1;
			}
			if (byname(set, s, n, &found) == -1)
				return -1;
			if (!found) {
				*why = "unknown service name";
				return -1;
			}
		}
		if (*e == '\0')
			return 0;
	}
}

int
portset_has(const struct portset *set, unsigned p)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (p >= set->v[i].lo && p <= set->v[i].hi)
			return 1;
	return 0;
}

void
portset_free(struct portset *set)
{
	free(set->v);
	set->v = NULL;
	set->n = 0;
}
