/*
 * bsd_sockstat: FreeBSD sockstat(1), run as Stem runs it, "sockstat -4c".
 *
 * Format (usr.bin/sockstat/sockstat.c and main.c, FreeBSD; sockstat(1)):
 * a header "USER COMMAND PID FD PROTO LOCAL ADDRESS FOREIGN ADDRESS", then
 * a line per socket and descriptor,
 *
 *	www      nginx      1234  6  tcp4   10.0.0.2:443          203.0.113.9:51234
 *
 * USER is a name, or the uid when the password database has none; COMMAND
 * is cut to 10 characters; PROTO is the protocol ("tcp", "udp", "toe" for
 * offloaded TCP, "sctp", "udplite", "div") and 4, 6 or 46 (a dual-stack
 * socket, shown with its IPv4 addresses).  An address is ADDR:PORT with
 * IPv6 unbracketed (split at the last colon), "*" for the unspecified
 * address and for port 0, so "*:*" is no peer.  Sockets of no process
 * (TIME_WAIT) show "??" (older: "?") for USER, COMMAND, PID and FD; extra
 * addresses of a multi-homed SCTP association follow on lines that start
 * with blanks (older) or with "??" columns.  Releases since 2023 size the
 * columns to fit and, with -s, add PATH STATE and CONN STATE columns; we
 * do not ask for them.
 *
 * -4 lists IPv4 sockets only and -c connected ones only (a nonzero foreign
 * port): no listening socket, no IPv6.  Without -w the newer releases cut
 * an address to 21 characters, which an IPv4 one never exceeds but an IPv6
 * one may, and older releases have no -w; so -6 could give wrong addresses
 * silently, and we keep Stem's -4c.  There is no TCP state without -s (not
 * in older releases either): a connected socket is taken as ESTABLISHED.
 */
#include <sys/socket.h>

#include <netinet/in.h>

#include <string.h>

#include "bsdline.h"
#include "cmdres.h"
#include "num.h"
#include "resolver.h"
#include "command.h"

#define FIELDMAX	32
#define COMMANDMAX	10	/* sockstat prints this much of a name */

/* "tcp4", "udp46", ...: the protocol (0 for one we do not read) and the
 * family of the addresses shown. */
static int
proto_parse(const struct bsdfield *f, int *proto, int *family)
{
	size_t n = f->n;

	if (n > 2 && memcmp(f->s + n - 2, "46", 2) == 0) {
		*family = AF_INET;
		n -= 2;
	} else if (n > 1 && (f->s[n - 1] == '4' || f->s[n - 1] == '6')) {
		*family = f->s[n - 1] == '4' ? AF_INET : AF_INET6;
		n--;
	} else
		return -1;
	if (n == 3 && (memcmp(f->s, "tcp", 3) == 0 ||
	    memcmp(f->s, "toe", 3) == 0))
		*proto = IPPROTO_TCP;
	else if (n == 3 && memcmp(f->s, "udp", 3) == 0)
		*proto = IPPROTO_UDP;
	else
		*proto = 0;
	return 0;
}

int
bsd_sockstat_parse(const char *s, size_t n, struct cmdrow *l)
{
	struct bsdfield f[FIELDMAX];
	const char *errstr;
	size_t nf;
	int r;
	int family, proto;

	if ((r = bsd_begin(s, n, l, f, FIELDMAX, "USER", "COMMAND", &nf)) !=
	    BSD_CONN)
		return r;
	/* More addresses of the SCTP association above. */
	if (s[0] == ' ' && nf <= 2)
		return BSD_OTHER;
	if (nf < 7)
		return BSD_BAD;
	/* A socket of no process, or more addresses of an SCTP one. */
	if (f[nf - 5].s[0] == '?')
		return BSD_OTHER;
	if (proto_parse(&f[nf - 3], &proto, &family) == -1)
		return BSD_BAD;
	l->conn.pid = (pid_t)num_parsen(f[nf - 5].s, f[nf - 5].n, 1,
	    0x7fffffff, &errstr);
	if (errstr != NULL)
		return BSD_BAD;
	num_parsen(f[nf - 4].s, f[nf - 4].n, 0, 0x7fffffff, &errstr);
	if (errstr != NULL)
		return BSD_BAD;
	l->user = f[0].s;
	l->userlen = f[0].n;
	/* A name may hold blanks: it is all between USER and PID. */
	l->name = f[1].s;
	l->namelen = (size_t)(f[nf - 6].s + f[nf - 6].n - f[1].s);
	if (proto == 0)
		return BSD_OTHER;
	if (bsd_hostport(&f[nf - 2], family, &l->conn.laddr,
	    &l->conn.lport) == -1 ||
	    bsd_hostport(&f[nf - 1], family, &l->conn.raddr,
	    &l->conn.rport) == -1)
		return BSD_BAD;
	l->conn.proto = proto;
	if (l->conn.rport != 0)
		l->conn.state = CS_ESTABLISHED;
	else
		l->conn.state = proto == IPPROTO_TCP ? CS_LISTEN : CS_CLOSE;
	return BSD_CONN;
}

static int
run(const struct query *q, struct result *res)
{
	static const char *const argv[] = { "sockstat", "-4c", NULL };
	struct cmdres cr;
	struct bsdrun r = { &cr, bsd_sockstat_parse };

	if (!(q->families & Q_IPV4))
		return result_error(res, RE_UNAVAIL, "bsd_sockstat: "
		    "sockstat -4c shows no IPv6 socket; try bsd_procstat"), -1;
	if (q->name != NULL && strlen(q->name) > COMMANDMAX)
		return result_quoted(res, RE_UNAVAIL, "bsd_sockstat: %s: "
		    "sockstat shows 10 characters of a name at most; try "
		    "bsd_procstat", q->name), -1;
	if (cmdres_init(&cr, "sockstat", q, res) == -1)
		return cmdres_end(&cr, -1);
	cr.needoutput = 1;
	return cmdres_end(&cr, cmdres_run(&cr, argv, bsd_line, &r, NULL));
}

const struct resolver resolve_bsd_sockstat = {
	"bsd_sockstat", "sockstat", SYS_FREEBSD, NULL, run, 1, NULL
};
