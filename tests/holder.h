#ifndef HOLDER_H
#define HOLDER_H

/*
 * For the test helpers (sockhold, sockpump), each one program of its own:
 * the one header with bodies, so that both do these the same way.
 *
 * netns: enters a new network namespace (root) and brings its loopback
 * up, as a new namespace has it down.
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

/* Waits, up to five seconds, until fd is in TCP state st (the FIN crosses
 * loopback at once, but to be sure); exits when it is not. */
static void
tcp_await(int fd, int st)
{
	struct tcp_info ti;
	socklen_t len;
	int i;

	for (i = 0; i < 5000; i++) {
		len = sizeof(ti);
		if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == -1)
			err(1, "TCP_INFO");
		if (ti.tcpi_state == st)
			return;
		usleep(1000);
	}
	errx(1, "TCP state %d not reached", st);
}

#endif
