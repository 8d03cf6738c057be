#ifndef PROC_H
#define PROC_H

#include <sys/types.h>
#include <sys/stat.h>

#include <stddef.h>

struct buf;

/*
 * Every read of /proc goes through here.  The root is $CONNS_PROC_ROOT when
 * set (a recorded tree, for tests), else /proc.  Functions return 0, or -1
 * with errno: ESRCH when the process does not exist (or exited while being
 * read), EACCES when the caller may not inspect it, another value when a
 * system call failed.
 */


/* The root in use, e.g. "/proc". */
const char	*proc_root(void);
/* Whether path relative to the root can be opened ("." : whether there
 * is a /proc at all, as there is not on the BSDs and Darwin). */
int	proc_has(const char *path);
/* stat(2) of path relative to the root. */
int	proc_stat(const char *path, struct stat *st);
/* Opens path relative to the root ("123/net/tcp"); -1 with errno. */
int	proc_open(const char *path, int flags);

/* The entries of the directory dfd (which it closes) whose names are
 * decimal numbers from min, in a malloc'd array in directory order. */
int	proc_numbers(int dfd, int min, int **vp, size_t *np);
/* Every process (thread group) id, ascending, in a malloc'd array. */
int	proc_pids(pid_t **pidsp, size_t *np);
/* The processes whose name (comm) is exactly name, ascending. */
int	proc_pids_by_name(const char *name, pid_t **pidsp, size_t *np);
/* Whether the process exists and is not a zombie: 1, 0, or -1 on
 * another error. */
int	proc_exists(pid_t pid);
/* The process's real uid. */
int	proc_uid(pid_t pid, uid_t *uid);
/* The process's name (comm, at most 15 bytes, any bytes but NUL),
 * malloc'd and NUL-terminated. */
int	proc_name(pid_t pid, char **namep);
/* The process's cgroup v2 path (the "0::" line of /proc/PID/cgroup),
 * malloc'd. */
int	proc_cgroup(pid_t pid, char **path);
/* Opens /proc/PID/ns/net (O_RDONLY), for setns(2); -1 with errno. */
int	proc_netns_open(pid_t pid);
/* The inode naming the process's network namespace. */
int	proc_netns(pid_t pid, ino_t *ino);

#endif
