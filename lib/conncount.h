#ifndef CONNCOUNT_H
#define CONNCOUNT_H

#include <stddef.h>

struct buf;
struct conn;
struct connfmt;
struct connset;

/* The rows that share the values of some columns (conns -c --by). */
struct conngroup {
	const struct conn *first;	/* one row of the group, for its values */
	size_t		 count;
};

/*
 * The groups of set by the columns of by, most rows first, then by value
 * (numbers as numbers, an unknown value last): a malloc'd array in
 * *groups, *n of them.  0, or -1 with ENOMEM.
 */
int	conncount_groups(const struct connfmt *by, const struct connset *set,
	    struct conngroup **groups, size_t *n);

/* An aligned table of the groups under COUNT and the column names. */
int	conncount_human(const struct connfmt *by, const struct conngroup *g,
	    size_t n, struct buf *b);
/*
 * The Prometheus text exposition format (node_exporter's textfile
 * collector): a gauge conns_connections with its HELP and TYPE lines, a
 * sample per group labelled by the columns (by NULL: one sample, total).
 */
int	conncount_prometheus(const struct connfmt *by,
	    const struct conngroup *g, size_t n, size_t total, struct buf *b);

#endif
