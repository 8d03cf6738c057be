#ifndef RESOLVER_H
#define RESOLVER_H

#include <stddef.h>

#include "conn.h"

/*
 * A resolver finds the connections a query asks for, natively or by running
 * a command and parsing what it prints.  Each lives in lib/resolve_NAME.c
 * and is listed once in lib/resolver.c.
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
	/* Nonzero when it can run on this machine. */
	int		(*usable)(void);
	/* Fills res; 0, or -1 when it could not run at all (with an rerr). */
	int		(*run)(const struct query *, struct result *);
};

const struct resolver	*resolver_find(const char *);
/* The resolvers usable for system (SYS_*, or 0 for this machine), best
 * first; returns how many were written to out, at most n. */
size_t	resolver_list(unsigned, const struct resolver **, size_t);
/* SYS_* for "Linux", "FreeBSD", "OpenBSD", "Darwin", or 0. */
unsigned resolver_system(const char *);

/* Records a message (printf-style) for an input; -1 with ENOMEM. */
int	result_error(struct result *, enum rerr_kind, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* Records "NAME: no process of that name", NAME escaped as a field. */
int	result_noname(struct result *, const char *);
void	result_free(struct result *);

#endif
