/*
 * bsd_procstat: FreeBSD procstat(1), "procstat -f PID" as Stem runs it,
 * once per -p pid; without -p, "procstat -f -a" (every process: -a is in
 * every procstat since the first, FreeBSD 7).
 *
 * Format (usr.bin/procstat/procstat_files.c, FreeBSD; procstat(1)): a
 * header "PID COMM FD T V FLAGS REF OFFSET PRO NAME", then per descriptor
 * "%5d %-16s %5d %1s %1s %-8s %3d %7jd %-3s %s",
 *
 *	 3561 tor                 4 s - rw---n--   2       0 TCP 10.0.0.2:9050 10.0.0.1:22370
 *
 * FD may be text, ctty, cwd, root, jail or trace; T is the type ("s"
 * socket, "v" vnode, "p" pipe, ...); FLAGS eight letters or "-" (a ninth,
 * "c", for a capability); REF and OFFSET may be "-".  A socket shows PRO
 * ("TCP", "UDP", "SCT", "UDS", ...) and NAME: for IP the local and the peer
 * address, IPv4 as ADDR:PORT, IPv6 as ADDR.PORT (unbracketed, so split at
 * the last dot; IPv4-mapped "::ffff:1.2.3.4.80" too); newer releases write
 * the unspecified address as "*", older as 0.0.0.0 and "::".  procstat(1)
 * warns that fields may hold blanks: COMM is all between PID and FD.
 *
 * It shows no TCP state and no user: a TCP socket with a peer port is
 * taken as ESTABLISHED, one without as LISTEN; UDP with a peer port is
 * connected, without it bound.  So -U cannot be answered.
 */
#include <sys/socket.h>

#include <netinet/in.h>

#include <string.h>

#include "addr.h"
#include "bsdline.h"
#include "cmdres.h"
#include "compat.h"
#include "num.h"
#include "resolver.h"
#include "command.h"

#define FIELDMAX	48

static int
fd_field(const struct bsdfield *f)
{
	static const char *const special[] = {
		"text", "ctty", "cwd", "root", "jail", "trace"
	};
	const char *errstr;
	size_t i;

	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (bsd_is(f, special[i]))
			return 1;
	num_parsen(f->s, f->n, 0, 0x7fffffff, &errstr);
	return errstr == NULL;
}

static int
flags_field(const struct bsdfield *f)
{
	size_t i;

	if (f->n < 8 || f->n > 9)
		return 0;
	for (i = 0; i < f->n; i++)
		if (strchr("rwasfndlc-", f->s[i]) == NULL)
			return 0;
	return 1;
}

/* IPv6 as procstat writes it, ADDR.PORT, "*" for the unspecified address. */
static int
dotport(const struct bsdfield *f, struct addr *a, unsigned *port)
{
	const char *dot, *errstr;
	size_t an;

	if ((dot = memrchr(f->s, '.', f->n)) == NULL)
		return -1;
	an = (size_t)(dot - f->s);
	*port = (unsigned)num_parsen(dot + 1, f->n - an - 1, 0, 65535,
	    &errstr);
	if (errstr != NULL)
		return -1;
	if (an == 1 && f->s[0] == '*') {
		memset(a, 0, sizeof(*a));
		a->family = AF_INET6;
		return 0;
	}
	return addr_parse(f->s, an, AF_INET6, 0, a);
}

/* IPv4 ADDR:PORT, or IPv6 ADDR.PORT; the peer in the local one's family. */
static int
addr_pair(const struct bsdfield *lf, const struct bsdfield *rf,
    struct conn *c)
{
	if (bsd_hostport(lf, AF_INET, &c->laddr, &c->lport) == 0)
		return bsd_hostport(rf, AF_INET, &c->raddr, &c->rport);
	if (dotport(lf, &c->laddr, &c->lport) == 0)
		return dotport(rf, &c->raddr, &c->rport);
	return -1;
}

int
bsd_procstat_parse(const char *s, size_t n, struct cmdrow *l)
{
	struct bsdfield f[FIELDMAX];
	const char *errstr;
	size_t nf, i;
	int r;

	if ((r = bsd_begin(s, n, l, f, FIELDMAX, "PID", "COMM", &nf)) !=
	    BSD_CONN)
		return r;
	l->conn.pid = (pid_t)num_parsen(f[0].s, f[0].n, 0, 0x7fffffff,
	    &errstr);
	if (errstr != NULL)
		return BSD_BAD;
	/* COMM may hold blanks: FD is where FD T V FLAGS first fit. */
	for (i = 2; i + 5 < nf; i++)
		if (fd_field(&f[i]) && f[i + 1].n == 1 && f[i + 2].n == 1 &&
		    flags_field(&f[i + 3]))
			break;
	if (i + 5 >= nf)
		return BSD_BAD;
	l->name = f[1].s;
	l->namelen = (size_t)(f[i - 1].s + f[i - 1].n - f[1].s);
	/* Not a socket, or one whose addresses procstat could not get. */
	if (!bsd_is(&f[i + 1], "s") || i + 6 >= nf)
		return BSD_OTHER;
	if ((l->conn.proto = bsd_proto(&f[i + 6])) == 0)
		return BSD_OTHER;
	if (nf != i + 9 || addr_pair(&f[i + 7], &f[i + 8], &l->conn) == -1)
		return BSD_BAD;
	if (l->conn.rport != 0)
		l->conn.state = CS_ESTABLISHED;
	else
		l->conn.state = l->conn.proto == IPPROTO_TCP ? CS_LISTEN :
		    CS_CLOSE;
	return BSD_CONN;
}

static int
run(const struct query *q, struct result *res)
{
	static const char *const all[] = { "procstat", "-f", "-a", NULL };
	struct cmdres cr;
	struct bsdrun r = { &cr, bsd_procstat_parse };

	if (q->has_uid)
		return result_error(res, RE_UNAVAIL, "bsd_procstat: "
		    "procstat -f shows no user; -U needs another resolver"),
		    -1;
	if (cmdres_init(&cr, "procstat", q, res) == -1)
		return cmdres_end(&cr, -1);
	cr.needoutput = 1;
	return cmdres_end(&cr, cmdres_run_pids(&cr, "-f", all, bsd_line, &r));
}

const struct resolver resolve_bsd_procstat = {
	"bsd_procstat", "procstat", SYS_FREEBSD, NULL, run, 0, NULL
};
