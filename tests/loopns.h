#ifndef LOOPNS_H
#define LOOPNS_H

/*
 * For the test helpers (sockhold, sockpump), each one program of its own:
 * the one header with a body, so that both make a network namespace the
 * same way.  Enters a new network namespace (root) and brings its
 * loopback up, as a new namespace has it down.
 */
static void
netns(void)
{
	struct ifreq ifr;
	int fd;

	if (unshare(CLONE_NEWNET) == -1)
		err(1, "unshare");
	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		err(1, "socket");
	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, "lo", sizeof(ifr.ifr_name) - 1);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == -1)
		err(1, "SIOCGIFFLAGS");
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) == -1)
		err(1, "SIOCSIFFLAGS");
	close(fd);
}

#endif
