#ifndef CONNDIFF_H
#define CONNDIFF_H

struct conn;
struct connset;

/*
 * What changed from one sample to the next, as conns --watch shows it:
 * fn(arg, '-', row) for each row of prev whose connection cur lacks (with
 * its last counters), then fn(arg, '+', row) for each row of cur that
 * prev lacks, each in the order of its set.  A connection is its socket
 * cookie where known, else its addresses, ports, protocol and pid.
 * 0, -1 with ENOMEM, or what fn returned when not 0.
 */
int	conndiff(const struct connset *prev, const struct connset *cur,
	    int (*fn)(void *arg, int event, const struct conn *row),
	    void *arg);

#endif
