#ifndef OWNER_H
#define OWNER_H

#include <sys/types.h>

#include <stddef.h>

struct conn;
struct connset;
struct query;
struct result;

/*
 * The native resolvers' common part: which processes a query selects,
 * which socket inodes they hold (from /proc/PID/fd), and the rows for the
 * sockets a scanner reports.  A scanner lists the sockets of one network
 * namespace; owner_run calls it once per namespace the selected processes
 * live in, naming one process of that namespace.
 */

/* Called by a scanner for each socket it finds; c->inode must be set,
 * the rest of the process fields are filled in here.  -1 on ENOMEM. */
typedef int	(*owner_emit)(void *, const struct conn *);

/* Lists the sockets of the protocols and families the query asks for, in
 * the states it asks for (owner_states), in the network namespace of pid,
 * calling emit with the last argument.  0, or -1 with errno (ESRCH: pid
 * is gone). */
typedef int	(*owner_scan)(pid_t, const struct query *, owner_emit, void *);

/* For a scanner with a set of rows already (the ones emit would be given,
 * in a set of its own): takes them over, as emit would take each, with
 * its own rows in the place of rows' own.  0, or -1 on ENOMEM; rows is
 * left to be freed either way. */
int	owner_adopt(void *, struct connset *);

/* Called once before the processes are read, so that a scanner may begin
 * work it will need (in another thread); NULL: none. */
typedef void	(*owner_prefetch)(const struct query *);

/* Runs a query with scan; errors go to res as rerrs.  0, or -1 when the
 * resolver could not run at all. */
int	owner_run(const struct query *q, struct result *res,
	    owner_prefetch prefetch, owner_scan scan);

/* The state bits a query wants for proto (bit n for state n). */
unsigned owner_states(const struct query *, int);

/* For a scanner that looks sockets up one by one: how many sockets the
 * processes of the namespace being scanned hold, and each of them as
 * (pid, descriptor, inode); each stops at the first nonzero return. */
size_t	owner_count(void *);
/* Whether a process's sockets came from a walk kept from an earlier run
 * (--watch): only a dump then shows a socket it lacks. */
int	owner_kept(void *);
int	owner_each(void *, int (*)(void *, pid_t, int, unsigned long),
	    void *);

#endif
