#ifndef RESOLVER_H
#define RESOLVER_H

#include <sys/types.h>

#include <stddef.h>

#include "conn.h"

/*
 * The path of one query, top to bottom:
 *
 *   cmd/conns.c      builds one struct query (conn.h): selectors, filters
 *   query_run()      picks nothing, decides nothing: it runs the resolver
 *     resolver->run  yields rows into a struct result, each in its own way:
 *       native         resolve_netlink.c, resolve_proc.c over owner.c
 *                      (which processes, which socket inodes) and proc.c
 *       by command     resolve_ss.c ... resolve_bsd_fstat.c over cmdres.c
 *                      (one driver: runs the tool through spawn.c, parses
 *                      its lines, answers -p and -n from what it printed)
 *                    A resolver may push a filter down (into the kernel, a
 *                    tool's arguments) to do less work; it never decides.
 *     connset_select the one judgement (conn.c): match, dedup, sort
 *   connfmt.c        formats the rows; cmd/conns.c prints them and exits
 */

/* Platforms, for --system and the order of --list-resolvers. */
#define SYS_LINUX	0x01
#define SYS_FREEBSD	0x02
#define SYS_OPENBSD	0x04
#define SYS_DARWIN	0x08

/* What went wrong; every kind is exit status 2 in conns. */
enum rerr_kind {
	RE_NOPROC = 1,	/* no such process */
	RE_NONAME,	/* no process of that name */
	RE_NOUSER,	/* no such user */
	RE_PERM,	/* the caller may not inspect it */
	RE_UNAVAIL,	/* the resolver cannot run here */
	RE_CMD,		/* the command failed, timed out or printed nothing
			   parseable */
	RE_SYS		/* a system call failed */
};

struct rerr {
	enum rerr_kind	 kind;
	char		*msg;	/* owned; names the input: "123: no such process" */
};

/* What a run found: the connections, the messages for the inputs that
 * could not be answered, and how many processes were skipped for want of
 * permission when no selector was given. */
struct result {
	struct connset	 conns;
	struct rerr	*errs;
	size_t		 nerrs;
	size_t		 skipped;
};

struct resolver {
	const char	*name;
	const char	*command;	/* program run from PATH; NULL: native */
	unsigned	 systems;	/* SYS_* it serves, best first per list */
	/* Nonzero when it can run on this machine; NULL: when its command
	 * is in PATH (resolver_usable). */
	int		(*usable)(void);
	/* Fills res; 0, or -1 when it could not run at all (with an rerr). */
	int		(*run)(const struct query *, struct result *);
	/* Whether it sees sockets no process holds (--unowned). */
	int		 unowned;
	/* -K: closes the TCP rows of res, keeping the rows it closed; NULL
	 * when it cannot.  0, or -1 with an rerr. */
	int		(*kill)(const struct query *, struct result *);
};

extern const struct resolver resolve_netlink, resolve_proc, resolve_ss,
    resolve_netstat, resolve_lsof, resolve_sockstat, resolve_bsd_sockstat,
    resolve_bsd_procstat, resolve_bsd_fstat;

const struct resolver	*resolver_find(const char *name);
/* Whether r can run on this machine. */
int	resolver_usable(const struct resolver *r);
/* The resolvers usable for system (SYS_*, or 0 for this machine), best
 * first; returns how many were written to out, at most n. */
size_t	resolver_list(unsigned system, const struct resolver **out, size_t n);
/* SYS_* for "Linux", "FreeBSD", "OpenBSD", "Darwin", or 0. */
unsigned resolver_system(const char *name);

/* Runs q with r into res (zeroed by the caller), then judges the rows once
 * (connset_select).  0, or -1 when the resolver could not run at all. */
int	query_run(const struct query *q, const struct resolver *r,
	    struct result *res);

/* Records a message (printf-style) for an input; -1 with ENOMEM. */
int	result_error(struct result *res, enum rerr_kind kind, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
/* result_error with one string the user gave, written escaped as a field
 * (a tab is \t), for the one %s of fmt. */
int	result_quoted(struct result *res, enum rerr_kind kind, const char *fmt,
	    const char *s);
/* The messages for a selected process, worded once: "PID: no such
 * process", "PID: permission denied", "NAME: no process of that name". */
int	result_noproc(struct result *res, pid_t pid);
int	result_denied(struct result *res, pid_t pid);
int	result_noname(struct result *res, const char *name);
void	result_free(struct result *res);

#endif
