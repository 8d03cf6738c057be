#ifndef PROCNET_H
#define PROCNET_H

#include <sys/types.h>

#include "owner.h"

struct query;

/*
 * Lists the sockets of /proc/PID/net/{tcp,tcp6,udp,udp6}: the table of
 * the network namespace pid lives in.  An owner_scan.
 */
int	procnet_scan(pid_t pid, const struct query *q, owner_emit emit,
	    void *arg);

#endif
