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
#include "num.h"

static const char *const names[COL_NCOLS] = {
	"laddr", "lport", "raddr", "rport", "proto", "family", "state",
	"pid", "name", "uid", "inode", "rtt", "rttvar", "retrans", "sent",
	"received", "rqueue", "wqueue", "idle", "cookie", "netns", "cgroup",
	"unit"
};

int
connfmt_columns(struct connfmt *f, const char *list, const char **bad,
    size_t *badlen)
{
	enum connfmt_col *v;
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
		if (i == COL_NCOLS) {
			*bad = p;
			*badlen = len;
			return -1;
		}
		if ((v = realloc(f->cols, (f->ncols + 1) * sizeof(*v))) ==
		    NULL) {
			*bad = NULL;
			return -1;
		}
		f->cols = v;
		f->cols[f->ncols++] = (enum connfmt_col)i;
		if (e == NULL)
			return 0;
		p = e + 1;
	}
}

void
connfmt_free(struct connfmt *f)
{
	free(f->cols);
	f->cols = NULL;
	f->ncols = 0;
}

unsigned
connfmt_wants(const struct connfmt *f)
{
	unsigned w = 0;
	size_t i;

	for (i = 0; i < f->ncols; i++)
		switch (f->cols[i]) {
		case COL_RTT: case COL_RTTVAR: case COL_RETRANS:
		case COL_SENT: case COL_RECEIVED: case COL_IDLE:
			w |= Q_W_INFO;
			break;
		case COL_RQUEUE: case COL_WQUEUE:
			w |= Q_W_QUEUES;
			break;
		case COL_COOKIE:
			w |= Q_W_COOKIE;
			break;
		case COL_NETNS:
			w |= Q_W_NETNS;
			break;
		case COL_CGROUP: case COL_UNIT:
			w |= Q_W_CGROUP;
			break;
		default:
			break;
		}
	return w;
}

const char *
connfmt_names(void)
{
	static char list[256];
	size_t i, n = 0;

	/* From the table, so that a new column is named here too. */
	for (i = 0; i < COL_NCOLS && n < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
		    i == 0 ? "" : i + 1 == COL_NCOLS ? " or " : ", ", names[i]);
	return list;
}

const char *
connfmt_name(const struct connfmt *f, size_t i)
{
	return names[f->cols[i]];
}

#define NUM(v)	(*num = 1, *len = num_fmt(tmp, (v)), tmp)

/* Microseconds as milliseconds with three decimals. */
static const char *
ms(uint32_t us, char *tmp, size_t *len, int *num)
{
	size_t n = num_fmt(tmp, us / 1000);

	tmp[n] = '.';
	tmp[n + 1] = (char)('0' + us / 100 % 10);
	tmp[n + 2] = (char)('0' + us / 10 % 10);
	tmp[n + 3] = (char)('0' + us % 10);
	tmp[n + 4] = '\0';
	*len = n + 4;
	*num = 1;
	return tmp;
}

const char *
connfmt_value(const struct connfmt *f, const struct conn *c, size_t i,
    char tmp[CONNFMT_FIELDLEN], size_t *len, int *num)
{
	int info = (c->known & CK_INFO) != 0;
	int queues = (c->known & CK_QUEUES) != 0;
	enum connfmt_col col = f->cols[i];
	const char *s;

	*num = 0;
	switch (col) {
	case COL_LADDR:
	case COL_RADDR:
		*len = addr_format(col == COL_LADDR ? &c->laddr : &c->raddr,
		    f->expand, tmp);
		return tmp;
	case COL_LPORT:
		return NUM(c->lport);
	case COL_RPORT:
		return NUM(c->rport);
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
		return c->pid <= 0 ? NULL : NUM((unsigned long long)c->pid);
	case COL_NAME:
		if (c->name == NULL)
			return NULL;
		*len = strlen(c->name);
		return c->name;
	case COL_UID:
		return c->uid == (uid_t)-1 ? NULL :
		    NUM(c->uid);
	case COL_INODE:
		return c->inode == 0 ? NULL : NUM(c->inode);
	case COL_RTT:
	case COL_RTTVAR:
		if (!info)
			return NULL;
		/* ms with three decimals, from microseconds */
		return ms(col == COL_RTT ? c->rtt : c->rttvar, tmp, len, num);
	case COL_RETRANS:
		return !info ? NULL : NUM(c->retrans);
	case COL_SENT:
		return !info ? NULL : NUM(c->sent);
	case COL_RECEIVED:
		return !info ? NULL :
		    NUM(c->received);
	case COL_IDLE:
		return !info ? NULL : NUM(c->idle);
	case COL_RQUEUE:
		return !queues ? NULL : NUM(c->rqueue);
	case COL_WQUEUE:
		return !queues ? NULL : NUM(c->wqueue);
	case COL_COOKIE:
		return c->cookie == 0 ? NULL :
		    NUM(c->cookie);
	case COL_NETNS:
		return c->netns == 0 ? NULL :
		    NUM(c->netns);
	case COL_CGROUP:
		if (c->cgroup == NULL)
			return NULL;
		*len = strlen(c->cgroup);
		return c->cgroup;
	case COL_UNIT:
		s = conn_unit(c->cgroup, len);
		return s;
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
	return connfmt_tsv_lead(f, c, NULL, b);
}

int
connfmt_json(const struct connfmt *f, const struct conn *c, struct buf *b)
{
	return connfmt_json_lead(f, c, NULL, b);
}

/* Whether a column's text is made here and has nothing to escape (an
 * address, a constant): no search for what it cannot hold. */
static int
plain(enum connfmt_col col)
{
	return col == COL_LADDR || col == COL_RADDR || col == COL_PROTO ||
	    col == COL_FAMILY || col == COL_STATE;
}

/* One record, tab-separated or a JSON object, lead first (see .h). */
static int
record(const struct connfmt *f, const struct conn *c, const char *lead,
    int json, struct buf *b)
{
	char tmp[CONNFMT_FIELDLEN];
	const char *s;
	size_t i, len;
	int num, r;

	if ((json && buf_addc(b, '{') == -1) || (lead != NULL &&
	    (buf_addstr(b, lead) == -1 ||
	    (f->ncols > 0 && buf_addc(b, json ? ',' : '\t') == -1))))
		return -1;
	for (i = 0; i < f->ncols; i++) {
		if (i > 0 && buf_addc(b, json ? ',' : '\t') == -1)
			return -1;
		if (json && (buf_addc(b, '"') == -1 ||
		    buf_addstr(b, names[f->cols[i]]) == -1 ||
		    buf_add(b, "\":", 2) == -1))
			return -1;
		s = connfmt_value(f, c, i, tmp, &len, &num);
		if (s == NULL)
			r = json ? buf_add(b, "null", 4) : 0;
		else if (num || (!json && plain(f->cols[i])))
			r = buf_add(b, s, len);
		else
			r = json ? esc_json(b, s, len) : esc_tsv(b, s, len);
		if (r == -1)
			return -1;
	}
	return json ? buf_add(b, "}\n", 2) : buf_addc(b, '\n');
}

int
connfmt_tsv_lead(const struct connfmt *f, const struct conn *c,
    const char *lead, struct buf *b)
{
	return record(f, c, lead, 0, b);
}

int
connfmt_json_lead(const struct connfmt *f, const struct conn *c,
    const char *lead, struct buf *b)
{
	return record(f, c, lead, 1, b);
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

/* A header cell: the column's name in upper case. */
static int
head(struct buf *b, const char *name, int num, size_t w, int last)
{
	char up[16];
	size_t i, n = strlen(name);

	for (i = 0; i < n && i < sizeof(up) - 1; i++)
		up[i] = (char)(name[i] - ('a' <= name[i] && name[i] <= 'z' ?
		    'a' - 'A' : 0));
	return cell(b, up, i, num, w, last);
}

int
connfmt_human(const struct connfmt *f, const struct connset *set,
    struct buf *b)
{
	size_t *w, *isnum;
	struct buf tmpb = { NULL, 0, 0 };
	char tmp[CONNFMT_FIELDLEN];
	const char *s;
	size_t i, r, len;
	int num;

	if ((w = calloc(f->ncols + 1, 2 * sizeof(*w))) == NULL)
		return -1;
	isnum = w + f->ncols + 1;
	for (i = 0; i < f->ncols; i++)
		w[i] = strlen(names[f->cols[i]]);
	for (r = 0; r < set->n; r++)
		for (i = 0; i < f->ncols; i++) {
			s = connfmt_value(f, &set->v[r], i, tmp, &len, &num);
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
		if ((i > 0 && pad(b, 2) == -1) ||
		    head(b, names[f->cols[i]], (int)isnum[i], w[i],
		    i + 1 == f->ncols) == -1)
			goto fail;
	}
	if (buf_addc(b, '\n') == -1)
		goto fail;
	for (r = 0; r < set->n; r++) {
		for (i = 0; i < f->ncols; i++) {
			s = connfmt_value(f, &set->v[r], i, tmp, &len, &num);
			if ((i > 0 && pad(b, 2) == -1) ||
			    cell(b, s, len, (int)isnum[i], w[i],
			    i + 1 == f->ncols) == -1)
				goto fail;
		}
		if (buf_addc(b, '\n') == -1)
			goto fail;
	}
	free(w);
	return 0;
fail:
	buf_free(&tmpb);
	free(w);
	return -1;
}
