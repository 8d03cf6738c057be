/*
 * The part the command resolvers' harnesses share.  A harness includes its
 * resolver's .c file (to reach its static per-line function), then this:
 * the fuzz input is the tool's output, fed line by line as command_lines
 * feeds it, under a query picked by the first byte.  Whatever the lines,
 * each row added must pass the query, hold ports in range and a family,
 * format as TSV with one field per column and as one JSON object, and
 * every error must carry a message.  /proc is pointed at nowhere, so runs
 * are deterministic and the selector checks are skipped.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "connfmt.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static pid_t fz_pids[] = { 1, 15843 };

int	LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("CONNS_PROC_ROOT", "/nonexistent/connutils-fuzz", 1);
	return 0;
}

/* A query from one byte: states, protocols, families, selectors. */
static void
fz_query(unsigned char b, struct query *q)
{
	query_init(q);
	query_preset(q, (enum q_states)(b % 3));
	q->protos = 1 + (b >> 2) % 3;		/* TCP, UDP or both */
	q->families = 1 + (b >> 4) % 3;
	if (b & 0x40) {
		q->pids = fz_pids;
		q->npids = 2;
	}
	if (b & 0x80)
		q->name = "tor";
	q->timeout = 1;
}

/* Splits the input at newlines and calls fn on each line, a trailing \r
 * dropped, NUL-terminated, until it returns -1; returns that. */
static int
fz_lines(int (*fn)(void *, char *, size_t), void *arg, const uint8_t *d,
    size_t n)
{
	char *line;
	size_t i = 0, len;
	const uint8_t *nl;
	int r = 0;

	while (i < n && r == 0) {
		nl = memchr(d + i, '\n', n - i);
		len = nl != NULL ? (size_t)(nl - (d + i)) : n - i;
		if ((line = malloc(len + 1)) == NULL)
			abort();
		memcpy(line, d + i, len);
		line[len] = '\0';
		i += len + 1;
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		r = fn(arg, line, len);
		free(line);
	}
	return r;
}

/* A JSON object of string keys and string, number or null values. */
static void
fz_json(const char *j, size_t n)
{
	size_t i = 0;
	int want_key = 1;

	CHECK(n >= 3 && j[0] == '{' && j[n - 2] == '}' && j[n - 1] == '\n');
	i = 1;
	while (i < n - 2) {
		if (j[i] == '"') {
			for (i++; i < n - 2 && j[i] != '"'; i++) {
				CHECK((unsigned char)j[i] >= 0x20);
				if (j[i] == '\\') {
					i++;
					CHECK(i < n - 2 &&
					    strchr("\"\\/bfnrtu", j[i]) != NULL);
				}
			}
			CHECK(i < n - 2);
			i++;
		} else if (!want_key && j[i] == 'n') {
			CHECK(strncmp(j + i, "null", 4) == 0);
			i += 4;
		} else if (!want_key && (j[i] == '-' ||
		    (j[i] >= '0' && j[i] <= '9'))) {
			while (i < n - 2 && ((j[i] >= '0' && j[i] <= '9') ||
			    j[i] == '-'))
				i++;
		} else
			abort();
		if (i == n - 2)
			break;
		CHECK(j[i] == (want_key ? ':' : ','));
		want_key = !want_key;
		i++;
	}
	CHECK(!want_key && i == n - 2);
}

static void
fz_check(const struct query *q, struct result *res)
{
	struct connfmt f;
	struct buf b = { NULL, 0, 0 };
	const char *bad;
	size_t badlen, i, k, tabs;

	CHECK(connfmt_columns(&f, "laddr,lport,raddr,rport,proto,family,"
	    "state,pid,name,uid,inode", &bad, &badlen) == 0);
	for (i = 0; i < res->nerrs; i++)
		CHECK(res->errs[i].msg != NULL && res->errs[i].msg[0] != '\0');
	for (i = 0; i < res->conns.n; i++) {
		const struct conn *c = &res->conns.v[i];

		CHECK(c->laddr.family == AF_INET || c->laddr.family == AF_INET6);
		CHECK(c->lport <= 65535 && c->rport <= 65535);
		CHECK(c->proto == IPPROTO_TCP || c->proto == IPPROTO_UDP);
		CHECK(c->state >= 0 && c->state < CS_NSTATES);
		CHECK(conn_match(q, c));
		buf_reset(&b);
		CHECK(connfmt_tsv(&f, c, &b) == 0);
		CHECK(b.len > 0 && b.data[b.len - 1] == '\n');
		for (k = 0, tabs = 0; k < b.len - 1; k++) {
			CHECK(b.data[k] != '\n' && b.data[k] != '\0');
			tabs += b.data[k] == '\t';
		}
		CHECK(tabs == f.ncols - 1);
		buf_reset(&b);
		CHECK(connfmt_json(&f, c, &b) == 0);
		fz_json(b.data, b.len);
	}
	if (res->conns.n > 0) {
		buf_reset(&b);
		CHECK(connfmt_human(&f, &res->conns, &b) == 0);
	}
	buf_free(&b);
}

/*
 * One run of a resolver's line parser fn over the fuzz input, as
 * cmdres_run would feed it, ended as run() ends it (tail, when not NULL,
 * is what run() does after the last line), then judged and checked.
 */
static void
fz_drive(struct cmdres *cr, const char *tool, command_line_fn fn, void *arg,
    int (*tail)(void *), const uint8_t *d, size_t n)
{
	struct query q;
	struct result res;
	int r;

	if (n == 0)
		return;
	fz_query(d[0], &q);
	memset(&res, 0, sizeof(res));
	CHECK(cmdres_init(cr, tool, &q, &res) == 0);
	r = fz_lines(fn, arg, d + 1, n - 1);
	if (r == 0 && tail != NULL)
		r = tail(arg);
	CHECK(r == 0 || res.nerrs > 0);
	r = cmdres_end(cr, r);
	connset_select(&q, &res.conns);
	fz_check(&q, &res);
	result_free(&res);
}
