#ifndef CONN_H
#define CONN_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "addrset.h"
#include "portset.h"

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
	uint64_t	 cookie;	/* the kernel's socket cookie, which
					   names it across samples; 0 unknown */
	char		*name;		/* process name, owned; NULL: unknown */
	/* What it is doing: CK_INFO from tcp_info (netlink), CK_QUEUES. */
	unsigned	 known;
	uint32_t	 rtt;		/* us, smoothed */
	uint32_t	 rttvar;	/* us */
	uint32_t	 retrans;	/* segments retransmitted, in all */
	uint64_t	 sent;		/* data bytes the peer acknowledged */
	uint64_t	 received;	/* data bytes received */
	uint32_t	 idle;		/* ms since data last went either way */
	uint32_t	 rqueue;	/* bytes queued to read */
	uint32_t	 wqueue;	/* bytes queued to send */
	/* Of the owning process. */
	ino_t		 netns;		/* its network namespace; 0 unknown */
	char		*cgroup;	/* its cgroup v2 path, owned; NULL */
};

#define CK_INFO		0x01
#define CK_QUEUES	0x02

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

/* The state presets: the default, -l, -a. */
enum q_states {
	Q_CONNECTED,	/* established TCP, connected UDP (the default) */
	Q_LISTENING,	/* those and listening TCP, bound unconnected UDP */
	Q_ALL		/* every state */
};

/* What a query's rows must carry beyond the default: asked of a resolver
 * only when a column, selector or mode needs it. */
#define Q_W_INFO	0x01	/* tcp_info: rtt ... idle */
#define Q_W_QUEUES	0x02
#define Q_W_NETNS	0x04
#define Q_W_CGROUP	0x08
#define Q_W_COOKIE	0x10

/* The state bit of a CS_* state in a query's masks. */
#define Q_STATE(s)	(1U << (s))

struct query {
	pid_t		*pids;		/* -p, each once (query_pid), or NULL */
	size_t		 npids;
	const char	*name;		/* -n: exact process name, or NULL */
	int		 has_uid;	/* -U given */
	uid_t		 uid;
	unsigned	 protos;	/* Q_TCP | Q_UDP */
	unsigned	 families;	/* Q_IPV4 | Q_IPV6 */
	unsigned	 tcpstates;	/* Q_STATE bits shown for TCP */
	unsigned	 udpstates;	/* and for UDP: ESTABLISHED, CLOSE */
	int		 named;		/* -s given: its states replace these */
	struct portset	 lports;	/* --lport; empty: any */
	struct portset	 rports;	/* --rport */
	struct portset	 ports;		/* -P: local or remote */
	struct addrset	 laddrs;	/* --laddr */
	struct addrset	 raddrs;	/* --raddr */
	struct addrset	 addrs;		/* -A: local or remote */
	int		 unowned;	/* add sockets no inspected process
					   holds (pid 0) */
	int		 kill;		/* -K: close the TCP rows */
	unsigned	 want;		/* Q_W_*: what rows must carry */
	int		 lean;		/* the least CPU rather than the least
					   time: one thread (--watch) */
	ino_t		 netns;		/* --netns; 0: any */
	const char	*cgroup;	/* --cgroup: that path or below it */
	const char	*unit;		/* --unit: of that systemd unit */
	int		 timeout;	/* seconds a command resolver may run */
};

/* The defaults: every protocol and family, connected sockets, 10 s for a
 * command resolver, no selector, no filter. */
void	query_init(struct query *q);
/* Adds pid to the -p selection unless it is there: a pid given twice is one
 * process.  -1 with ENOMEM. */
int	query_pid(struct query *q, pid_t pid);
void	query_free(struct query *q);
/* Sets the states shown to a preset. */
void	query_preset(struct query *q, enum q_states preset);
/*
 * Sets the states shown to the comma-separated TCP state names of list, as
 * conn_state_name spells them (any case, - or _ alike), or "connected"
 * (every state but LISTEN and CLOSE); a UDP socket is ESTABLISHED when
 * connected, else CLOSE.  A second call adds to the first.  0, or -1 with
 * *bad and *badlen the unknown name.
 */
int	query_states(struct query *q, const char *list, const char **bad,
	    size_t *badlen);
/* Whether only established TCP and connected UDP sockets are shown, so a
 * tool need not be asked for the others. */
int	query_connected_only(const struct query *q);
/* Whether a socket filter (ports, addresses) is set. */
int	query_filtered(const struct query *q);
/* Whether a process selector (-p, -n, -U, --netns, --cgroup, --unit) is
 * set. */
int	query_selected(const struct query *q);

/* The systemd unit a cgroup path names: its last component that ends in
 * .service or .scope, within path, *len bytes; NULL when none. */
const char *conn_unit(const char *cgroup, size_t *len);

/* Clears c: no addresses, pid and uid unknown (-1). */
void	conn_init(struct conn *c);

/* Frees what c owns (name, cgroup). */
void	conn_free(struct conn *c);

/* Appends a copy of c; the set takes over c->name and c->cgroup.  -1 with
 * ENOMEM. */
int	connset_add(struct connset *s, const struct conn *c);
void	connset_free(struct connset *);
/* What connset_add makes of each row it takes (the peer of an unconnected
 * socket, a listener's queues), for a row put in place otherwise. */
void	conn_settle(struct conn *c);

/*
 * The one place a query is judged: keeps the rows of s that pass q (see
 * conn_match), drops repeats (a socket a process holds on several
 * descriptors, or one a tool met twice while the tables changed under it)
 * and sorts the rest by pid, protocol, local address and port, remote
 * address and port, IPv4 before IPv6, so two resolvers' answers diff.
 */
void	connset_select(const struct query *q, struct connset *s);
/* Sorts s in connset_select's order, on up to threads threads: a resolver
 * whose rows will all have one pid may sort them early, where it has
 * time to spare, and connset_select then finds them in order. */
void	connset_sort(struct connset *s, int threads);
/* That order, as qsort compares (pid, proto, laddr, lport, raddr, rport,
 * then state and inode). */
int	conn_cmp(const void *, const void *);

/* Whether c passes the query's protocol, family and state filters and its
 * selectors.  A selector c cannot answer (pid, name or uid unknown) is not
 * passed: what cannot be told cannot be selected. */
int	conn_match(const struct query *q, const struct conn *c);

/* Whether a socket of proto (IPPROTO_TCP, IPPROTO_UDP) in state passes
 * the query's states alone. */
int	conn_state_ok(const struct query *q, int proto, int state);

/* What -s takes, for a message: "ESTABLISHED, ..., CLOSING or
 * connected". */
const char *conn_state_names(void);

/* "ESTABLISHED", "LISTEN", ...; "UNKNOWN" for CS_UNKNOWN. */
const char *conn_state_name(int state);

#endif
