#ifndef DIAGBC_H
#define DIAGBC_H

#include <stddef.h>

struct query;

/*
 * The query's port and address filters as inet_diag bytecode (what ss
 * sends for `sport = :22`), so that a sock_diag dump returns only the
 * sockets that may match.  Pushed down for speed only: connset_select
 * still judges every row.  A malloc'd program in *bc of *len bytes, or
 * *bc NULL when the query has no such filter.  0, or -1 with errno
 * (ENOMEM; E2BIG for a filter too long for the bytecode's jumps, which
 * the caller then leaves to connset_select).
 */
int	diagbc_compile(const struct query *q, unsigned char **bc, size_t *len);

#endif
