/*
 * fdswap FILES PAIRS: a process whose descriptors change while their number
 * does not, for the --watch tests (conns keeps the walk of a process with
 * many sockets while its count stays the same).
 *
 * It opens FILES descriptors on /dev/null, a TCP listener on 127.0.0.1 and
 * PAIRS established pairs through it (both ends held, never closed),
 * prints its pid, then reads commands from standard input, one a line:
 *	open	closes two of the files and makes an established loopback
 *		pair through the listener (both ends held): the count is
 *		the same; prints "CLIENT_PORT SERVER_PORT", the local ports
 *		of the connecting and the accepting end
 *	close	closes both ends of the oldest pair still open and opens two
 *		files in their place; prints "closed"
 * Each answer is flushed.  It exits at the end of its input, or with
 * status 1 and a message when a command cannot be done.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAXPAIRS	64

static unsigned short
port_of(int fd)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	if (getsockname(fd, (struct sockaddr *)&sin, &len) == -1)
		err(1, "getsockname");
	return ntohs(sin.sin_port);
}

int
main(int argc, char *argv[])
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int *files, pairs[MAXPAIRS][2], lfd, c, s;
	size_t nfiles, i, npairs = 0, first = 0, fixed;
	char line[64];

	if (argc != 3 || (nfiles = strtoul(argv[1], NULL, 10)) < 2)
		errx(1, "usage: fdswap FILES PAIRS (FILES at least 2)");
	fixed = strtoul(argv[2], NULL, 10);
	if ((files = calloc(nfiles, sizeof(*files))) == NULL)
		err(1, NULL);
	for (i = 0; i < nfiles; i++)
		if ((files[i] = open("/dev/null", O_RDONLY)) == -1)
			err(1, "/dev/null");
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((lfd = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
	    bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
	    listen(lfd, 8) == -1 ||
	    getsockname(lfd, (struct sockaddr *)&sin, &len) == -1)
		err(1, "listener");
	for (i = 0; i < fixed; i++)
		if ((c = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
		    connect(c, (struct sockaddr *)&sin, sizeof(sin)) == -1 ||
		    accept(lfd, NULL, NULL) == -1)
			err(1, "pair");
	printf("%ld\n", (long)getpid());
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		if (strcmp(line, "open\n") == 0) {
			if (npairs == MAXPAIRS || nfiles < 2)
				errx(1, "open: no more pairs");
			close(files[--nfiles]);
			close(files[--nfiles]);
			if ((c = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
			    connect(c, (struct sockaddr *)&sin,
			    sizeof(sin)) == -1 ||
			    (s = accept(lfd, NULL, NULL)) == -1)
				err(1, "open");
			pairs[npairs][0] = c;
			pairs[npairs][1] = s;
			npairs++;
			printf("%u %u\n", port_of(c), port_of(s));
		} else if (strcmp(line, "close\n") == 0) {
			if (first == npairs)
				errx(1, "close: no pair open");
			close(pairs[first][0]);
			close(pairs[first][1]);
			first++;
			for (i = 0; i < 2; i++)
				if ((files[nfiles++] = open("/dev/null",
				    O_RDONLY)) == -1)
					err(1, "/dev/null");
			printf("closed\n");
		} else
			errx(1, "%s: unknown command", strtok(line, "\n"));
		fflush(stdout);
	}
	return 0;
}
