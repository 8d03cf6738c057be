/*
 * lsof(8): `lsof -wnPi`, and with processes selected (-p, or the
 * processes of the -n name) `lsof -wnPi -a -p PID,...`.
 *
 *	COMMAND    PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME
 *	tor      15843 tor     9u  IPv4 256309      0t0  TCP 127.0.0.1:47702->127.0.0.1:43321 (ESTABLISHED)
 *	tor      15843 tor    14u  IPv6 256321      0t0  TCP [::1]:43929 (LISTEN)
 *	tor      15843 tor    16u  IPv4 256322      0t0  UDP 127.0.0.1:60196
 *
 * UDP has no state: with a peer (`->`) it is connected.  lsof lists a
 * socket once per descriptor; a process is shown once per socket.  It
 * exits 1 when it found nothing.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cmdres.h"
#include "compat.h"
#include "conn.h"
#include "hex.h"
#include "num.h"
#include "resolver.h"
#include "command.h"

/* lsof writes a byte it deems unprintable as \xHH, \t, \n, ..., ^X. */
static int
unescape(struct buf *b, const char *s, size_t n)
{
	static const char from[] = "tnrbf\\", to[] = "\t\n\r\b\f\\";
	const char *e = s + n, *k;
	int c;

	buf_reset(b);
	while (s < e) {
		c = (unsigned char)*s++;
		if (c == '\\' && s < e && (k = strchr(from, *s)) != NULL &&
		    *s != '\0') {
			c = to[k - from];
			s++;
		} else if (c == '\\' && e - s >= 3 && s[0] == 'x' &&
		    hex_value(s[1]) != -1 && hex_value(s[2]) != -1) {
			c = hex_value(s[1]) * 16 + hex_value(s[2]);
			s += 3;
		} else if (c == '^' && s < e && *s >= '@' && *s <= '_') {
			c = *s++ - '@';
		}
		if (buf_addc(b, c) == -1)
			return -1;
	}
	return 0;
}

static int
line(void *arg, char *s, size_t len)
{
	struct cmdres *cr = arg;
	const char *end = s + len, *f[9], *arrow, *errstr;
	size_t fl[9], i, n;
	struct conn c;
	int family;
	long long v;

	/* From the right: [(STATE)] NAME NODE SIZE/OFF DEVICE TYPE FD USER
	 * PID, the rest is COMMAND (which old versions print with blanks). */
	if ((f[0] = cmdres_lastfield(s, &end, &fl[0])) == NULL)
		return 0;
	if (f[0] == s && cmdres_is(f[0], fl[0], "NAME"))
		return cmdres_bad(cr, s, len);
	conn_init(&c);
	c.state = -1;
	if (fl[0] > 2 && f[0][0] == '(' && f[0][fl[0] - 1] == ')') {
		c.state = cmdres_state(f[0] + 1, fl[0] - 2);
		if (c.state == -1)
			c.state = CS_UNKNOWN;
		if ((f[0] = cmdres_lastfield(s, &end, &fl[0])) == NULL)
			return cmdres_bad(cr, s, len);
	}
	for (i = 1; i < 9; i++)
		if ((f[i] = cmdres_lastfield(s, &end, &fl[i])) == NULL)
			return cmdres_bad(cr, s, len);
	/* f: 0 NAME, 1 NODE, 2 SIZE/OFF, 3 DEVICE, 4 TYPE, 5 FD, 6 USER,
	 * 7 PID, 8 the end of COMMAND. */
	if (cmdres_is(f[7], fl[7], "PID") && cmdres_is(f[1], fl[1], "NODE"))
		return 0;		/* the header */
	v = num_parsen(f[7], fl[7], 1, 0x7fffffff, &errstr);
	if (errstr != NULL)
		return cmdres_bad(cr, s, len);
	c.pid = (pid_t)v;
	if (cmdres_is(f[1], fl[1], "TCP"))
		c.proto = IPPROTO_TCP;
	else if (cmdres_is(f[1], fl[1], "UDP"))
		c.proto = IPPROTO_UDP;
	else
		return 0;		/* ICMP, raw: not ours */
	if (cmdres_is(f[4], fl[4], "IPv4"))
		family = AF_INET;
	else if (cmdres_is(f[4], fl[4], "IPv6"))
		family = AF_INET6;
	else
		return cmdres_bad(cr, s, len);
	if (!cmdres_want(cr, c.pid))
		return 0;
	v = num_parsen(f[3], fl[3], 0, 0x7fffffffffffLL, &errstr);
	c.inode = errstr == NULL ? (unsigned long)v : 0;
	if ((arrow = memmem(f[0], fl[0], "->", 2)) != NULL) {
		n = (size_t)(arrow - f[0]);
		if (cmdres_hostport(f[0], n, family, &c.laddr,
		    &c.lport) == -1 ||
		    cmdres_hostport(arrow + 2, fl[0] - n - 2, family,
		    &c.raddr, &c.rport) == -1)
			return cmdres_bad(cr, s, len);
	} else {
		if (cmdres_hostport(f[0], fl[0], family, &c.laddr,
		    &c.lport) == -1)
			return cmdres_bad(cr, s, len);
		cmdres_mapped(family, &c.laddr);
		c.raddr.family = c.laddr.family;
	}
	if (arrow != NULL) {
		cmdres_mapped(family, &c.laddr);
		cmdres_mapped(family, &c.raddr);
	}
	if (c.proto == IPPROTO_UDP && c.state == -1)
		c.state = arrow != NULL ? CS_ESTABLISHED : CS_CLOSE;
	else if (c.state == -1)
		return cmdres_bad(cr, s, len);
	/* COMMAND: from the line's start to the end of f[8]. */
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (unescape(&cr->scratch, s, (size_t)(f[8] + fl[8] - s)) == -1)
		return cmdres_nomem(cr);
	return cmdres_add_named(cr, &c, cr->scratch.data, cr->scratch.len);
}

static int
run(const struct query *q, struct result *res)
{
	/* +c 0: the whole of comm, not its first 9 bytes. */
	const char *argv[] = { "lsof", "-wnPi", "+c", "0", NULL, NULL, NULL,
	    NULL };
	struct buf list = { NULL, 0, 0 };
	const pid_t *pids;
	struct cmdres cr;
	size_t n, i;
	int r, status;
	char num[24];

	if ((r = cmdres_init(&cr, "lsof", q, res)) == -1 ||
	    (r = cmdres_select(&cr)) != 1)
		goto out;
	/* Told the processes, lsof reads only their descriptors. */
	if ((n = cmdres_pids(&cr, &pids)) > 0) {
		for (i = 0; i < n; i++) {
			snprintf(num, sizeof(num), "%s%ld", i > 0 ? "," : "",
			    (long)pids[i]);
			if (buf_addstr(&list, num) == -1) {
				r = cmdres_nomem(&cr);
				goto out;
			}
		}
		argv[4] = "-a";
		argv[5] = "-p";
		argv[6] = list.data;
	}
	r = cmdres_run(&cr, argv, line, &cr, &status);
	if (r == 0 && status > 1) {
		result_error(res, RE_CMD, "lsof: exited with status %d",
		    status);
		r = -1;
	}
out:
	r = cmdres_end(&cr, r);
	buf_free(&list);
	return r;
}

const struct resolver resolve_lsof = {
	"lsof", "lsof", SYS_LINUX | SYS_FREEBSD | SYS_DARWIN, NULL, run, 0,
	NULL
};
