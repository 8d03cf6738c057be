#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conn.h"
#include "conncount.h"
#include "connfmt.h"
#include "esc.h"

/* qsort has no argument for the columns: the one grouping under way. */
static const struct connfmt *cmpby;

/* Column i of a and b: numbers as numbers, text bytewise, unknown last. */
static int
value_cmp(const struct conn *a, const struct conn *b, size_t i)
{
	char ta[CONNFMT_FIELDLEN], tb[CONNFMT_FIELDLEN];
	const char *sa, *sb;
	size_t la, lb;
	int na, nb, r;

	sa = connfmt_value(cmpby, a, i, ta, &la, &na);
	sb = connfmt_value(cmpby, b, i, tb, &lb, &nb);
	if (sa == NULL || sb == NULL)
		return (sa == NULL) - (sb == NULL);
	if (na && nb && la != lb)
		return la < lb ? -1 : 1;	/* no leading zeros */
	if ((r = memcmp(sa, sb, la < lb ? la : lb)) != 0)
		return r;
	return la < lb ? -1 : la > lb;
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct conn *a = *(const struct conn *const *)pa;
	const struct conn *b = *(const struct conn *const *)pb;
	size_t i;
	int r;

	for (i = 0; i < cmpby->ncols; i++)
		if ((r = value_cmp(a, b, i)) != 0)
			return r;
	return 0;
}

static int
group_cmp(const void *pa, const void *pb)
{
	const struct conngroup *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return row_cmp(&a->first, &b->first);
}

int
conncount_groups(const struct connfmt *by, const struct connset *set,
    struct conngroup **groups, size_t *n)
{
	const struct conn **rows;
	struct conngroup *g;
	size_t i, k = 0;

	*groups = NULL;
	*n = 0;
	if (set->n == 0)
		return 0;
	if ((rows = calloc(set->n, sizeof(*rows))) == NULL)
		return -1;
	if ((g = calloc(set->n, sizeof(*g))) == NULL) {
		free(rows);
		return -1;
	}
	for (i = 0; i < set->n; i++)
		rows[i] = &set->v[i];
	cmpby = by;
	qsort(rows, set->n, sizeof(*rows), row_cmp);
	for (i = 0; i < set->n; i++) {
		if (k == 0 || row_cmp(&rows[i], &g[k - 1].first) != 0)
			g[k++].first = rows[i];
		g[k - 1].count++;
	}
	qsort(g, k, sizeof(*g), group_cmp);
	free(rows);
	*groups = g;
	*n = k;
	return 0;
}

/* Appends s (n bytes), escaped, padded to w; right-aligned with right. */
static int
cell(struct buf *b, const char *s, size_t n, size_t w, int right, int last)
{
	struct buf e = { NULL, 0, 0 };
	size_t pad;
	int r;

	if (s == NULL)
		s = "-", n = 1;
	if (esc_tsv(&e, s, n) == -1)
		return -1;
	pad = w > e.len ? w - e.len : 0;
	r = 0;
	while (right && pad > 0 && r == 0)
		r = buf_addc(b, ' '), pad--;
	if (r == 0)
		r = buf_add(b, e.data != NULL ? e.data : "", e.len);
	while (!last && pad > 0 && r == 0)
		r = buf_addc(b, ' '), pad--;
	if (r == 0 && !last)
		r = buf_add(b, "  ", 2);
	buf_free(&e);
	return r;
}

int
conncount_human(const struct connfmt *by, const struct conngroup *g,
    size_t n, struct buf *b)
{
	char tmp[CONNFMT_FIELDLEN], num[24], up[16];
	struct buf e = { NULL, 0, 0 };
	const char *s, *name;
	size_t i, j, k, len, *w;
	int isnum, r = -1;

	if ((w = calloc(by->ncols + 1, sizeof(*w))) == NULL)
		return -1;
	w[0] = 5;			/* COUNT */
	for (i = 0; i < by->ncols; i++)
		w[i + 1] = strlen(connfmt_name(by, i));
	for (j = 0; j < n; j++) {
		len = (size_t)snprintf(num, sizeof(num), "%zu", g[j].count);
		if (len > w[0])
			w[0] = len;
		for (i = 0; i < by->ncols; i++) {
			s = connfmt_value(by, g[j].first, i, tmp, &len, &isnum);
			buf_reset(&e);
			if (s != NULL && esc_tsv(&e, s, len) == -1)
				goto out;
			if ((s == NULL ? 1 : e.len) > w[i + 1])
				w[i + 1] = s == NULL ? 1 : e.len;
		}
	}
	if (cell(b, "COUNT", 5, w[0], 1, by->ncols == 0) == -1)
		goto out;
	for (i = 0; i < by->ncols; i++) {
		name = connfmt_name(by, i);
		for (k = 0; name[k] != '\0' && k < sizeof(up); k++)
			up[k] = (char)(name[k] >= 'a' && name[k] <= 'z' ?
			    name[k] - 'a' + 'A' : name[k]);
		if (cell(b, up, k, w[i + 1], 0, i + 1 == by->ncols) == -1)
			goto out;
	}
	if (buf_addc(b, '\n') == -1)
		goto out;
	for (j = 0; j < n; j++) {
		len = (size_t)snprintf(num, sizeof(num), "%zu", g[j].count);
		if (cell(b, num, len, w[0], 1, by->ncols == 0) == -1)
			goto out;
		for (i = 0; i < by->ncols; i++) {
			s = connfmt_value(by, g[j].first, i, tmp, &len, &isnum);
			if (cell(b, s, len, w[i + 1], isnum,
			    i + 1 == by->ncols) == -1)
				goto out;
		}
		if (buf_addc(b, '\n') == -1)
			goto out;
	}
	r = 0;
out:
	buf_free(&e);
	free(w);
	return r;
}

/* A label value, escaped as the exposition format has it. */
static int
label(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' || s[i] == '"') {
			if (buf_addc(b, '\\') == -1 || buf_addc(b, s[i]) == -1)
				return -1;
		} else if (s[i] == '\n') {
			if (buf_add(b, "\\n", 2) == -1)
				return -1;
		} else if (buf_addc(b, s[i]) == -1)
			return -1;
	}
	return 0;
}

int
conncount_prometheus(const struct connfmt *by, const struct conngroup *g,
    size_t n, size_t total, struct buf *b)
{
	char tmp[CONNFMT_FIELDLEN], num[24];
	const char *s;
	size_t i, j, len;
	int isnum;

	if (buf_addstr(b, "# HELP conns_connections TCP and UDP "
	    "connections, as conns selects them.\n"
	    "# TYPE conns_connections gauge\n") == -1)
		return -1;
	if (by == NULL) {
		snprintf(num, sizeof(num), "%zu", total);
		return buf_addstr(b, "conns_connections ") == -1 ||
		    buf_addstr(b, num) == -1 || buf_addc(b, '\n') == -1 ?
		    -1 : 0;
	}
	for (j = 0; j < n; j++) {
		if (buf_addstr(b, "conns_connections{") == -1)
			return -1;
		for (i = 0; i < by->ncols; i++) {
			s = connfmt_value(by, g[j].first, i, tmp, &len, &isnum);
			if ((i > 0 && buf_addc(b, ',') == -1) ||
			    buf_addstr(b, connfmt_name(by, i)) == -1 ||
			    buf_add(b, "=\"", 2) == -1 ||
			    (s != NULL && label(b, s, len) == -1) ||
			    buf_addc(b, '"') == -1)
				return -1;
		}
		snprintf(num, sizeof(num), "} %zu\n", g[j].count);
		if (buf_addstr(b, num) == -1)
			return -1;
	}
	return 0;
}
