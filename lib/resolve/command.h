#ifndef COMMAND_H
#define COMMAND_H

#include <stddef.h>

#include "resolver.h"

/*
 * Running the commands the command resolvers parse: found in PATH, never
 * through a shell, stdin from /dev/null, stderr discarded, stdout streamed
 * line by line, killed with its process group when the time is up.
 */

/* Called for each line the command prints, newline (and a trailing \r)
 * stripped, NUL-terminated; returns 0 to go on, -1 to stop (having
 * recorded an error in res). */
typedef int (*command_line_fn)(void *arg, char *line, size_t len);

/* Runs argv[0] found in PATH with argv and streams its stdout to fn; kills
 * it (SIGKILL to its process group) when timeout seconds pass (timeout <= 0:
 * no limit).  0 when the command ran and exited 0; -1 otherwise with an
 * error naming the command recorded in res: RE_UNAVAIL "ss: not found in
 * PATH", RE_CMD "ss: exited with status 1", "ss: killed by signal 9",
 * "ss: timed out after 10 s". */
int	command_lines(const char *const argv[], int timeout, command_line_fn fn,
	    void *arg, struct result *res);

/* As command_lines, but a normal exit with any status returns 0 and stores
 * the status in *status, for tools such as lsof that exit 1 when they
 * found nothing; the caller decides what a status means. */
int	command_lines_status(const char *const argv[], int timeout,
	    command_line_fn fn, void *arg, struct result *res, int *status);

/* Nonzero when cmd is an executable regular file in PATH (or, holding a
 * slash, at that path). */
int	command_found(const char *cmd);

#endif
