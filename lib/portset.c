#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "list.h"
#include "num.h"
#include "port.h"
#include "portset.h"

static int
add(struct portset *set, unsigned lo, unsigned hi)
{
	unsigned (*v)[2];

	if ((v = realloc(set->v, (set->n + 1) * sizeof(*v))) == NULL)
		return -1;
	set->v = v;
	set->v[set->n][0] = lo;
	set->v[set->n++][1] = hi;
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

/* One item of a list: a port, a range or a service name. */
static int
item(void *arg, const char *s, size_t n, const char **why)
{
	struct portset *set = arg;
	const char *dash = memchr(s, '-', n);
	unsigned lo, hi;
	int found;

	/* Digits and a dash are a range; a name may hold a dash too
	 * (zabbix-agent). */
	if (dash != NULL && strspn(s, "0123456789-") >= n) {
		if (port(s, (size_t)(dash - s), &lo) == -1 ||
		    port(dash + 1, n - (size_t)(dash - s) - 1, &hi) == -1)
			return *why = "not a range of ports 1-65535", -1;
		if (lo > hi)
			return *why = "range ends before it starts", -1;
		return add(set, lo, hi);
	}
	if (n > 0 && strspn(s, "0123456789") >= n) {
		if (port(s, n, &lo) == -1)
			return *why = "not a port 1-65535", -1;
		return add(set, lo, lo);
	}
	if (n == 0)
		return *why = "empty item", -1;
	if (byname(set, s, n, &found) == -1)
		return -1;
	return found ? 0 : (*why = "unknown service name", -1);
}

int
portset_add(struct portset *set, const char *list, const char **bad,
    size_t *badlen, const char **why)
{
	return list_each(list, item, set, bad, badlen, why);
}

int
portset_has(const struct portset *set, unsigned p)
{
	size_t i;

	for (i = 0; i < set->n && (p < set->v[i][0] || p > set->v[i][1]); i++)
		;
	return i < set->n;
}

void
portset_free(struct portset *set)
{
	free(set->v);
	memset(set, 0, sizeof(*set));
}
