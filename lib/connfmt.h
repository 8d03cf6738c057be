#ifndef CONNFMT_H
#define CONNFMT_H

#include <stddef.h>

struct buf;
struct conn;
struct connset;

/* The columns of conns -o, in the order the spec lists them. */
enum connfmt_col {
	COL_LADDR, COL_LPORT, COL_RADDR, COL_RPORT, COL_PROTO, COL_FAMILY,
	COL_STATE, COL_PID, COL_NAME, COL_UID, COL_INODE, COL_RTT, COL_RTTVAR,
	COL_RETRANS, COL_SENT, COL_RECEIVED, COL_RQUEUE, COL_WQUEUE, COL_IDLE,
	COL_COOKIE, COL_NETNS, COL_CGROUP, COL_UNIT, COL_NCOLS
};

#define CONNFMT_DEFAULT	"laddr,lport,raddr,rport,proto"
/* Room for the text of any field but name and cgroup. */
#define CONNFMT_FIELDLEN	48

struct connfmt {
	enum connfmt_col *cols;		/* malloc'd; a column may repeat */
	size_t		 ncols;
	int		 expand;	/* IPv6 in full (-e) */
};

/*
 * Sets the columns from a comma list ("laddr,lport").  On failure returns
 * -1 and points *bad at the offending name, of *badlen bytes (an empty name
 * for ",," or a trailing comma), or with ENOMEM *bad NULL.
 */
int	connfmt_columns(struct connfmt *f, const char *list, const char **bad,
	    size_t *badlen);
void	connfmt_free(struct connfmt *f);
/* The Q_W_* bits (conn.h) a query needs for the columns of f. */
unsigned connfmt_wants(const struct connfmt *f);
/* The text of column i of c, unescaped, in tmp or a constant: NULL when
 * c does not know it; *num when it is a number. */
const char *connfmt_value(const struct connfmt *f, const struct conn *c,
	    size_t i, char tmp[CONNFMT_FIELDLEN], size_t *len, int *num);
/* Every column name, "laddr, lport, ... or unit", for a message. */
const char *connfmt_names(void);
/* The name of column i ("laddr"). */
const char *connfmt_name(const struct connfmt *f, size_t i);

/* The column names, tab-separated, and a newline. */
int	connfmt_header(const struct connfmt *f, struct buf *b);
/* One record: tab-separated fields, escaped, and a newline; an unknown
 * value is an empty field. */
int	connfmt_tsv(const struct connfmt *f, const struct conn *c,
	    struct buf *b);
/* One JSON object holding the columns, and a newline; an unknown value
 * is null, numbers are numbers. */
int	connfmt_json(const struct connfmt *f, const struct conn *c,
	    struct buf *b);
/* The same with lead first: a field ("+" for --watch, a count for -c
 * --by) or a JSON member ("\"event\":\"+\""); NULL: none. */
int	connfmt_tsv_lead(const struct connfmt *f, const struct conn *c,
	    const char *lead, struct buf *b);
int	connfmt_json_lead(const struct connfmt *f, const struct conn *c,
	    const char *lead, struct buf *b);
/* An aligned table of the whole set under a header of upper-case names;
 * an unknown value is "-". */
int	connfmt_human(const struct connfmt *f, const struct connset *set,
	    struct buf *b);

#endif
