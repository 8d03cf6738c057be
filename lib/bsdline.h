#ifndef BSDLINE_H
#define BSDLINE_H

#include <sys/types.h>

#include <stddef.h>
#include <time.h>

#include "addr.h"
#include "conn.h"
#include "resolver.h"

/*
 * The BSD command resolvers (FreeBSD sockstat and procstat, OpenBSD fstat):
 * one pure parser per tool over one line of its output, so each can be
 * fuzzed alone, and the run they share.
 */
struct bsdline {
	struct conn	 conn;		/* the socket; name NULL, uid unknown;
					   conn.pid -1: a line of no process */
	const char	*name;		/* process name, within the line */
	size_t		 namelen;
	const char	*user;		/* user column, within the line; NULL:
					   the tool shows none */
	size_t		 userlen;
};

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

/* Cuts s (n bytes) into at most max fields; returns how many the line
 * has, which may be more than were stored. */
size_t	bsd_split(const char *, size_t, struct bsdfield *, size_t);
/* Whether the field is the string lit. */
int	bsd_is(const struct bsdfield *, const char *);
/* ADDR:PORT as cmdres_hostport reads it, ADDR of family ("*" too). */
int	bsd_hostport(const struct bsdfield *, int, struct addr *, unsigned *);

int	bsd_sockstat_parse(const char *, size_t, struct bsdline *);
int	bsd_procstat_parse(const char *, size_t, struct bsdline *);
int	bsd_fstat_parse(const char *, size_t, struct bsdline *);

/* result_error with one argument, a string the user gave (fmt has its
 * one %s), written escaped. */
int	bsd_error(struct result *, enum rerr_kind, const char *, const char *);

/* One resolver's runs of its tool for one query. */
struct bsdrun {
	const struct query *q;
	struct result	*res;
	int		(*parse)(const char *, size_t, struct bsdline *);
	size_t		 userwidth;	/* the tool cuts user names to this */
	const char	*cmd;		/* the command line, for messages */
	unsigned long	 lineno;	/* lines of the current run */
	unsigned long	 parsed;	/* non-blank lines understood, all runs */
	unsigned char	*pidseen;	/* per q->pids[i]: a line named it */
	int		 nameseen;	/* a line named q->name */
	char		*cache_user;	/* the last user name looked up */
	uid_t		 cache_uid;
	char		*qname;		/* q->uid's user name, or NULL */
	struct timespec	 start;		/* --timeout counts for all runs */
};

int	bsdrun_init(struct bsdrun *, const struct query *, struct result *,
	    int (*)(const char *, size_t, struct bsdline *), size_t);
/* Runs argv for one pid of the query, or for every process (-1); 0, or
 * -1 with an error recorded. */
int	bsdrun_spawn(struct bsdrun *, const char *const [], pid_t);
/* Records "no such process" for selected pids no line named (and "no
 * process of that name" when every process was listed); frees r. */
void	bsdrun_finish(struct bsdrun *, int);
void	bsdrun_free(struct bsdrun *);
/* "tool flag PID" once per pid of the query, or all when it has none,
 * then bsdrun_finish; 0, or -1 when no run worked. */
int	bsdrun_pids(struct bsdrun *, const char *, const char *,
	    const char *const []);

#endif
