/*
 * netstat(8) from net-tools: `netstat -ntupW`, with -l or -a
 * `netstat -ntupaW` (-W: addresses never truncated).
 *
 *	Active Internet connections (w/o servers)
 *	Proto Recv-Q Send-Q Local Address   Foreign Address  State       PID/Program name
 *	tcp        0      0 127.0.0.1:43321 127.0.0.1:47702  ESTABLISHED 5313/tor
 *	udp6       0      0 ::1:58075       :::*                         5313/tor
 *
 * An unconnected UDP socket has no state; a socket no process we may see
 * holds has `-` for its process.  netstat names one process per socket.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <string.h>

#include "cmdres.h"
#include "conn.h"
#include "num.h"
#include "resolver.h"
#include "command.h"

/* What a line may start with that is not a TCP or UDP socket. */
static const char *const skip[] = {
	"Active", "Proto", "unix", "raw", "raw6", "udpl", "udpl6", "sctp",
	"sctp6", NULL
};

/* A queue size: *v, or -1 when the field is not one. */
static int
queue(const char *s, size_t n, uint32_t *v)
{
	const char *errstr;

	*v = (uint32_t)num_parsen(s, n, 0, 0xffffffffLL, &errstr);
	return errstr == NULL ? 0 : -1;
}

static int
line(void *arg, char *s, size_t len)
{
	struct cmdres *cr = arg;
	const char *p = s, *end = s + len, *f[6], *slash, *errstr;
	size_t fl[6], i;
	struct conn c;
	int family;
	long long v;

	if ((f[0] = cmdres_field(&p, end, &fl[0])) == NULL)
		return 0;
	/* "(Not all processes could be identified, ...)" */
	if (f[0][0] == '(')
		return 0;
	conn_init(&c);
	if (cmdres_is(f[0], fl[0], "tcp") || cmdres_is(f[0], fl[0], "tcp6"))
		c.proto = IPPROTO_TCP;
	else if (cmdres_is(f[0], fl[0], "udp") || cmdres_is(f[0], fl[0], "udp6"))
		c.proto = IPPROTO_UDP;
	else {
		for (i = 0; skip[i] != NULL; i++)
			if (cmdres_is(f[0], fl[0], skip[i]))
				return 0;
		return cmdres_bad(cr, s, len);
	}
	family = f[0][fl[0] - 1] == '6' ? AF_INET6 : AF_INET;
	for (i = 1; i < 6; i++)
		if ((f[i] = cmdres_field(&p, end, &fl[i])) == NULL)
			return cmdres_bad(cr, s, len);
	if (queue(f[1], fl[1], &c.rqueue) == -1 ||
	    queue(f[2], fl[2], &c.wqueue) == -1)
		return cmdres_bad(cr, s, len);
	c.known |= CK_QUEUES;
	/* The state, or for unconnected UDP straight the process. */
	if ((c.state = cmdres_state(f[5], fl[5])) == -1) {
		if (c.proto != IPPROTO_UDP)
			return cmdres_bad(cr, s, len);
		c.state = CS_CLOSE;
		p = f[5];
	}
	cmdres_trim(&p, &end);
	if (p == end)
		return cmdres_bad(cr, s, len);
	/* `-`: no process we may see holds it. */
	if (end - p == 1 && *p == '-') {
		if (!cr->q->unowned)
			return 0;
		slash = end - 1;
	} else {
		if ((slash = memchr(p, '/', (size_t)(end - p))) == NULL)
			return cmdres_bad(cr, s, len);
		v = num_parsen(p, (size_t)(slash - p), 1, 0x7fffffff,
		    &errstr);
		if (errstr != NULL)
			return cmdres_bad(cr, s, len);
		c.pid = (pid_t)v;
		if (!cmdres_want(cr, c.pid))
			return 0;
	}
	if (cmdres_hostport(f[3], fl[3], family, &c.laddr, &c.lport) == -1 ||
	    cmdres_hostport(f[4], fl[4], family, &c.raddr, &c.rport) == -1)
		return cmdres_bad(cr, s, len);
	cmdres_mapped(family, &c.laddr);
	cmdres_mapped(family, &c.raddr);
	return cmdres_add_named(cr, &c, slash + 1, (size_t)(end - slash - 1));
}

static int
run(const struct query *q, struct result *res)
{
	static const char *const conn_argv[] = { "netstat", "-ntupW", NULL };
	static const char *const all_argv[] = { "netstat", "-ntupaW", NULL };
	struct cmdres cr;

	/* Its name comes from the command line, not comm. */
	return cmdres_once(&cr, "netstat", q, res, CMDRES_TABLENAMES,
	    conn_argv, all_argv, line, NULL, &cr);
}

const struct resolver resolve_netstat = {
	"netstat", "netstat", SYS_LINUX, NULL, run, 1, NULL
};
