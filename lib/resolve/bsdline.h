#ifndef BSDLINE_H
#define BSDLINE_H

#include <sys/types.h>

#include <stddef.h>

#include "addr.h"
#include "cmdres.h"

/*
 * The BSD command resolvers (FreeBSD sockstat and procstat, OpenBSD fstat):
 * one pure parser per tool over one line of its output, into a struct
 * cmdrow (cmdres.h), so each can be fuzzed alone; cmdres runs them.
 */

/* What a parser found in a line. */
#define BSD_BAD		(-1)	/* not a line the tool prints */
#define BSD_OTHER	0	/* a header, a blank line, another file or
				   socket (pid and name set when it has them) */
#define BSD_CONN	1	/* a TCP or UDP socket of process conn.pid */

/* A blank-separated field of a line (cmdres_field's), in the line. */
struct bsdfield {
	const char	*s;
	size_t		 n;
};

/* Whether the field is the string lit. */
int	bsd_is(const struct bsdfield *f, const char *lit);
/*
 * The start of every line parser: resets l, splits the line into at most
 * max fields (*nf of them) and passes over blank lines and the header
 * whose first two fields are h1 and h2.  BSD_CONN to go on; otherwise
 * what the parser returns for the line.
 */
int	bsd_begin(const char *s, size_t n, struct cmdrow *l,
	    struct bsdfield *f, size_t max, const char *h1, const char *h2,
	    size_t *nf);
/* IPPROTO_TCP or IPPROTO_UDP for a field "tcp" or "udp" in either case,
 * else 0. */
int	bsd_proto(const struct bsdfield *f);
/* ADDR:PORT as cmdres_hostport reads it, ADDR of family ("*" too). */
int	bsd_hostport(const struct bsdfield *f, int family, struct addr *a,
	    unsigned *port);

int	bsd_sockstat_parse(const char *s, size_t n, struct cmdrow *l);
int	bsd_procstat_parse(const char *s, size_t n, struct cmdrow *l);
int	bsd_fstat_parse(const char *s, size_t n, struct cmdrow *l);

/* What the run of a BSD resolver passes to cmdres_run: bsd_line gives
 * each line to parse and the row to the driver. */
struct bsdrun {
	struct cmdres	*cr;
	int		(*parse)(const char *, size_t, struct cmdrow *);
};

int	bsd_line(void *arg, char *line, size_t len);

#endif
