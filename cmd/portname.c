/*
 * portname: the common use of a port, from a table compiled in, with the
 * system services database as an optional fallback.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "esc.h"
#include "input.h"
#include "num.h"
#include "out.h"
#include "port.h"

#define SYNOPSIS	"[-lqSv] [-H | -N] [-f FORMAT] [-r NAME] [INPUT ...]"

enum { Match, NoMatch, Error };

/*
 * Records go out through one of two paths: tab-separated, straight into
 * the output block, or for -f human kept until the end, when the column
 * widths are known.
 */
struct table {
	struct buf	 rows;		/* -f human: NUL-ended fields */
	struct buf	 esc;		/* a field being escaped */
	int		 human;
	int		 json;
	int		 quiet;
	int		 nomem;
	size_t		 col;		/* fields so far in a record */
	size_t		 ncol;
	size_t		 nrows;		/* records, header aside */
	size_t		 width[3];
};

/*
 * A whole tab-separated record of fields that need no escaping, the shape
 * of almost every lookup: the input, a port of 1 to 5 digits, copied in
 * two overlapping 4-byte moves rather than a loop whose length the branch
 * predictor cannot guess; then the name and the source.
 */
static inline void
tab_record(const char *in, size_t inlen, const char *res, size_t reslen,
    const char *src, size_t srclen)
{
	char *d;

	d = out_room((in != NULL ? inlen + 1 : 0) + reslen +
	    (src != NULL ? srclen + 1 : 0) + 1);
	if (d == NULL)
		return;		/* never: a port, a name and a source */
	if (in != NULL) {
		if (inlen >= 4) {
			memcpy(d, in, 4);
			memcpy(d + inlen - 4, in + inlen - 4, 4);
			d += inlen;
		} else
			while (inlen-- > 0)
				*d++ = *in++;
		*d++ = '\t';
	}
	if (reslen > 0) {
		memcpy(d, res, reslen);
		d += reslen;
	}
	if (src != NULL) {
		*d++ = '\t';
		memcpy(d, src, srclen);
		d += srclen;
	}
	*d = '\n';
}

static void
tab_field(struct table *o, const char *s, size_t n, int escape)
{
	size_t start;

	if (o->quiet)
		return;
	if (o->human) {
		start = o->rows.len;
		if (n == 0)
			o->nomem |= buf_addc(&o->rows, '-');
		else if (escape)
			o->nomem |= esc_tsv(&o->rows, s, n);
		else
			o->nomem |= buf_add(&o->rows, s, n);
		if (o->rows.len - start > o->width[o->col])
			o->width[o->col] = o->rows.len - start;
		o->nomem |= buf_addc(&o->rows, '\0');
	} else {
		if (o->col > 0)
			out_putc('\t');
		if (escape && esc_needed(s, n)) {
			buf_reset(&o->esc);
			o->nomem |= esc_tsv(&o->esc, s, n);
			out_put(o->esc.data, o->esc.len);
		} else
			out_put(s, n);
	}
	o->col++;
}

static void
tab_str(struct table *o, const char *s, int escape)
{
	tab_field(o, s, s == NULL ? 0 : strlen(s), escape);
}

static void
tab_end(struct table *o)
{
	o->col = 0;
	o->nrows++;
	if (!o->quiet && !o->human)
		out_putc('\n');
}

/* A port or a range as PORT or LOW-HIGH. */
static void
tab_range(struct table *o, const struct port_entry *e)
{
	char s[16];
	int n;

	if (e->low == e->high)
		n = snprintf(s, sizeof(s), "%u", (unsigned)e->low);
	else
		n = snprintf(s, sizeof(s), "%u-%u", (unsigned)e->low,
		    (unsigned)e->high);
	tab_field(o, s, (size_t)n, 0);
}

static void
tab_header(struct table *o, const char **names, size_t n)
{
	size_t i;

	o->ncol = n;
	if (!o->human)
		return;
	for (i = 0; i < n; i++)
		tab_str(o, names[i], 0);
	o->col = 0;
}

/* For -f human, the aligned table, once every width is known. */
static void
tab_flush(struct table *o)
{
	const char *p, *end;
	size_t i, n, pad;

	/* No record, no header: nothing found prints nothing. */
	if (o->quiet || !o->human || o->nrows == 0)
		return;
	p = o->rows.data;
	end = p + o->rows.len;
	for (i = 0; p < end && !out_error(); i = (i + 1) % o->ncol) {
		n = strlen(p);
		out_put(p, n);
		if (i + 1 < o->ncol)
			for (pad = o->width[i] - n + 2; pad > 0; pad--)
				out_putc(' ');
		else
			out_putc('\n');
		p += n + 1;
	}
}

/*
 * -f json: one object per input (input, port, use, with -v source) or per
 * table entry (low, high, use, with -v source).  Strings from the table
 * and digits need no escaping; an input that is not a port and a name
 * from the services database go through esc_json.
 */
static void
json_str(struct table *o, const char *key, const char *s, size_t n,
    int escape)
{
	o->nomem |= buf_addstr(&o->esc, key);
	if (s == NULL) {
		o->nomem |= buf_addstr(&o->esc, "null");
		return;
	}
	if (escape) {
		o->nomem |= esc_json(&o->esc, s, n);
		return;
	}
	o->nomem |= buf_addc(&o->esc, '"');
	o->nomem |= buf_add(&o->esc, s, n);
	o->nomem |= buf_addc(&o->esc, '"');
}

static void
json_num(struct table *o, const char *key, long v)
{
	char d[24];
	int n;

	n = snprintf(d, sizeof(d), "%s%ld", key, v);
	o->nomem |= buf_add(&o->esc, d, (size_t)n);
}

static void
json_end(struct table *o, const char *src, int verbose)
{
	if (verbose)
		json_str(o, ",\"source\":", src, src == NULL ? 0 :
		    strlen(src), 0);
	o->nomem |= buf_addstr(&o->esc, "}\n");
	if (!o->quiet)
		out_put(o->esc.data, o->esc.len);
	buf_reset(&o->esc);
}

static void
json_input(struct table *o, const char *s, size_t n, long port,
    const char *use, size_t uselen, int escapeuse, const char *src,
    int verbose)
{
	buf_reset(&o->esc);
	json_str(o, "{\"input\":", s, n, port < 0);
	if (port < 0)
		o->nomem |= buf_addstr(&o->esc, ",\"port\":null");
	else
		json_num(o, ",\"port\":", port);
	json_str(o, ",\"use\":", use, uselen, escapeuse);
	json_end(o, src, verbose);
}

static void
json_range(struct table *o, long low, long high, const char *use,
    int escapeuse, const char *src, int verbose)
{
	buf_reset(&o->esc);
	json_num(o, "{\"low\":", low);
	json_num(o, ",\"high\":", high);
	json_str(o, ",\"use\":", use, strlen(use), escapeuse);
	json_end(o, src, verbose);
}

static void
warn_input(const char *s, size_t n, const char *why)
{
	if (n == 0)
		warnx("empty input: %s", why);
	else
		warnx("%s: %s", cli_quoten(s, n), why);
}

/*
 * The shape of almost every batch, ports in and tab-separated records out,
 * in one loop over the lines already read, its state in locals that stay
 * in registers (a store into the output block might alias any field of a
 * struct).  It stops at the first line it cannot take whole (not a port,
 * one -S must look up, the end of the block) and leaves it to the general
 * loop.  Match when every port it took has a use, else NoMatch.
 */
static int
tsv_run(struct lines *l, int withinput, int sys)
{
	const struct port_entry *e;
	size_t avail, k, used = 0;
	const char *p;
	long port;
	int status = Match;

	p = lines_peek(l, &avail);
	while (avail - used >= 8 && (port = num_port_nl(p + used, &k)) != -1) {
		if ((e = port_lookup(port)) != NULL)
			tab_record(withinput ? p + used : NULL, k, e->name,
			    e->namelen, NULL, 0);
		else if (sys)
			break;
		else {
			status = NoMatch;
			tab_record(withinput ? p + used : NULL, k, "", 0, NULL,
			    0);
		}
		used += k + 1;
	}
	lines_skip(l, used);
	return status;
}

static int
lookup(struct table *o, struct input *in, int withinput, int sys, int verbose,
    int quiet)
{
	static const char *head[] = { "PORT", "USE", "SOURCE" };
	const struct port_entry *e;
	const char *errstr, *name, *proto, *src;
	char *s;
	size_t n;
	long port;
	int r = 0, status = Match;
	/* Kept apart from *o, which every byte written might alias. */
	const int json = o->json, tsv = !o->human && !o->json;

	tab_header(o, head, verbose ? 3 : 2);
	while (!out_error()) {
		if (tsv && !verbose && !quiet && in->fd != -1 &&
		    tsv_run(&in->lines, withinput, sys) != Match)
			status = NoMatch;
		if ((r = input_next(in, &s, &n)) != 1)
			break;
		/* The fast path takes every port; num_parsen says why not. */
		errstr = NULL;
		if ((port = num_port(s, n)) == -1)
			port = (long)num_parsen(s, n, 1, 65535, &errstr);
		e = NULL;
		name = src = NULL;
		if (errstr != NULL) {
			if (!quiet && strcmp(errstr, "invalid") == 0)
				warn_input(s, n, "invalid port");
			else if (!quiet)
				warn_input(s, n, "port out of range 1-65535");
		} else if ((e = port_lookup(port)) != NULL)
			src = "table";
		else if (sys &&
		    (name = port_system(port, &proto)) != NULL)
			src = "system";
		if (e == NULL && name == NULL)
			status = NoMatch;
		if (quiet)
			continue;
		if (json) {
			if (e != NULL)
				json_input(o, s, n, port, e->name, e->namelen,
				    0, src, verbose);
			else
				json_input(o, s, n, errstr != NULL ? -1 : port,
				    name, name == NULL ? 0 : strlen(name), 1,
				    src, verbose);
			continue;
		}
		/* Digits and a table name: nothing to escape. */
		if (tsv && errstr == NULL && name == NULL) {
			tab_record(withinput ? s : NULL, n,
			    e == NULL ? "" : e->name, e == NULL ? 0 : e->namelen,
			    verbose ? (e == NULL ? "" : src) : NULL,
			    verbose && e != NULL ? 5 : 0);
			continue;
		}
		if (withinput || o->human)
			tab_field(o, s, n, errstr != NULL);
		if (e != NULL)
			tab_field(o, e->name, e->namelen, 0);
		else
			tab_str(o, name, 1);
		if (verbose)
			tab_str(o, src, 0);
		tab_end(o);
	}
	if (r == -1) {
		warn("stdin");
		return Error;
	}
	return status;
}

static int
reverse(struct table *o, const char *name, int withinput, int sys, int verbose)
{
	static const char *head[] = { "PORT", "USE", "SOURCE" };
	const struct port_entry *e;
	struct port_entry se;
	size_t i = 0;
	long ports[2];
	int k, n, found = 0;

	tab_header(o, head, verbose ? 3 : 2);
	while ((e = port_find_name(name, &i)) != NULL) {
		found = 1;
		if (o->json) {
			json_range(o, e->low, e->high, e->name, 0, "table",
			    verbose);
			continue;
		}
		if (withinput && !o->human)
			tab_str(o, name, 1);
		tab_range(o, e);
		if (o->human)
			tab_field(o, e->name, e->namelen, 0);
		if (verbose)
			tab_str(o, "table", 0);
		tab_end(o);
	}
	if (found || !sys)
		return found ? Match : NoMatch;
	n = port_system_byname(name, ports);
	for (k = 0; k < n; k++) {
		se.low = se.high = (uint16_t)ports[k];
		if (o->json) {
			json_range(o, ports[k], ports[k], name, 1, "system",
			    verbose);
			continue;
		}
		if (withinput && !o->human)
			tab_str(o, name, 1);
		tab_range(o, &se);
		if (o->human)
			tab_str(o, name, 1);
		if (verbose)
			tab_str(o, "system", 0);
		tab_end(o);
	}
	return n > 0 ? Match : NoMatch;
}

static int
list(struct table *o, int verbose)
{
	static const char *head[] = { "PORT", "USE", "SOURCE" };
	const struct port_entry *e;
	size_t i;

	tab_header(o, head, verbose ? 3 : 2);
	for (i = 0; (e = port_entry_at(i)) != NULL && !out_error(); i++) {
		if (o->json) {
			json_range(o, e->low, e->high, e->name, 0, "table",
			    verbose);
			continue;
		}
		tab_range(o, e);
		tab_field(o, e->name, e->namelen, 0);
		if (verbose)
			tab_str(o, "table", 0);
		tab_end(o);
	}
	return Match;
}

int
main(int argc, char **argv)
{
	static struct table o;
	struct input in;
	char *rname = NULL;
	int status, withinput, lflag = 0, sflag = 0, vflag = 0;
	struct poptOption opts[] = {
		{ "reverse", 'r', POPT_ARG_STRING, &rname, 0,
		    "print the ports whose use is NAME", "NAME" },
		{ "list", 'l', POPT_ARG_NONE, &lflag, 0,
		    "print the whole table", NULL },
		{ "system", 'S', POPT_ARG_NONE, &sflag, 0,
		    "fall back to the system services database", NULL },
		{ "verbose", 'v', POPT_ARG_NONE, &vflag, 0,
		    "say which source answered: table or system", NULL },
		CLI_INPUT_OPTIONS
		CLI_OPTIONS
		POPT_AUTOHELP
		POPT_TABLEEND
	};

	cli_init("portname", SYNOPSIS, CLI_TSV | CLI_HUMAN | CLI_JSON, argc,
	    argv, opts);
	/* What its tests have always seen. */
	cli.outname = "stdout";
	cli_parse();
	o.quiet = cli.quiet;
	o.human = cli.format == CLI_HUMAN;
	o.json = cli.format == CLI_JSON;
	if (lflag && rname != NULL)
		errx(Error, "-l and -r exclude each other");
	if ((lflag || rname != NULL) && cli.nargs > 0)
		errx(Error, "%s: -%c takes no operand", cli_quote(cli.args[0]),
		    lflag ? 'l' : 'r');

	withinput = cli_withinput();
	if (lflag)
		status = list(&o, vflag);
	else if (rname != NULL)
		status = reverse(&o, rname, cli.withinput == 1, sflag, vflag);
	else {
		input_init(&in, cli.nargs, (char **)cli.args, STDIN_FILENO);
		status = lookup(&o, &in, withinput, sflag, vflag, cli.quiet);
		input_free(&in);
	}
	tab_flush(&o);
	buf_free(&o.rows);
	buf_free(&o.esc);
	if (o.nomem) {
		warnx("out of memory");
		status = Error;
	}
	return cli_end(status);
}
