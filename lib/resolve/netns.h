#ifndef NETNS_H
#define NETNS_H

#include <sys/types.h>

/*
 * A network namespace as conns --netns takes it: its inode number, a path
 * to it (/proc/PID/ns/net, a bind mount), or a name under /run/netns (as
 * ip-netns(8) makes them).  0 and the inode in *ino, or -1 with *why: "no
 * such network namespace", "not a network namespace", ...
 */
int	netns_parse(const char *s, ino_t *ino, const char **why);

#endif
