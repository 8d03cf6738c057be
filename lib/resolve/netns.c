#include <sys/types.h>
#include <sys/stat.h>
#if defined(__linux__)
#include <sys/ioctl.h>
#include <sys/vfs.h>

#include <linux/nsfs.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "netns.h"
#include "num.h"

/* The file system of namespace files (linux/magic.h), checked with
 * statfs(2) so that /dev/null or a directory is refused by name. */
#define NSFS_MAGIC	0x6e736673

int
netns_parse(const char *s, ino_t *ino, const char **why)
{
	const char *errstr;
	struct stat st;
	char *path = NULL;
	long long v;
	int r = -1;
#if defined(__linux__)
	struct statfs fs;
	int fd, kind;
#endif

	v = num_parse(s, 0, 0x7fffffffffffffffLL, &errstr);
	if (errstr == NULL && v == 0) {
		*why = "no namespace has inode 0";
		return -1;
	}
	if (errstr == NULL) {
		*ino = (ino_t)v;
		return 0;
	}
	if (strchr(s, '/') == NULL) {
		if (*s == '\0' || strcmp(s, ".") == 0 || strcmp(s, "..") == 0) {
			*why = "not a network namespace name";
			return -1;
		}
		if (asprintf(&path, "/run/netns/%s", s) == -1) {
			*why = strerror(ENOMEM);
			return -1;
		}
	}
	if (stat(path != NULL ? path : s, &st) == -1) {
		*why = errno != ENOENT ? strerror(errno) : path != NULL ?
		    "no network namespace of that name under /run/netns" :
		    "no such network namespace";
		goto out;
	}
#if defined(__linux__)
	/* nsfs, and of the network kind (not /proc/PID/ns/mnt). */
	if (statfs(path != NULL ? path : s, &fs) == -1 ||
	    (unsigned long)fs.f_type != NSFS_MAGIC ||
	    (fd = open(path != NULL ? path : s, O_RDONLY | O_CLOEXEC)) == -1) {
		*why = "not a network namespace";
		goto out;
	}
	kind = ioctl(fd, NS_GET_NSTYPE);
	close(fd);
	if (kind != -1 && kind != CLONE_NEWNET) {
		*why = "not a network namespace";
		goto out;
	}
#else
	*why = "network namespaces are Linux's";
	goto out;
#endif
	*ino = st.st_ino;
	r = 0;
out:
	free(path);
	return r;
}
