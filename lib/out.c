#include <errno.h>
#include <poll.h>
#include <stdio.h>

#include "out.h"

int
out_close(FILE *fp)
{
	struct pollfd pfd;
	int bad;

	errno = 0;
	bad = fflush(fp) == EOF || ferror(fp);
	if (!bad)
		return 0;
	if (errno == 0) {
		/*
		 * The write that failed came earlier and its errno is gone.
		 * The write end of a pipe or socket whose reader went away
		 * polls POLLERR: that was EPIPE (with SIGPIPE ignored).
		 */
		pfd.fd = fileno(fp);
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (pfd.fd >= 0 && poll(&pfd, 1, 0) == 1 &&
		    (pfd.revents & POLLERR))
			errno = EPIPE;
		else
			errno = EIO;
	}
	return errno == EPIPE ? 1 : -1;
}
