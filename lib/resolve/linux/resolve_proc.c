/*
 * proc: the socket tables /proc/PID/net/{tcp,tcp6,udp,udp6} of each
 * selected process's network namespace, joined to the processes by the
 * socket inodes in /proc/PID/fd.
 */
#include "owner.h"
#include "proc.h"
#include "procnet.h"
#include "resolver.h"

static int
usable(void)
{
	return proc_has("self/net/tcp");
}

static int
run(const struct query *q, struct result *res)
{
	return owner_run(q, res, NULL, procnet_scan);
}

const struct resolver resolve_proc = {
	"proc", NULL, SYS_LINUX, usable, run, 1, NULL
};
