#ifndef CONN_H
#define CONN_H

#include <sys/types.h>

#include <stddef.h>

#include "addr.h"

/* TCP states, numbered as Linux numbers them (include/net/tcp_states.h),
 * so netlink and /proc values need no table. */
enum conn_state {
	CS_UNKNOWN = 0,
	CS_ESTABLISHED,
	CS_SYN_SENT,
	CS_SYN_RECV,
	CS_FIN_WAIT1,
	CS_FIN_WAIT2,
	CS_TIME_WAIT,
	CS_CLOSE,
	CS_CLOSE_WAIT,
	CS_LAST_ACK,
	CS_LISTEN,
	CS_CLOSING,
	CS_NSTATES
};

struct conn {
	struct addr	 laddr;
	struct addr	 raddr;		/* not connected: the unspecified address
					   of laddr's family (connset_add sets
					   it when family is 0) */
	unsigned	 lport;
	unsigned	 rport;		/* 0 when not connected */
	int		 proto;		/* IPPROTO_TCP or IPPROTO_UDP */
	int		 state;		/* enum conn_state; UDP: ESTABLISHED
					   when connected, else CLOSE */
	pid_t		 pid;		/* -1 when unknown */
	uid_t		 uid;		/* the process's real uid (what -U
					   selects); (uid_t)-1 when unknown */
	unsigned long	 inode;		/* 0 when unknown */
	char		*name;		/* process name, owned; NULL: unknown */
};

struct connset {
	struct conn	*v;
	size_t		 n;
	size_t		 cap;
};

/* Which connections a query asks for (conns' selectors and filters). */
#define Q_TCP		0x01
#define Q_UDP		0x02
#define Q_IPV4		0x01
#define Q_IPV6		0x02

enum q_states {
	Q_CONNECTED,	/* established TCP, connected UDP (the default) */
	Q_LISTENING,	/* those and listening TCP, bound unconnected UDP */
	Q_ALL		/* every state */
};

struct query {
	const pid_t	*pids;		/* -p, or NULL */
	size_t		 npids;
	const char	*name;		/* -n: exact process name, or NULL */
	int		 has_uid;	/* -U given */
	uid_t		 uid;
	unsigned	 protos;	/* Q_TCP | Q_UDP */
	unsigned	 families;	/* Q_IPV4 | Q_IPV6 */
	enum q_states	 states;
	int		 timeout;	/* seconds a command resolver may run */
};

/* Clears c: no addresses, pid and uid unknown (-1). */
void	conn_init(struct conn *);

/* Appends a copy of c; the set takes over c->name.  -1 with ENOMEM. */
int	connset_add(struct connset *, const struct conn *);
/* Sorts by pid, protocol, local address and port, remote address and port. */
void	connset_sort(struct connset *);
void	connset_free(struct connset *);

/* Whether c passes the query's protocol, family and state filters and,
 * where c knows its pid, name or uid, the selectors. */
int	conn_match(const struct query *, const struct conn *);

/* Whether a socket of proto (IPPROTO_TCP, IPPROTO_UDP) in state passes
 * the query's state rule alone: default established TCP and connected UDP,
 * -l adds TCP LISTEN and unconnected UDP (CS_CLOSE), -a every state. */
int	conn_state_ok(const struct query *, int, int);

/* "ESTABLISHED", "LISTEN", ...; "UNKNOWN" for CS_UNKNOWN. */
const char *conn_state_name(int);

#endif
