#ifndef CONNFMT_H
#define CONNFMT_H

#include <stddef.h>

struct buf;
struct conn;
struct connset;

/* The columns of conns -o, in the order the spec lists them. */
enum connfmt_col {
	COL_LADDR, COL_LPORT, COL_RADDR, COL_RPORT, COL_PROTO, COL_FAMILY,
	COL_STATE, COL_PID, COL_NAME, COL_UID, COL_INODE, COL_NCOLS
};

#define CONNFMT_MAXCOLS	64	/* a column may be asked for more than once */
#define CONNFMT_DEFAULT	"laddr,lport,raddr,rport,proto"

struct connfmt {
	enum connfmt_col cols[CONNFMT_MAXCOLS];
	size_t		 ncols;
	int		 expand;	/* IPv6 in full (-e) */
};

/*
 * Sets the columns from a comma list ("laddr,lport").  On failure returns
 * -1 and points *bad at the offending name, of *badlen bytes (an empty name
 * for ",," or a trailing comma; the whole list when there are too many).
 */
int	connfmt_columns(struct connfmt *, const char *, const char **,
	    size_t *);

/* The column names, tab-separated, and a newline. */
int	connfmt_header(const struct connfmt *, struct buf *);
/* One record: tab-separated fields, escaped, and a newline; an unknown
 * pid, name, uid or inode is an empty field. */
int	connfmt_tsv(const struct connfmt *, const struct conn *, struct buf *);
/* One JSON object holding the columns, and a newline; an unknown value
 * is null, numbers are numbers. */
int	connfmt_json(const struct connfmt *, const struct conn *, struct buf *);
/* An aligned table of the whole set under a header of upper-case names;
 * an unknown value is "-". */
int	connfmt_human(const struct connfmt *, const struct connset *,
	    struct buf *);

#endif
