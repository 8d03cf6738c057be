#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "compat.h"
#include "num.h"
#include "proc.h"

static const char *root;
static int rootfd = -1;

const char *
proc_root(void)
{
	const char *s;

	if (root == NULL) {
		s = getenv("CONNS_PROC_ROOT");
		root = s != NULL && *s != '\0' ? s : "/proc";
	}
	return root;
}

/* The root as a directory descriptor, opened once. */
static int
root_fd(void)
{
	if (rootfd == -1)
		rootfd = open(proc_root(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return rootfd;
}

int
proc_stat(const char *path, struct stat *st)
{
	int fd;

	if ((fd = root_fd()) == -1)
		return -1;
	return fstatat(fd, path, st, 0);
}

int
proc_has(const char *path)
{
	int fd;

	if ((fd = proc_open(path, O_RDONLY)) == -1)
		return 0;
	close(fd);
	return 1;
}

int
proc_open(const char *path, int flags)
{
	int rfd;

	if ((rfd = root_fd()) == -1)
		return -1;
	return openat(rfd, path, flags | O_CLOEXEC);
}

static int
read_fd(int fd, struct buf *b)
{
	ssize_t r;

	for (;;) {
		if (buf_grow(b, 4096) == -1)
			return -1;
		r = read(fd, b->data + b->len, b->cap - b->len - 1);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		b->len += (size_t)r;
		b->data[b->len] = '\0';
	}
	return 0;
}

/* Reads the whole file at path relative to the root into b (appending). */
static int
proc_read(const char *path, struct buf *b)
{
	int fd, r, saved;

	if ((fd = proc_open(path, O_RDONLY)) == -1)
		return -1;
	r = read_fd(fd, b);
	saved = errno;
	close(fd);
	errno = saved;
	return r;
}

/* A file of a process: a vanished process is ESRCH, whatever /proc says. */
static int
pid_read(pid_t pid, const char *file, struct buf *b)
{
	char path[64];

	snprintf(path, sizeof(path), "%d/%s", (int)pid, file);
	if (proc_read(path, b) == -1) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	return 0;
}

static int
pid_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return x < y ? -1 : x > y;
}

int
proc_numbers(int dfd, int min, int **vp, size_t *np)
{
	struct dirent *de;
	int *v = NULL, *nv;
	size_t n = 0, cap = 0;
	const char *errstr;
	long long k;
	DIR *d;

	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		return -1;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		k = num_parse(de->d_name, min, INT_MAX, &errstr);
		if (errstr != NULL)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((nv = reallocarray(v, cap, sizeof(*v))) == NULL)
				goto fail;
			v = nv;
		}
		v[n++] = (int)k;
		errno = 0;
	}
	if (errno != 0)
		goto fail;
	closedir(d);
	*vp = v;
	*np = n;
	return 0;
fail:
	free(v);
	closedir(d);
	return -1;
}

int
proc_pids(pid_t **pidsp, size_t *np)
{
	int fd, *v;

	/* pid_t is int on every system conns knows. */
	if ((fd = proc_open(".", O_RDONLY | O_DIRECTORY)) == -1 ||
	    proc_numbers(fd, 1, &v, np) == -1)
		return -1;
	if (*np > 1)
		qsort(v, *np, sizeof(*v), pid_cmp);
	*pidsp = (pid_t *)v;
	return 0;
}

int
proc_pids_by_name(const char *name, pid_t **pidsp, size_t *np)
{
	pid_t *v;
	size_t i, j, n;
	char *s;

	if (proc_pids(&v, &n) == -1)
		return -1;
	for (i = j = 0; i < n; i++) {
		/* A process that is gone or hidden has no name to match. */
		if (proc_name(v[i], &s) == -1)
			continue;
		if (strcmp(s, name) == 0)
			v[j++] = v[i];
		free(s);
	}
	*pidsp = v;
	*np = j;
	return 0;
}

int
proc_exists(pid_t pid)
{
	struct buf b = { NULL, 0, 0 };
	char *p;
	int r, i;

	if (pid_read(pid, "stat", &b) == -1) {
		buf_free(&b);
		return errno == ESRCH ? 0 : -1;
	}
	/*
	 * "PID (NAME) S PPID PGRP SID TTY TPGID FLAGS ...": a zombie (Z), a
	 * dead task (X) or one exiting (PF_EXITING, 0x4) has let go of its
	 * sockets, or is about to.
	 */
	r = 1;
	p = b.data != NULL ? strrchr(b.data, ')') : NULL;
	if (p != NULL && p[1] == ' ') {
		if (p[2] == 'Z' || p[2] == 'X')
			r = 0;
		for (i = 0; i < 7 && p != NULL; i++)
			if ((p = strchr(p + 1, ' ')) != NULL)
				p++;
		if (p != NULL && (strtoul(p, NULL, 10) & 0x4))
			r = 0;
	}
	buf_free(&b);
	return r;
}

int
proc_uid(pid_t pid, uid_t *uid)
{
	struct buf b = { NULL, 0, 0 };
	const char *errstr;
	char *p, *e;
	long long v;

	if (pid_read(pid, "status", &b) == -1) {
		buf_free(&b);
		return -1;
	}
	/* "Uid:\treal\teffective\tsaved\tfs" */
	p = b.data;
	while (p != NULL && strncmp(p, "Uid:", 4) != 0)
		if ((p = strchr(p, '\n')) != NULL)
			p++;
	if (p == NULL)
		goto bad;
	p += 4;
	p += strspn(p, " \t");
	e = p + strcspn(p, " \t\n");
	v = num_parsen(p, (size_t)(e - p), 0, UINT_MAX - 1LL, &errstr);
	if (errstr != NULL)
		goto bad;
	*uid = (uid_t)v;
	buf_free(&b);
	return 0;
bad:
	buf_free(&b);
	errno = EINVAL;
	return -1;
}

int
proc_name(pid_t pid, char **namep)
{
	struct buf b = { NULL, 0, 0 };

	if (pid_read(pid, "comm", &b) == -1) {
		buf_free(&b);
		return -1;
	}
	/* The kernel ends comm with one newline; the name may hold more. */
	if (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	if (b.data == NULL && buf_grow(&b, 1) == -1)
		return -1;
	*namep = b.data;
	return 0;
}


int
proc_cgroup(pid_t pid, char **pathp)
{
	struct buf b = { NULL, 0, 0 };
	char *p, *e;

	if (pid_read(pid, "cgroup", &b) == -1) {
		buf_free(&b);
		return -1;
	}
	/* "0::/system.slice/tor.service", among v1 lines "N:ctrl:path". */
	for (p = b.data; p != NULL; p = e != NULL ? e + 1 : NULL) {
		e = strchr(p, '\n');
		if (strncmp(p, "0::", 3) == 0)
			break;
	}
	if (p == NULL) {
		buf_free(&b);
		errno = ENOENT;
		return -1;
	}
	p += 3;
	if ((*pathp = strndup(p, e != NULL ? (size_t)(e - p) : strlen(p))) ==
	    NULL) {
		buf_free(&b);
		return -1;
	}
	buf_free(&b);
	return 0;
}

int
proc_netns_open(pid_t pid)
{
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "%d/ns/net", (int)pid);
	if ((fd = proc_open(path, O_RDONLY)) == -1 && errno == ENOENT)
		errno = ESRCH;
	return fd;
}

int
proc_netns(pid_t pid, ino_t *ino)
{
	char path[32];
	struct stat st;
	int rfd;

	if ((rfd = root_fd()) == -1)
		return -1;
	snprintf(path, sizeof(path), "%d/ns/net", (int)pid);
	if (fstatat(rfd, path, &st, 0) == -1) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	*ino = st.st_ino;
	return 0;
}
