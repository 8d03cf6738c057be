#ifndef FDWALK_H
#define FDWALK_H

#include <sys/types.h>

#include <stddef.h>

/* A socket a process holds: its inode and the descriptor it sits on. */
struct fdwalk_sock {
	unsigned long	 inode;
	int		 fd;
};

/*
 * The sockets in /proc/PID/fd, in no order, malloc'd (NULL when *np
 * is 0), read by up to threads threads.  Fails with ESRCH when the
 * process exited while being read.  With kept, for a caller that asks
 * again and again (--watch): a large process's list may be one kept
 * from an earlier walk, when its descriptor table shows no change, and
 * *kept says so.
 */
int	fdwalk_socks(pid_t pid, int threads, struct fdwalk_sock **vp,
	    size_t *np, int *kept);
/* Ends a round of asking with kept: forgets the processes not asked
 * about in it, or with all every list, so that the next round walks. */
void	fdwalk_round(int all);

#endif
