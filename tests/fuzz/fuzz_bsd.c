/*
 * The BSD resolvers' pure line parsers (lib/bsdline.h): FreeBSD sockstat
 * and procstat, OpenBSD fstat, picked by the first byte, over every line
 * of the input.  A socket line must yield a TCP or UDP connection with
 * ports in range and a family; name and user must lie within the line.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bsdline.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int (*const parsers[])(const char *, size_t, struct cmdrow *) = {
	bsd_sockstat_parse, bsd_procstat_parse, bsd_fstat_parse,
};

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	int (*parse)(const char *, size_t, struct cmdrow *);
	struct cmdrow l;
	const uint8_t *nl;
	size_t i, len;
	char *s;
	int r;

	if (n == 0)
		return 0;
	parse = parsers[d[0] % 3];
	for (i = 1; i < n; i += len + 1) {
		nl = memchr(d + i, '\n', n - i);
		len = nl != NULL ? (size_t)(nl - (d + i)) : n - i;
		if ((s = malloc(len + 1)) == NULL)
			abort();
		memcpy(s, d + i, len);
		s[len] = '\0';
		memset(&l, 0, sizeof(l));
		r = parse(s, len, &l);
		CHECK(r == BSD_BAD || r == BSD_OTHER || r == BSD_CONN);
		if (l.name != NULL)
			CHECK(l.name >= s && l.name + l.namelen <= s + len);
		if (l.user != NULL)
			CHECK(l.user >= s && l.user + l.userlen <= s + len);
		if (r == BSD_CONN) {
			const struct conn *c = &l.conn;

			CHECK(c->proto == IPPROTO_TCP ||
			    c->proto == IPPROTO_UDP);
			CHECK(c->laddr.family == AF_INET ||
			    c->laddr.family == AF_INET6);
			CHECK(c->lport <= 65535 && c->rport <= 65535);
			CHECK(c->state >= 0 && c->state < CS_NSTATES);
			CHECK(c->name == NULL);
		}
		free(s);
	}
	return 0;
}
