/*
 * bsd_fstat: OpenBSD fstat(1), "fstat -p PID" as Stem runs it, once per -p
 * pid; without -p, plain "fstat" (every process).
 *
 * Format (usr.bin/fstat/fstat.c, OpenBSD; fstat(1)): a header "USER CMD
 * PID FD MOUNT INUM MODE R/W SZ|DV", then per file "%-8.8s %-10s %5ld" and
 * the descriptor ("%4d", or text, wd, root, tr); a socket glues a "*" to
 * it and gives domain, type and protocol:
 *
 *	_tor     tor        15843   20* internet stream tcp 0x0 192.168.1.100:36174 --> 4.3.2.1:443
 *	_tor     tor        15843   21* internet dgram udp 127.0.0.1:53 <-> 127.0.0.1:5353
 *	_tor     tor        15843   22* internet6 stream tcp 0x0 [::1]:9050 <-- [::1]:41234
 *	_tor     tor        15843   23* internet stream tcp 0x0 *:9050
 *
 * TCP has the control block's address first (0x0 for non-root); then the
 * local address, and when there is a peer "-->" (we connected), "<--" (we
 * accepted) or "<->" (UDP) and the peer.  IPv4 is ADDR:PORT, IPv6
 * [ADDR]:PORT (older releases: unbracketed, split at the last colon), "*"
 * the unspecified address.  " rtable N" and a splice (" <==>", " ==>",
 * " <==" and the other socket) may follow.  Unix sockets, pipes, kqueues
 * and vnodes are other lines.  USER is cut to 8 characters, CMD is whole
 * but may hold blanks: it is all between USER and PID.
 *
 * It shows no TCP state: a socket with a peer is taken as ESTABLISHED
 * (TCP) or connected (UDP), one without as LISTEN or bound.
 */
#include <sys/socket.h>

#include <netinet/in.h>

#include <string.h>

#include "bsdline.h"
#include "cmdres.h"
#include "num.h"
#include "resolver.h"
#include "command.h"

#define FIELDMAX	48
#define USERWIDTH	8	/* fstat prints this much of a user name */

static int
num_field(const struct bsdfield *f, size_t n)
{
	const char *errstr;

	num_parsen(f->s, n, 0, 0x7fffffff, &errstr);
	return errstr == NULL;
}

/* The descriptor: 1 a socket's ("20*"), 0 another, -1 not one. */
static int
fd_field(const struct bsdfield *f)
{
	if (f->n > 1 && f->s[f->n - 1] == '*' && num_field(f, f->n - 1))
		return 1;
	if (num_field(f, f->n) || bsd_is(f, "text") || bsd_is(f, "wd") ||
	    bsd_is(f, "root") || bsd_is(f, "tr"))
		return 0;
	return -1;
}

static int
arrow(const struct bsdfield *f)
{
	return bsd_is(f, "-->") || bsd_is(f, "<--") || bsd_is(f, "<->");
}

int
bsd_fstat_parse(const char *s, size_t n, struct cmdrow *l)
{
	struct bsdfield f[FIELDMAX];
	const char *errstr;
	size_t nf, i, j;
	int r;
	int family;

	if ((r = bsd_begin(s, n, l, f, FIELDMAX, "USER", "CMD", &nf)) !=
	    BSD_CONN)
		return r;
	/* CMD may hold blanks: PID is where PID FD first fit. */
	for (i = 2; i + 1 < nf; i++)
		if (num_field(&f[i], f[i].n) && fd_field(&f[i + 1]) != -1)
			break;
	if (i + 1 >= nf)
		return BSD_BAD;
	l->conn.pid = (pid_t)num_parsen(f[i].s, f[i].n, 0, 0x7fffffff,
	    &errstr);
	l->user = f[0].s;
	l->userlen = f[0].n;
	l->name = f[1].s;
	l->namelen = (size_t)(f[i - 1].s + f[i - 1].n - f[1].s);
	if (fd_field(&f[i + 1]) != 1 || i + 4 >= nf)
		return BSD_OTHER;
	if (bsd_is(&f[i + 2], "internet"))
		family = AF_INET;
	else if (bsd_is(&f[i + 2], "internet6"))
		family = AF_INET6;
	else
		return BSD_OTHER;
	if ((l->conn.proto = bsd_proto(&f[i + 4])) == 0)
		return BSD_OTHER;
	j = i + 5;
	if (j < nf && f[j].n > 2 && memcmp(f[j].s, "0x", 2) == 0)
		j++;
	if (j >= nf || bsd_hostport(&f[j], family, &l->conn.laddr,
	    &l->conn.lport) == -1)
		return BSD_BAD;
	j++;
	if (j < nf && arrow(&f[j])) {
		if (j + 1 >= nf || bsd_hostport(&f[j + 1], family,
		    &l->conn.raddr, &l->conn.rport) == -1)
			return BSD_BAD;
		j += 2;
		l->conn.state = CS_ESTABLISHED;
	} else
		l->conn.state = l->conn.proto == IPPROTO_TCP ? CS_LISTEN :
		    CS_CLOSE;
	if (j + 1 < nf && bsd_is(&f[j], "rtable") &&
	    num_field(&f[j + 1], f[j + 1].n))
		j += 2;
	/* What a splice adds is the other socket's, not ours. */
	if (j < nf && !bsd_is(&f[j], "<==>") && !bsd_is(&f[j], "==>") &&
	    !bsd_is(&f[j], "<=="))
		return BSD_BAD;
	return BSD_CONN;
}

static int
run(const struct query *q, struct result *res)
{
	static const char *const all[] = { "fstat", NULL };
	struct cmdres cr;
	struct bsdrun r = { &cr, bsd_fstat_parse };

	if (cmdres_init(&cr, "fstat", q, res) == -1)
		return cmdres_end(&cr, -1);
	cr.needoutput = 1;
	cr.userwidth = USERWIDTH;
	return cmdres_end(&cr, cmdres_run_pids(&cr, "-p", all, bsd_line, &r));
}

const struct resolver resolve_bsd_fstat = {
	"bsd_fstat", "fstat", SYS_OPENBSD, NULL, run, 0, NULL
};
