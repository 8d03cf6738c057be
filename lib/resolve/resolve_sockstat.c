/*
 * sockstat(1) of Linux (Debian package sockstat, after FreeBSD's):
 * `sockstat -c` for connected sockets, with -l or -a `sockstat`; with one
 * process selected, `-P PID` too.
 *
 *	USER     PROCESS   PID   PROTO  SOURCE ADDRESS     FOREIGN ADDRESS    STATE
 *	root     tor       5313  tcp4   127.0.0.1:47702    127.0.0.1:43321    ESTABLISHED
 *	root     tor       5313  udp6   ::1:58075          :::*               CLOSED
 *
 * It prints a socket once per descriptor, and a process name only up to
 * its first blank.  No inode: two sockets of a process alike in every
 * field it prints are one row.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include "cmdres.h"
#include "conn.h"
#include "num.h"
#include "resolver.h"
#include "command.h"

static int
line(void *arg, char *s, size_t len)
{
	struct cmdres *cr = arg;
	const char *p = s, *end = s + len, *f[5], *user, *errstr;
	size_t fl[5], ul, i;
	struct conn c;
	int family;
	long long v;

	if ((user = cmdres_field(&p, end, &ul)) == NULL)
		return 0;
	if (cmdres_is(user, ul, "USER"))
		return 0;		/* the header */
	/* From the right: [STATE] FOREIGN SOURCE PROTO PID; between USER
	 * and PID the process name. */
	conn_init(&c);
	if ((f[0] = cmdres_lastfield(p, &end, &fl[0])) == NULL)
		return cmdres_bad(cr, s, len);
	if ((c.state = cmdres_state(f[0], fl[0])) != -1 &&
	    (f[0] = cmdres_lastfield(p, &end, &fl[0])) == NULL)
		return cmdres_bad(cr, s, len);
	for (i = 1; i < 4; i++)
		if ((f[i] = cmdres_lastfield(p, &end, &fl[i])) == NULL)
			return cmdres_bad(cr, s, len);
	/* f: 0 FOREIGN, 1 SOURCE, 2 PROTO, 3 PID */
	if (cmdres_is(f[2], fl[2], "tcp4") || cmdres_is(f[2], fl[2], "tcp6"))
		c.proto = IPPROTO_TCP;
	else if (cmdres_is(f[2], fl[2], "udp4") || cmdres_is(f[2], fl[2], "udp6"))
		c.proto = IPPROTO_UDP;
	else if (cmdres_is(f[2], fl[2], "raw4") || cmdres_is(f[2], fl[2], "raw6"))
		return 0;
	else
		return cmdres_bad(cr, s, len);
	family = f[2][3] == '6' ? AF_INET6 : AF_INET;
	v = num_parsen(f[3], fl[3], 1, 0x7fffffff, &errstr);
	if (errstr != NULL)
		return cmdres_bad(cr, s, len);
	c.pid = (pid_t)v;
	if (c.state == -1) {
		if (c.proto != IPPROTO_UDP)
			return cmdres_bad(cr, s, len);
		c.state = -2;	/* from the peer, below */
	}
	if (!cmdres_want(cr, c.pid))
		return 0;
	if (cmdres_hostport(f[1], fl[1], family, &c.laddr, &c.lport) == -1 ||
	    cmdres_hostport(f[0], fl[0], family, &c.raddr, &c.rport) == -1)
		return cmdres_bad(cr, s, len);
	if (c.state == -2)
		c.state = c.rport != 0 ? CS_ESTABLISHED : CS_CLOSE;
	/* The name: between USER and PID. */
	p = user + ul;
	end = f[3];
	cmdres_trim(&p, &end);
	return cmdres_add_named(cr, &c, p, (size_t)(end - p));
}

static int
run(const struct query *q, struct result *res)
{
	const char *argv[] = { "sockstat", NULL, NULL, NULL, NULL };
	const pid_t *pids;
	struct cmdres cr;
	size_t i = 1;
	char num[24];
	int r;

	if ((r = cmdres_init(&cr, "sockstat", q, res)) == -1 ||
	    (r = cmdres_select(&cr)) != 1)
		goto out;
	/* Its names end at the first blank: comm is whole. */
	cr.tablenames = 1;
	if (query_connected_only(q))
		argv[i++] = "-c";
	if (cmdres_pids(&cr, &pids) == 1) {
		snprintf(num, sizeof(num), "%ld", (long)pids[0]);
		argv[i++] = "-P";
		argv[i++] = num;
	}
	r = cmdres_run(&cr, argv, line, &cr, NULL);
out:
	return cmdres_end(&cr, r);
}

const struct resolver resolve_sockstat = {
	"sockstat", "sockstat", SYS_LINUX, NULL, run, 0, NULL
};
