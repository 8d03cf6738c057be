/*
 * portname: the common use of a port, from a table compiled in, with the
 * system services database as an optional fallback.
 */
#include <err.h>
#include <errno.h>
#include <popt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "esc.h"
#include "input.h"
#include "num.h"
#include "out.h"
#include "port.h"

#define SYNOPSIS	"[-lqSv] [-H | -N] [-f FORMAT] [-r NAME] [INPUT ...]"

enum { Match, NoMatch, Error };
enum { FormAuto, FormWith, FormWithout };

/*
 * Records go out through one of two paths: tab-separated, copied into a
 * block that is written whole when full (a million short records cost a
 * hundred write(2) calls and no allocation), or for -f human kept until the
 * end, when the column widths are known.
 */
struct out {
	char		 data[1 << 16];
	size_t		 len;
	struct buf	 rows;		/* -f human: NUL-ended fields */
	struct buf	 esc;		/* a field being escaped */
	int		 human;
	int		 quiet;
	int		 failed;	/* errno of a failed write */
	int		 nomem;
	size_t		 col;		/* fields so far in a record */
	size_t		 ncol;
	size_t		 nrows;		/* records, header aside */
	size_t		 width[3];
};

static void
out_write(struct out *o)
{
	if (o->len > 0 && fwrite(o->data, 1, o->len, stdout) != o->len)
		o->failed = errno != 0 ? errno : EIO;
	o->len = 0;
}

/* Short fields are the common case: a loop beats a call to memcpy. */
static void
out_put(struct out *o, const char *s, size_t n)
{
	char *d;

	if (n > sizeof(o->data) - o->len) {
		out_write(o);
		if (n > sizeof(o->data)) {
			if (fwrite(s, 1, n, stdout) != n)
				o->failed = errno != 0 ? errno : EIO;
			return;
		}
	}
	d = o->data + o->len;
	o->len += n;
	if (n > 16)
		memcpy(d, s, n);
	else
		while (n-- > 0)
			*d++ = *s++;
}

static void
out_putc(struct out *o, char c)
{
	if (o->len == sizeof(o->data))
		out_write(o);
	o->data[o->len++] = c;
}

/*
 * A whole tab-separated record of fields that need no escaping, the shape
 * of almost every lookup: one bounds check, then bytes.
 */
static void
out_record(struct out *o, const char *in, size_t inlen, const char *res,
    size_t reslen, const char *src)
{
	size_t srclen = src == NULL ? 0 : strlen(src);
	char *d;

	if (inlen + reslen + srclen + 3 > sizeof(o->data) - o->len)
		out_write(o);
	d = o->data + o->len;
	if (in != NULL) {
		while (inlen-- > 0)
			*d++ = *in++;
		*d++ = '\t';
	}
	while (reslen-- > 0)
		*d++ = *res++;
	if (src != NULL) {
		*d++ = '\t';
		while (srclen-- > 0)
			*d++ = *src++;
	}
	*d++ = '\n';
	o->len = (size_t)(d - o->data);
}

static void
out_field(struct out *o, const char *s, size_t n, int escape)
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
			out_putc(o, '\t');
		if (escape && esc_needed(s, n)) {
			buf_reset(&o->esc);
			o->nomem |= esc_tsv(&o->esc, s, n);
			out_put(o, o->esc.data, o->esc.len);
		} else
			out_put(o, s, n);
	}
	o->col++;
}

static void
out_str(struct out *o, const char *s, int escape)
{
	out_field(o, s, s == NULL ? 0 : strlen(s), escape);
}

static void
out_end(struct out *o)
{
	o->col = 0;
	o->nrows++;
	if (!o->quiet && !o->human)
		out_putc(o, '\n');
}

/* A port or a range as PORT or LOW-HIGH. */
static void
out_range(struct out *o, const struct port_entry *e)
{
	char s[16];
	int n;

	if (e->low == e->high)
		n = snprintf(s, sizeof(s), "%u", (unsigned)e->low);
	else
		n = snprintf(s, sizeof(s), "%u-%u", (unsigned)e->low,
		    (unsigned)e->high);
	out_field(o, s, (size_t)n, 0);
}

static void
out_header(struct out *o, const char **names, size_t n)
{
	size_t i;

	o->ncol = n;
	if (!o->human)
		return;
	for (i = 0; i < n; i++)
		out_str(o, names[i], 0);
	o->col = 0;
}

/* Writes what is pending: for -f human the aligned table. */
static void
out_flush(struct out *o)
{
	const char *p, *end;
	size_t i, n;

	if (o->quiet)
		return;
	if (!o->human) {
		out_write(o);
		return;
	}
	/* No record, no header: nothing found prints nothing. */
	if (o->nrows == 0)
		return;
	p = o->rows.data;
	end = p + o->rows.len;
	for (i = 0; p < end; i = (i + 1) % o->ncol) {
		n = strlen(p);
		fputs(p, stdout);
		if (i + 1 < o->ncol)
			printf("%*s", (int)(o->width[i] - n + 2), "");
		else if (putchar('\n') == EOF) {
			o->failed = errno != 0 ? errno : EIO;
			return;
		}
		p += n + 1;
	}
}

static void
warn_input(const char *s, size_t n, const char *why)
{
	struct buf b = { NULL, 0, 0 };

	if (n == 0)
		warnx("empty input: %s", why);
	else if (esc_tsv(&b, s, n) == 0)
		warnx("%s: %s", b.data, why);
	else
		warnx("%s", why);
	buf_free(&b);
}

static int
lookup(struct out *o, struct input *in, int withinput, int sys, int verbose,
    int quiet)
{
	static const char *head[] = { "PORT", "USE", "SOURCE" };
	const struct port_entry *e;
	const char *errstr, *name, *proto, *src;
	char *s;
	size_t n;
	long port;
	int r, status = Match;

	out_header(o, head, verbose ? 3 : 2);
	while ((r = input_next(in, &s, &n)) == 1 && !o->failed) {
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
		/* Digits and a table name: nothing to escape. */
		if (!o->human && errstr == NULL && name == NULL) {
			if (e == NULL)
				out_record(o, withinput ? s : NULL, n, "", 0,
				    verbose ? "" : NULL);
			else
				out_record(o, withinput ? s : NULL, n, e->name,
				    e->namelen, verbose ? src : NULL);
			continue;
		}
		if (withinput || o->human)
			out_field(o, s, n, errstr != NULL);
		if (e != NULL)
			out_field(o, e->name, e->namelen, 0);
		else
			out_str(o, name, 1);
		if (verbose)
			out_str(o, src, 0);
		out_end(o);
	}
	if (r == -1) {
		warn("stdin");
		return Error;
	}
	return status;
}

static int
reverse(struct out *o, const char *name, int withinput, int sys, int verbose)
{
	static const char *head[] = { "PORT", "USE", "SOURCE" };
	const struct port_entry *e;
	struct port_entry se;
	size_t i = 0;
	long ports[2];
	int k, n, found = 0;

	out_header(o, head, verbose ? 3 : 2);
	while ((e = port_find_name(name, &i)) != NULL) {
		found = 1;
		if (withinput && !o->human)
			out_str(o, name, 1);
		out_range(o, e);
		if (o->human)
			out_field(o, e->name, e->namelen, 0);
		if (verbose)
			out_str(o, "table", 0);
		out_end(o);
	}
	if (found || !sys)
		return found ? Match : NoMatch;
	n = port_system_byname(name, ports);
	for (k = 0; k < n; k++) {
		se.low = se.high = (uint16_t)ports[k];
		if (withinput && !o->human)
			out_str(o, name, 1);
		out_range(o, &se);
		if (o->human)
			out_str(o, name, 1);
		if (verbose)
			out_str(o, "system", 0);
		out_end(o);
	}
	return n > 0 ? Match : NoMatch;
}

static int
list(struct out *o, int verbose)
{
	static const char *head[] = { "PORT", "USE", "SOURCE" };
	const struct port_entry *e;
	size_t i;

	out_header(o, head, verbose ? 3 : 2);
	for (i = 0; (e = port_entry_at(i)) != NULL && !o->failed; i++) {
		out_range(o, e);
		out_field(o, e->name, e->namelen, 0);
		if (verbose)
			out_str(o, "table", 0);
		out_end(o);
	}
	return Match;
}

int
main(int argc, char **argv)
{
	static struct out o;
	poptContext pc;
	struct input in;
	char *rname = NULL, *format = NULL;
	const char **args;
	int c, nargs, status, withinput;
	int lflag = 0, qflag = 0, sflag = 0, vflag = 0, version = 0, usage = 0;
	int form = FormAuto;
	struct poptOption opts[] = {
		{ "reverse", 'r', POPT_ARG_STRING, NULL, 'r',
		    "print the ports whose use is NAME", "NAME" },
		{ "list", 'l', POPT_ARG_NONE, &lflag, 0,
		    "print the whole table", NULL },
		{ "system", 'S', POPT_ARG_NONE, &sflag, 0,
		    "fall back to the system services database", NULL },
		{ "verbose", 'v', POPT_ARG_NONE, &vflag, 0,
		    "say which source answered: table or system", NULL },
		{ "with-input", 'H', POPT_ARG_VAL, &form, FormWith,
		    "print INPUT<TAB>RESULT even for one operand", NULL },
		{ "no-input", 'N', POPT_ARG_VAL, &form, FormWithout,
		    "print the result alone even for many inputs", NULL },
		{ "format", 'f', POPT_ARG_STRING, NULL, 'f',
		    "output format: tsv (default) or human", "FORMAT" },
		{ "quiet", 'q', POPT_ARG_NONE, &qflag, 0,
		    "print nothing; the exit status tells", NULL },
		{ "version", '\0', POPT_ARG_NONE, &version, 0,
		    "print the version and exit", NULL },
		{ "usage", '\0', POPT_ARG_NONE | POPT_ARGFLAG_DOC_HIDDEN,
		    &usage, 0,
		    "print the synopsis and exit", NULL },
		POPT_AUTOHELP
		POPT_TABLEEND
	};

	pc = poptGetContext("portname", argc, (const char **)argv, opts, 0);
	poptSetOtherOptionHelp(pc, SYNOPSIS);
	/* Strings are taken here so that a repeated option frees the last. */
	while ((c = poptGetNextOpt(pc)) > 0) {
		if (c == 'r') {
			free(rname);
			rname = poptGetOptArg(pc);
		} else if (c == 'f') {
			free(format);
			format = poptGetOptArg(pc);
		}
	}
	if (c < -1)
		errx(Error, "%s: %s", poptBadOption(pc, POPT_BADOPTION_NOALIAS),
		    poptStrerror(c));
	/* Ours, not popt's, so that --usage is the man page SYNOPSIS. */
	if (usage || version) {
		if (usage)
			printf("Usage: portname %s\n", SYNOPSIS);
		else
			puts("portname " VERSION);
		free(rname);
		free(format);
		poptFreeContext(pc);
		if (out_close(stdout) == -1)
			err(Error, "stdout");
		return Match;
	}
	args = poptGetArgs(pc);
	for (nargs = 0; args != NULL && args[nargs] != NULL; nargs++)
		;

	o.quiet = qflag;
	if (format != NULL && strcmp(format, "human") == 0)
		o.human = 1;
	else if (format != NULL && strcmp(format, "tsv") != 0)
		errx(Error, "%s: unknown format, use tsv or human", format);
	if (lflag && rname != NULL)
		errx(Error, "-l and -r exclude each other");
	if ((lflag || rname != NULL) && nargs > 0)
		errx(Error, "%s: -%c takes no operand", args[0],
		    lflag ? 'l' : 'r');

	withinput = form == FormWith || (form == FormAuto && nargs != 1);
	if (lflag)
		status = list(&o, vflag);
	else if (rname != NULL)
		status = reverse(&o, rname, form == FormWith, sflag, vflag);
	else {
		input_init(&in, nargs, (char **)args, STDIN_FILENO);
		status = lookup(&o, &in, withinput, sflag, vflag, qflag);
		input_free(&in);
	}
	out_flush(&o);
	buf_free(&o.rows);
	buf_free(&o.esc);
	if (o.nomem) {
		warnx("out of memory");
		status = Error;
	}
	/* popt hands over copies of option arguments. */
	free(rname);
	free(format);
	poptFreeContext(pc);
	/* A reader that went away is no news; another write error is. */
	c = out_close(stdout);
	if (c == 1 || o.failed == EPIPE)
		return Error;
	if (c == -1 || o.failed != 0) {
		if (o.failed != 0)
			errno = o.failed;
		warn("stdout");
		return Error;
	}
	return status;
}
