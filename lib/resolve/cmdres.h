#ifndef CMDRES_H
#define CMDRES_H

#include <sys/types.h>

#include <stddef.h>

#include "addr.h"
#include "buf.h"
#include "conn.h"
#include "command.h"

struct query;
struct result;

/*
 * The one driver of the seven command resolvers.  A resolver names its
 * tool's argv and parses a line into a struct cmdrow; the driver runs the
 * tool (spawn.c: no shell, one --timeout for all the runs of a query),
 * numbers the lines, words the one bad-line message, keeps no half answer,
 * and answers for the selected processes from what the tool printed: a
 * -p pid no line showed is looked up in the process table only to tell an
 * absent process ("no such process", status 2) or one the caller may not
 * inspect ("permission denied") from one with no sockets (no message).
 */

/* A socket, or another line naming a process, as a tool printed it. */
struct cmdrow {
	struct conn	 conn;		/* name NULL, uid unknown; pid -1:
					   a line of no process */
	const char	*name;		/* the tool's process name, within the
					   line; NULL: it prints none */
	size_t		 namelen;
	const char	*user;		/* the tool's user column, within the
					   line; NULL: it prints none */
	size_t		 userlen;
};

struct cmdres_proc;

struct cmdres {
	const char	*tool;		/* names the tool in messages */
	const struct query *q;
	struct result	*res;
	command_line_fn	 fn;		/* the resolver's line parser */
	void		*arg;
	char		*cmd;		/* the command line of the run */
	size_t		 lineno;	/* of the line being parsed, in its run */
	size_t		 nlines;	/* non-blank lines, all runs */
	unsigned char	*pidseen;	/* per q->pids[i]: a line showed it */
	int		 nameseen;	/* a line showed the -n name */
	int		 listsall;	/* a run listed every process, and its
					   tool prints processes without
					   sockets too (fstat, procstat) */
	int		 tablenames;	/* take names from the process table
					   while the process is there (the
					   tool's are not comm) */
	int		 needoutput;	/* the tool always prints a header */
	size_t		 userwidth;	/* the tool cuts user names to this */
	pid_t		*pids;		/* the processes of the -n name */
	size_t		 npids;
	struct cmdres_proc *procs;	/* process-table look-ups, by pid */
	size_t		 nprocs;
	size_t		 last;
	char		*cache_user;	/* the last user name looked up */
	uid_t		 cache_uid;
	char		*qname;		/* q->uid's user name, or NULL */
	long long	 deadline;	/* ms, monotonic; -1: none */
	struct buf	 scratch;	/* a line parser's, freed at the end */
};

/* 0, or -1 with an error recorded (ENOMEM). */
int	cmdres_init(struct cmdres *cr, const char *tool, const struct query *q,
	    struct result *res);

/* Looks at the selectors before a run, where there is a /proc: the pids of
 * the -n name (no process of that name: the message, and nothing to run)
 * and, with no selector, the processes hidden from the caller (counted, as
 * natively).  1: run the tool; 0: nothing can match; -1 on ENOMEM. */
int	cmdres_select(struct cmdres *cr);

/* The pids the tool may be told to list (-p, or those of the -n name) in
 * *pids, or 0 when it must list every process. */
size_t	cmdres_pids(const struct cmdres *cr, const pid_t **pids);

/* Whether a line of pid may hold a selected socket; cheap, for skipping a
 * line before parsing its addresses.  Notes that the tool showed pid. */
int	cmdres_want(struct cmdres *cr, pid_t pid);

/* Takes a socket row: its name (the tool's, or the process table's with
 * tablenames) and uid (the tool's user column, else the process table's)
 * are filled in and the row is kept for the one judgement.  A line naming
 * a process but no TCP or UDP socket (conn.proto 0) only notes that the
 * process and its name were seen.  0, or -1 with an error recorded. */
int	cmdres_add(struct cmdres *cr, struct cmdrow *row);

/* cmdres_add for a tool without a user column: c and its name. */
int	cmdres_add_named(struct cmdres *cr, const struct conn *c,
	    const char *name, size_t namelen);

/* Runs argv, passing each line to fn(arg, ...); with status, a normal exit
 * of any status is a run and *status tells it (lsof exits 1 when it found
 * nothing).  What a failed run printed is dropped.  0, or -1 with an error
 * recorded. */
int	cmdres_run(struct cmdres *cr, const char *const argv[], command_line_fn fn,
	    void *arg, int *status);

/* What cmdres_once is told of its tool. */
#define CMDRES_TABLENAMES	0x1	/* its names are not comm */

/*
 * The whole run of a resolver whose tool runs once: cmdres_init, the
 * selectors, conn (or, when the query shows more than established
 * sockets, all) passing each line to fn(arg, ...), then tail(arg) when
 * not NULL (what the parser keeps for the end), and cmdres_end.
 */
int	cmdres_once(struct cmdres *cr, const char *tool, const struct query *q,
	    struct result *res, unsigned flags, const char *const conn[],
	    const char *const all[], command_line_fn fn, int (*tail)(void *),
	    void *arg);

/* "TOOL FLAG PID" once per -p pid (a pid gone meanwhile is "no such
 * process", not a failure), or all when there is none.  0, or -1 when no
 * run worked. */
int	cmdres_run_pids(struct cmdres *cr, const char *flag,
	    const char *const all[], command_line_fn fn, void *arg);

/* Ends the query: after a failed run (r -1) no row is kept; otherwise the
 * -p pids and -n name no line showed are answered from the process table.
 * Frees cr.  Returns 0, or -1 when r was. */
int	cmdres_end(struct cmdres *cr, int r);

/* Records "CMD: unexpected output on line N: EXCERPT" for the line being
 * parsed; -1. */
int	cmdres_bad(struct cmdres *cr, const char *line, size_t len);
/* Records "TOOL: Cannot allocate memory"; -1. */
int	cmdres_nomem(struct cmdres *cr);

/* "ADDR:PORT" as the tools print it: ADDR dotted, IPv6 bare or in
 * brackets, with a %zone or %interface, or `*`; PORT decimal or `*` (0).
 * A `*` address is the unspecified one of family (AF_INET when 0).
 * 0, or -1 when it is not such a text. */
int	cmdres_hostport(const char *s, size_t n, int family, struct addr *a,
	    unsigned *port);
/* An IPv4 address a tool prints for a socket of family AF_INET6 (netstat's
 * tcp6, lsof's IPv6 TYPE) is the IPv4-mapped address of a dual-stack
 * socket: makes it that, as the kernel has it. */
void	cmdres_mapped(int family, struct addr *a);

/* A TCP state as ss, netstat, lsof or sockstat spell it ("ESTAB",
 * "CLOSE-WAIT", "CLOSE_WAIT", "UNCONN", "CLOSED"...): CS_*, or -1. */
int	cmdres_state(const char *s, size_t n);

/* Whether [s, s + n) is the string w. */
int	cmdres_is(const char *s, size_t n, const char *w);

/* Splits off the next blank-separated field of [*s, end): its start and
 * length, or NULL at the end. */
const char *cmdres_field(const char **s, const char *end, size_t *len);

/* The last field of [s, *end) and *end moved before it; NULL when none. */
const char *cmdres_lastfield(const char *s, const char **end, size_t *len);

/* [*s, *end) without its leading and trailing blanks. */
void	cmdres_trim(const char **s, const char **end);

#endif
