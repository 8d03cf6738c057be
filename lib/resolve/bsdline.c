#include <sys/types.h>

#include <netinet/in.h>

#include <string.h>
#include <strings.h>

#include "bsdline.h"
#include "cmdres.h"
#include "conn.h"

/* Cuts s (n bytes) into at most max fields; returns how many the line
 * has, which may be more than were stored. */
static size_t
bsd_split(const char *s, size_t n, struct bsdfield *f, size_t max)
{
	const char *p = s, *t;
	size_t k, len;

	for (k = 0; (t = cmdres_field(&p, s + n, &len)) != NULL; k++)
		if (k < max) {
			f[k].s = t;
			f[k].n = len;
		}
	return k;
}

int
bsd_is(const struct bsdfield *f, const char *lit)
{
	size_t n = strlen(lit);

	return f->n == n && memcmp(f->s, lit, n) == 0;
}

int
bsd_begin(const char *s, size_t n, struct cmdrow *l, struct bsdfield *f,
    size_t max, const char *h1, const char *h2, size_t *nf)
{
	memset(l, 0, sizeof(*l));
	conn_init(&l->conn);
	*nf = bsd_split(s, n, f, max);
	if (*nf == 0)
		return BSD_OTHER;
	if (*nf > max)
		return BSD_BAD;
	if (bsd_is(&f[0], h1) && *nf > 1 && bsd_is(&f[1], h2))
		return BSD_OTHER;
	return BSD_CONN;
}

int
bsd_proto(const struct bsdfield *f)
{
	if (f->n != 3)
		return 0;
	if (strncasecmp(f->s, "tcp", 3) == 0)
		return IPPROTO_TCP;
	if (strncasecmp(f->s, "udp", 3) == 0)
		return IPPROTO_UDP;
	return 0;
}

int
bsd_hostport(const struct bsdfield *f, int family, struct addr *a,
    unsigned *port)
{
	if (cmdres_hostport(f->s, f->n, family, a, port) == -1 ||
	    a->family != family)
		return -1;
	return 0;
}

int
bsd_line(void *arg, char *line, size_t len)
{
	struct bsdrun *r = arg;
	struct cmdrow row;
	int k;

	if ((k = r->parse(line, len, &row)) == BSD_BAD)
		return cmdres_bad(r->cr, line, len);
	if (row.conn.pid == -1 && (k != BSD_CONN || !r->cr->q->unowned))
		return 0;
	/* Another file of a process still shows that the process is there. */
	if (k != BSD_CONN)
		row.conn.proto = 0;
	return cmdres_add(r->cr, &row);
}
