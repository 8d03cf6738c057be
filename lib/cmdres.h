#ifndef CMDRES_H
#define CMDRES_H

#include <sys/types.h>

#include <stddef.h>

#include "addr.h"

struct conn;
struct connset;
struct query;
struct result;

/*
 * The command resolvers' common part: the checks on the selectors before
 * a tool runs, the fields every tool prints alike (ADDR:PORT, TCP state
 * names), and the rows, whose process name and uid come from /proc while
 * the process is there (so every resolver shows the same name), else as
 * the tool printed them.
 */

struct cmdres_proc {
	pid_t		 pid;
	int		 known;		/* found in /proc */
	uid_t		 uid;
	char		*name;
};

struct cmdres {
	const char	*tool;		/* names it in messages */
	const struct query *q;
	struct result	*res;
	size_t		 lineno;	/* of the line being parsed */
	size_t		 nrows;		/* lines that were sockets */
	struct cmdres_proc *procs;	/* sorted by pid */
	size_t		 nprocs;
	size_t		 last;		/* the one looked up last */
	pid_t		*pids;		/* the processes -n selects */
	size_t		 npids;
};

void	cmdres_init(struct cmdres *, const char *, const struct query *,
	    struct result *);
void	cmdres_free(struct cmdres *);

/* Checks the selectors: a -p process that does not exist, a -n name no
 * process has are messages.  1: run the tool; 0: nothing can match (the
 * messages are recorded); -1 on ENOMEM.  Without a readable /proc the
 * checks are skipped. */
int	cmdres_select(struct cmdres *);

/* The pids the tool may be told to list (-p, or those of the -n name) in
 * *pids, or 0 when it must list every process. */
size_t	cmdres_pids(const struct cmdres *, const pid_t **);

/* Whether a socket of pid can pass the selectors; cheap, for skipping a
 * line before parsing its addresses. */
int	cmdres_want(struct cmdres *, pid_t);

/* Adds c for pid (the tool's name for it in name, namelen; NULL when it
 * printed none) when it passes the query.  0, or -1 with an error
 * recorded. */
int	cmdres_add(struct cmdres *, struct conn *, const char *, size_t);

/* Records "TOOL: Cannot allocate memory"; -1. */
int	cmdres_nomem(struct cmdres *);

/* Records that the current line is not what the tool prints; -1. */
int	cmdres_bad(struct cmdres *, const char *, size_t);

/* "ADDR:PORT" as the tools print it: ADDR dotted, IPv6 bare or in
 * brackets, with a %zone or %interface, or `*`; PORT decimal or `*` (0).
 * A `*` address is the unspecified one of family (AF_INET when 0).
 * 0, or -1 when it is not such a text. */
int	cmdres_hostport(const char *, size_t, int, struct addr *, unsigned *);

/* A TCP state as ss, netstat, lsof or sockstat spell it ("ESTAB",
 * "CLOSE-WAIT", "CLOSE_WAIT", "UNCONN", "CLOSED"...): CS_*, or -1. */
int	cmdres_state(const char *, size_t);

/*
 * Drops repeated rows: a socket a process holds on several descriptors
 * (lsof, sockstat list each), or one a tool met twice while the kernel's
 * tables changed under it (netstat reads /proc/net/tcp, which is no
 * snapshot).  Rows differing only in what the tool does not print (no
 * inode) are one.
 */
void	cmdres_dedup(struct connset *);

/* Splits off the next blank-separated field of [*s, end): its start and
 * length, or NULL at the end. */
const char *cmdres_field(const char **, const char *, size_t *);

/* The last field of [s, *end) and *end moved before it; NULL when none. */
const char *cmdres_lastfield(const char *, const char **, size_t *);

#endif
