#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "hex.h"
#include "lines.h"
#include "num.h"
#include "proc.h"
#include "procnet.h"

/* n hex digits at *p into *v; advances *p.  -1 when they are not. */
static int
hex(const char **p, const char *end, int n, uint32_t *v)
{
	int i, d;

	*v = 0;
	if (end - *p < n)
		return -1;
	for (i = 0; i < n; i++) {
		if ((d = hex_value((unsigned char)(*p)[i])) == -1)
			return -1;
		*v = *v << 4 | (uint32_t)d;
	}
	*p += n;
	return 0;
}

/*
 * "0100007F:1F90": the address as the kernel prints it, 32-bit words in
 * host order, then the port.
 */
static int
endpoint(const char **p, const char *end, int family, struct addr *a,
    unsigned *port)
{
	uint32_t w, v;
	int i, words = family == AF_INET ? 1 : 4;

	memset(a, 0, sizeof(*a));
	a->family = family;
	for (i = 0; i < words; i++) {
		if (hex(p, end, 8, &w) == -1)
			return -1;
		memcpy(a->b + 4 * i, &w, 4);
	}
	if (*p == end || **p != ':')
		return -1;
	(*p)++;
	if (hex(p, end, 4, &v) == -1)
		return -1;
	*port = v;
	return 0;
}

static const char *
skipsp(const char *p, const char *end)
{
	while (p < end && *p == ' ')
		p++;
	return p;
}

static const char *
field(const char *p, const char *end)
{
	while (p < end && *p != ' ')
		p++;
	return skipsp(p, end);
}

/*
 * "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when
 * retrnsmt   uid  timeout inode ..."; 1 for a socket in c, 0 for a line
 * that is not one (the header), -1 when it is malformed.
 */
static int
parse(const char *p, const char *end, int family, struct conn *c)
{
	const char *e, *errstr;
	uint32_t st, q;
	unsigned long ino = 0;
	long long v;
	int i;

	p = skipsp(p, end);
	if (p == end || *p < '0' || *p > '9')
		return 0;
	conn_init(c);
	p = field(p, end);
	if (endpoint(&p, end, family, &c->laddr, &c->lport) == -1)
		return -1;
	p = skipsp(p, end);
	if (endpoint(&p, end, family, &c->raddr, &c->rport) == -1)
		return -1;
	p = skipsp(p, end);
	if (hex(&p, end, 2, &st) == -1)
		return -1;
	c->state = (int)st;
	/* tx_queue:rx_queue, hex. */
	p = skipsp(p, end);
	if (hex(&p, end, 8, &q) == -1 || p == end || *p++ != ':')
		return -1;
	c->wqueue = q;
	if (hex(&p, end, 8, &q) == -1)
		return -1;
	c->rqueue = q;
	c->known |= CK_QUEUES;
	/* Then tr:when, retrnsmt, uid, timeout and the inode. */
	for (i = 1; i < 6; i++) {
		/* Here p is at the uid. */
		if (i == 4) {
			for (e = p; e < end && *e >= '0' && *e <= '9'; e++)
				;
			v = num_parsen(p, (size_t)(e - p), 0, UINT_MAX - 1LL,
			    &errstr);
			if (errstr != NULL)
				return -1;
			c->uid = (uid_t)v;
		}
		p = field(p, end);
	}
	if (p == end || *p < '0' || *p > '9')
		return -1;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (ino > (ULONG_MAX - 9) / 10)
			return -1;
		ino = ino * 10 + (unsigned long)(*p - '0');
	}
	c->inode = ino;
	return 1;
}

/* Far more than a socket's line: past it the file is not one of these. */
#define PROCNET_MAXLINE	65536

static int
table(pid_t pid, int proto, int family, unsigned states, owner_emit emit,
    void *arg)
{
	char path[64], *p, *line;
	size_t len;
	struct lines rd;
	struct conn c;
	ssize_t r;
	int fd, k, saved;

	snprintf(path, sizeof(path), "%d/net/%s%s", (int)pid,
	    proto == IPPROTO_TCP ? "tcp" : "udp", family == AF_INET6 ? "6" : "");
	if ((fd = proc_open(path, O_RDONLY)) == -1) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	lines_init(&rd);
	for (;;) {
		if ((p = lines_room(&rd, &len)) == NULL)
			goto fail;
		r = read(fd, p, len);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		lines_add(&rd, (size_t)r);
		while (lines_next(&rd, &line, &len)) {
			if (len >= PROCNET_MAXLINE) {
				errno = EPROTO;
				goto fail;
			}
			if ((k = parse(line, line + len, family, &c)) == -1) {
				errno = EPROTO;
				goto fail;
			}
			if (k == 0 || c.state >= 32 ||
			    !(states & 1U << c.state))
				continue;
			c.proto = proto;
			if (emit(arg, &c) == -1)
				goto fail;
		}
		/* A last line without its newline is a table cut short: the
		 * line is lost, never half of it read. */
		if (r == 0)
			break;
		if (lines_pending(&rd) >= PROCNET_MAXLINE) {
			errno = EPROTO;
			goto fail;
		}
	}
	lines_free(&rd);
	close(fd);
	return 0;
fail:
	saved = errno;
	lines_free(&rd);
	close(fd);
	errno = saved;
	return -1;
}

int
procnet_scan(pid_t pid, const struct query *q, owner_emit emit, void *arg)
{
	static const int protos[] = { IPPROTO_TCP, IPPROTO_UDP };
	static const int families[] = { AF_INET, AF_INET6 };
	int i, j;

	for (i = 0; i < 2; i++) {
		if (!(q->protos & (i == 0 ? Q_TCP : Q_UDP)))
			continue;
		for (j = 0; j < 2; j++) {
			if (!(q->families & (j == 0 ? Q_IPV4 : Q_IPV6)))
				continue;
			if (table(pid, protos[i], families[j],
			    owner_states(q, protos[i]), emit, arg) == -1)
				return -1;
		}
	}
	return 0;
}
