#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "buf.h"
#include "conn.h"
#include "connfmt.h"
#include "esc.h"

static const char *const names[COL_NCOLS] = {
	"laddr", "lport", "raddr", "rport", "proto", "family", "state",
	"pid", "name", "uid", "inode"
};

static const char *const heads[COL_NCOLS] = {
	"LADDR", "LPORT", "RADDR", "RPORT", "PROTO", "FAMILY", "STATE",
	"PID", "NAME", "UID", "INODE"
};

int
connfmt_columns(struct connfmt *f, const char *list, const char **bad,
    size_t *badlen)
{
	const char *p = list, *e;
	size_t len, i;

	f->ncols = 0;
	for (;;) {
		e = strchr(p, ',');
		len = e != NULL ? (size_t)(e - p) : strlen(p);
		for (i = 0; i < COL_NCOLS; i++)
			if (strlen(names[i]) == len &&
			    memcmp(names[i], p, len) == 0)
				break;
		if (i == COL_NCOLS || f->ncols == CONNFMT_MAXCOLS) {
			*bad = i == COL_NCOLS ? p : list;
			*badlen = i == COL_NCOLS ? len : strlen(list);
			return -1;
		}
		f->cols[f->ncols++] = (enum connfmt_col)i;
		if (e == NULL)
			return 0;
		p = e + 1;
	}
}

/*
 * The text of one field, unescaped, in tmp (or a constant); NULL when the
 * value is unknown.  *num says whether it is a number (for JSON and for
 * right alignment).
 */
static const char *
field(const struct connfmt *f, const struct conn *c, enum connfmt_col col,
    char tmp[ADDR_FMTLEN], size_t *len, int *num)
{
	*num = 0;
	switch (col) {
	case COL_LADDR:
	case COL_RADDR:
		*len = addr_format(col == COL_LADDR ? &c->laddr : &c->raddr,
		    f->expand, tmp);
		return tmp;
	case COL_LPORT:
	case COL_RPORT:
		*num = 1;
		*len = (size_t)snprintf(tmp, ADDR_FMTLEN, "%u",
		    col == COL_LPORT ? c->lport : c->rport);
		return tmp;
	case COL_PROTO:
		*len = 3;
		return c->proto == IPPROTO_TCP ? "tcp" : "udp";
	case COL_FAMILY:
		*len = 4;
		return c->laddr.family == AF_INET6 ? "ipv6" : "ipv4";
	case COL_STATE:
		*len = strlen(conn_state_name(c->state));
		return conn_state_name(c->state);
	case COL_PID:
		if (c->pid <= 0)
			return NULL;
		*num = 1;
		*len = (size_t)snprintf(tmp, ADDR_FMTLEN, "%d", (int)c->pid);
		return tmp;
	case COL_NAME:
		if (c->name == NULL)
			return NULL;
		*len = strlen(c->name);
		return c->name;
	case COL_UID:
		if (c->uid == (uid_t)-1)
			return NULL;
		*num = 1;
		*len = (size_t)snprintf(tmp, ADDR_FMTLEN, "%u",
		    (unsigned)c->uid);
		return tmp;
	case COL_INODE:
		if (c->inode == 0)
			return NULL;
		*num = 1;
		*len = (size_t)snprintf(tmp, ADDR_FMTLEN, "%lu", c->inode);
		return tmp;
	default:
		return NULL;
	}
}

int
connfmt_header(const struct connfmt *f, struct buf *b)
{
	size_t i;

	for (i = 0; i < f->ncols; i++)
		if ((i > 0 && buf_addc(b, '\t') == -1) ||
		    buf_addstr(b, names[f->cols[i]]) == -1)
			return -1;
	return buf_addc(b, '\n');
}

int
connfmt_tsv(const struct connfmt *f, const struct conn *c, struct buf *b)
{
	char tmp[ADDR_FMTLEN];
	const char *s;
	size_t i, len;
	int num;

	for (i = 0; i < f->ncols; i++) {
		if (i > 0 && buf_addc(b, '\t') == -1)
			return -1;
		s = field(f, c, f->cols[i], tmp, &len, &num);
		if (s != NULL && esc_tsv(b, s, len) == -1)
			return -1;
	}
	return buf_addc(b, '\n');
}

int
connfmt_json(const struct connfmt *f, const struct conn *c, struct buf *b)
{
	char tmp[ADDR_FMTLEN];
	const char *s;
	size_t i, len;
	int num, r;

	if (buf_addc(b, '{') == -1)
		return -1;
	for (i = 0; i < f->ncols; i++) {
		if ((i > 0 && buf_addc(b, ',') == -1) ||
		    buf_addc(b, '"') == -1 ||
		    buf_addstr(b, names[f->cols[i]]) == -1 ||
		    buf_add(b, "\":", 2) == -1)
			return -1;
		s = field(f, c, f->cols[i], tmp, &len, &num);
		if (s == NULL)
			r = buf_add(b, "null", 4);
		else if (num)
			r = buf_add(b, s, len);
		else
			r = esc_json(b, s, len);
		if (r == -1)
			return -1;
	}
	return buf_add(b, "}\n", 2);
}

/* Appends n spaces. */
static int
pad(struct buf *b, size_t n)
{
	if (buf_grow(b, n) == -1)
		return -1;
	memset(b->data + b->len, ' ', n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/* Appends one cell, escaped, aligned in width w. */
static int
cell(struct buf *b, const char *s, size_t len, int num, size_t w, int last)
{
	size_t start = b->len, n;

	if (s == NULL)
		s = "-", len = 1;
	if (num) {
		/* Numbers need no escaping; right-aligned. */
		if (pad(b, w > len ? w - len : 0) == -1)
			return -1;
		return buf_add(b, s, len);
	}
	if (esc_tsv(b, s, len) == -1)
		return -1;
	n = b->len - start;
	return last ? 0 : pad(b, w > n ? w - n : 0);
}

int
connfmt_human(const struct connfmt *f, const struct connset *set,
    struct buf *b)
{
	size_t w[CONNFMT_MAXCOLS], isnum[CONNFMT_MAXCOLS];
	struct buf tmpb = { NULL, 0, 0 };
	char tmp[ADDR_FMTLEN];
	const char *s;
	size_t i, r, len;
	int num;

	for (i = 0; i < f->ncols; i++) {
		w[i] = strlen(heads[f->cols[i]]);
		isnum[i] = 0;
	}
	for (r = 0; r < set->n; r++)
		for (i = 0; i < f->ncols; i++) {
			s = field(f, &set->v[r], f->cols[i], tmp, &len, &num);
			if (s == NULL)
				len = 1;
			else if (!num) {
				buf_reset(&tmpb);
				if (esc_tsv(&tmpb, s, len) == -1)
					goto fail;
				len = tmpb.len;
			} else
				isnum[i] = 1;
			if (len > w[i])
				w[i] = len;
		}
	buf_free(&tmpb);
	for (i = 0; i < f->ncols; i++) {
		s = heads[f->cols[i]];
		if ((i > 0 && pad(b, 2) == -1) ||
		    cell(b, s, strlen(s), (int)isnum[i], w[i],
		    i + 1 == f->ncols) == -1)
			return -1;
	}
	if (buf_addc(b, '\n') == -1)
		return -1;
	for (r = 0; r < set->n; r++) {
		for (i = 0; i < f->ncols; i++) {
			s = field(f, &set->v[r], f->cols[i], tmp, &len, &num);
			if ((i > 0 && pad(b, 2) == -1) ||
			    cell(b, s, len, (int)isnum[i], w[i],
			    i + 1 == f->ncols) == -1)
				return -1;
		}
		if (buf_addc(b, '\n') == -1)
			return -1;
	}
	return 0;
fail:
	buf_free(&tmpb);
	return -1;
}
