#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lines.h"
#include "command.h"

extern char **environ;

/* No tool prints a line this long: past it the output is not the tool's,
 * and keeping it would let a broken or hostile command fill memory. */
#define COMMAND_MAXLINE	(1 << 20)

/* What execvp(3) searches when PATH is unset. */
#define COMMAND_DEFPATH	"/bin:/usr/bin"

static int
is_exec(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(path, X_OK) == 0;
}

int
command_found(const char *cmd)
{
	const char *path, *p, *colon;
	char *full;
	size_t dlen, clen;
	int found = 0;

	if (cmd == NULL || *cmd == '\0')
		return 0;
	if (strchr(cmd, '/') != NULL)
		return is_exec(cmd);
	if ((path = getenv("PATH")) == NULL)
		path = COMMAND_DEFPATH;
	clen = strlen(cmd);
	for (p = path; !found; p = colon + 1) {
		colon = strchr(p, ':');
		dlen = colon != NULL ? (size_t)(colon - p) : strlen(p);
		/* An empty entry is the current directory, as for execvp. */
		if ((full = malloc(dlen + clen + 3)) == NULL)
			return 0;
		if (dlen == 0)
			full[dlen++] = '.';
		else
			memcpy(full, p, dlen);
		full[dlen] = '/';
		memcpy(full + dlen + 1, cmd, clen + 1);
		found = is_exec(full);
		free(full);
		if (colon == NULL)
			break;
	}
	return found;
}

/* pipe(2) with both ends close-on-exec; pipe2(2) does it in one call but
 * macOS lacks it, and no thread of conns runs a command meanwhile. */
static int
cloexec_pipe(int p[2])
{
	if (pipe(p) == -1)
		return -1;
	if (fcntl(p[0], F_SETFD, FD_CLOEXEC) == -1 ||
	    fcntl(p[1], F_SETFD, FD_CLOEXEC) == -1) {
		close(p[0]);
		close(p[1]);
		p[0] = p[1] = -1;
		return -1;
	}
	return 0;
}

/* Moves fd above 2 so that dup2 onto 0, 1 or 2 never meets itself (and
 * keeps its close-on-exec flag). */
static int
highfd(int fd)
{
	int nfd;

	if (fd == -1 || fd > 2)
		return fd;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return nfd;
}

/* The environment with LC_ALL=C, so that headers and numbers come
 * untranslated whatever the user's locale. */
static char **
c_locale_env(void)
{
	static char lc_all[] = "LC_ALL=C";
	char **env;
	size_t n, i, j;

	for (n = 0; environ != NULL && environ[n] != NULL; n++)
		;
	if ((env = calloc(n + 2, sizeof(*env))) == NULL)
		return NULL;
	env[0] = lc_all;
	for (i = 0, j = 1; i < n; i++)
		if (strncmp(environ[i], "LC_ALL=", 7) != 0)
			env[j++] = environ[i];
	env[j] = NULL;
	return env;
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left before deadline (-1: none), at least 0. */
static int
left_ms(long long deadline)
{
	long long d;

	if (deadline < 0)
		return -1;
	d = deadline - now_ms();
	if (d < 0)
		return 0;
	return d > INT_MAX ? INT_MAX : (int)d;
}

/* Hands every complete line read to fn; with last, the remainder too.  -1
 * when fn asked to stop. */
static int
drain(struct lines *rd, int last, command_line_fn fn, void *arg)
{
	char *line;
	size_t len;

	while (lines_next(rd, &line, &len))
		if (fn(arg, line, len) == -1)
			return -1;
	if (last && lines_last(rd, &line, &len) && fn(arg, line, len) == -1)
		return -1;
	return 0;
}

enum { P_EOF, P_STOP, P_TIMEOUT, P_ERR, P_LONG };

/* Reads fd to its end, line by line. */
static int
pump(int fd, long long deadline, command_line_fn fn, void *arg, int *err)
{
	struct lines rd;
	struct pollfd pfd;
	ssize_t r;
	size_t len;
	char *p;
	int n, ret;

	lines_init(&rd);
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		if ((p = lines_room(&rd, &len)) == NULL) {
			*err = errno;
			ret = P_ERR;
			break;
		}
		n = poll(&pfd, 1, left_ms(deadline));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*err = errno;
			ret = P_ERR;
			break;
		}
		if (n == 0) {
			ret = P_TIMEOUT;
			break;
		}
		r = read(fd, p, len);
		if (r == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r == -1) {
			*err = errno;
			ret = P_ERR;
			break;
		}
		lines_add(&rd, (size_t)r);
		if (drain(&rd, r == 0, fn, arg) == -1) {
			ret = P_STOP;
			break;
		}
		if (lines_pending(&rd) > COMMAND_MAXLINE) {
			ret = P_LONG;
			break;
		}
		if (r == 0) {
			ret = P_EOF;
			break;
		}
	}
	lines_free(&rd);
	return ret;
}

/* Waits for pid until the deadline: 1 reaped, 0 timed out, -1 error.  A
 * child that closed its stdout may run on, so no blocking wait; the poll
 * interval grows from 50 us to 10 ms. */
static int
reap(pid_t pid, long long deadline, int *wstatus)
{
	struct timespec ts = { 0, 50000 };
	pid_t r;

	for (;;) {
		r = waitpid(pid, wstatus, WNOHANG);
		if (r == pid)
			return 1;
		if (r == -1 && errno != EINTR)
			return -1;
		if (r == 0 && deadline >= 0 && left_ms(deadline) == 0)
			return 0;
		nanosleep(&ts, NULL);
		if (ts.tv_nsec < 10000000)
			ts.tv_nsec *= 2;
	}
}

static void
kill_wait(pid_t pid)
{
	int wstatus;

	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, &wstatus, 0) == -1 && errno == EINTR)
		;
}

int
command_lines_status(const char *const argv[], int timeout, command_line_fn fn,
    void *arg, struct result *res, int *status)
{
	const char *cmd = argv[0];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, def;
	long long deadline;
	char **env = NULL;
	int p[2] = { -1, -1 }, nul = -1, e = 0, wstatus, r;
	pid_t pid;

	if (!command_found(cmd))
		return result_error(res, RE_UNAVAIL, "%s: not found in PATH",
		    cmd), -1;
	deadline = timeout > 0 ? now_ms() + (long long)timeout * 1000 : -1;
	if (cloexec_pipe(p) == -1 ||
	    (p[0] = highfd(p[0])) == -1 || (p[1] = highfd(p[1])) == -1 ||
	    (nul = highfd(open("/dev/null", O_RDWR | O_CLOEXEC))) == -1 ||
	    (env = c_locale_env()) == NULL) {
		e = errno;
		goto syserr;
	}

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, nul, 0);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_adddup2(&fa, nul, 2);
	posix_spawnattr_init(&at);
	/* Its own process group, so the timeout kills whatever it started;
	 * default SIGPIPE and an empty mask, whatever ours are. */
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&at, 0);
	sigemptyset(&none);
	posix_spawnattr_setsigmask(&at, &none);
	sigemptyset(&def);
	sigaddset(&def, SIGPIPE);
	sigaddset(&def, SIGINT);
	sigaddset(&def, SIGQUIT);
	sigaddset(&def, SIGTERM);
	posix_spawnattr_setsigdefault(&at, &def);
	e = posix_spawnp(&pid, cmd, &fa, &at, (char *const *)argv, env);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	free(env);
	env = NULL;
	close(p[1]);
	close(nul);
	p[1] = nul = -1;
	if (e != 0) {
		close(p[0]);
		if (e == ENOENT)
			return result_error(res, RE_UNAVAIL,
			    "%s: not found in PATH", cmd), -1;
		return result_error(res, RE_CMD, "%s: %s", cmd,
		    strerror(e)), -1;
	}

	r = pump(p[0], deadline, fn, arg, &e);
	close(p[0]);
	if (r == P_EOF) {
		r = reap(pid, deadline, &wstatus);
		if (r == 1)
			goto reaped;
		if (r == -1) {
			e = errno;
			kill_wait(pid);
			return result_error(res, RE_SYS, "%s: wait: %s", cmd,
			    strerror(e)), -1;
		}
		r = P_TIMEOUT;
	}
	kill_wait(pid);
	if (r == P_TIMEOUT)
		return result_error(res, RE_CMD, "%s: timed out after %d s",
		    cmd, timeout), -1;
	if (r == P_ERR)
		return result_error(res, RE_SYS, "%s: read: %s", cmd,
		    strerror(e)), -1;
	if (r == P_LONG)
		return result_error(res, RE_CMD, "%s: a line longer than %d "
		    "bytes", cmd, COMMAND_MAXLINE), -1;
	return -1;	/* P_STOP: fn recorded why */

reaped:
	if (WIFEXITED(wstatus)) {
		if (WEXITSTATUS(wstatus) == 0 || status != NULL) {
			if (status != NULL)
				*status = WEXITSTATUS(wstatus);
			return 0;
		}
		return result_error(res, RE_CMD, "%s: exited with status %d",
		    cmd, WEXITSTATUS(wstatus)), -1;
	}
	if (WIFSIGNALED(wstatus))
		return result_error(res, RE_CMD, "%s: killed by signal %d",
		    cmd, WTERMSIG(wstatus)), -1;
	return result_error(res, RE_CMD, "%s: ended abnormally", cmd), -1;

syserr:
	free(env);
	if (p[0] != -1)
		close(p[0]);
	if (p[1] != -1)
		close(p[1]);
	if (nul != -1)
		close(nul);
	return result_error(res, RE_SYS, "%s: %s", cmd, strerror(e)), -1;
}

int
command_lines(const char *const argv[], int timeout, command_line_fn fn,
    void *arg, struct result *res)
{
	return command_lines_status(argv, timeout, fn, arg, res, NULL);
}
