#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <popt.h>

#include "buf.h"
#include "cli.h"
#include "esc.h"
#include "out.h"

/* popt returns this for a string option, so that a repeat is seen. */
#define STRVAL		0x5354
#define MAXSLOTS	32

struct cli	cli = { 0, -1, 0, NULL, 0, "standard output", NULL };

static int	 version, usage;
static char	*format;
static char	 formathelp[64], formatarg[40], formatlist[40];

struct poptOption cli_options[] = {
	{ "quiet", 'q', POPT_ARG_NONE, &cli.quiet, 0,
	    "print nothing; the exit status tells", NULL },
	{ "format", 'f', POPT_ARG_STRING, &format, 0,
	    formathelp, formatarg },
	{ "version", '\0', POPT_ARG_NONE, &version, 0,
	    "print the version and exit", NULL },
	/* Ours, not popt's, so that --usage is the man page SYNOPSIS. */
	{ "usage", '\0', POPT_ARG_NONE | POPT_ARGFLAG_DOC_HIDDEN, &usage, 0,
	    "print the synopsis and exit", NULL },
	POPT_TABLEEND
};

struct poptOption cli_input_options[] = {
	{ "with-input", 'H', POPT_ARG_VAL, &cli.withinput, 1,
	    "print INPUT<TAB>RESULT even for one operand", NULL },
	{ "no-input", 'N', POPT_ARG_VAL, &cli.withinput, 0,
	    "print the result alone even for many inputs", NULL },
	POPT_TABLEEND
};

static const char *prog, *synopsis;
static int	 formats;
static poptContext pc;
static struct buf quoted;

/* The string options: where popt stores one, and the copy we hold. */
static struct slot {
	void	*arg;
	void	*held;
	int	 argv;		/* POPT_ARG_ARGV: an array of copies */
} slots[MAXSLOTS];
static size_t	nslots;

static const char *formatname[] = { "tsv", "human", "json", "prometheus" };
#define NFORMATS	(sizeof(formatname) / sizeof(formatname[0]))

static void
findslots(struct poptOption *o)
{
	unsigned type;

	for (; o->longName != NULL || o->shortName != '\0' || o->arg != NULL;
	    o++) {
		type = o->argInfo & POPT_ARG_MASK;
		if (type == POPT_ARG_INCLUDE_TABLE && o->arg != NULL)
			findslots(o->arg);
		if ((type != POPT_ARG_STRING && type != POPT_ARG_ARGV) ||
		    o->arg == NULL)
			continue;
		if (nslots == MAXSLOTS)
			errx(CLI_ERROR, "too many string options");
		/* popt only comes back to us for an option with a val. */
		if (type == POPT_ARG_STRING && o->val == 0)
			o->val = STRVAL;
		slots[nslots].arg = o->arg;
		slots[nslots].held = NULL;
		slots[nslots++].argv = type == POPT_ARG_ARGV;
	}
}

void
cli_init(const char *name, const char *syn, int fmts, int argc,
    char *argv[], struct poptOption *opts)
{
	size_t i, n = 0, m = 0, k = 0, total = 0;

	prog = name;
	synopsis = syn;
	formats = fmts;
	/* "tsv, human or json" for the message, "tsv|human|json" for -f. */
	for (i = 0; i < NFORMATS; i++)
		total += (fmts & (1 << i)) != 0;
	for (i = 0; i < NFORMATS; i++) {
		if ((fmts & (1 << i)) == 0)
			continue;
		n += (size_t)snprintf(formatlist + n, sizeof(formatlist) - n,
		    "%s%s", k == 0 ? "" : k + 1 == total ? " or " : ", ",
		    formatname[i]);
		m += (size_t)snprintf(formatarg + m, sizeof(formatarg) - m,
		    "%s%s", k == 0 ? "" : "|", formatname[i]);
		k++;
	}
	snprintf(formathelp, sizeof(formathelp), "output format: %s",
	    formatlist);
	findslots(opts);
	pc = poptGetContext(prog, argc, (const char **)argv, opts, 0);
	poptSetOtherOptionHelp(pc, synopsis);
}

/* A string option came again: free the value it replaced. */
static void
freereplaced(void)
{
	size_t i;
	char **p;

	for (i = 0; i < nslots; i++) {
		if (slots[i].argv)
			continue;
		p = slots[i].arg;
		if (*p != slots[i].held) {
			free(slots[i].held);
			slots[i].held = *p;
		}
	}
}

/* The vals of the options met that have one (an optional argument's
 * option, given without it, is told apart from one not given). */
static unsigned char seen[256];

int
cli_seen(int val)
{
	return val > 0 && val < 256 && seen[val];
}

void
cli_parse(void)
{
	size_t i;
	int c;

	while ((c = poptGetNextOpt(pc)) > 0) {
		if (c < 256)
			seen[c] = 1;
		freereplaced();
	}
	freereplaced();
	if (c < -1)
		errx(CLI_ERROR, "%s: %s",
		    poptBadOption(pc, POPT_BADOPTION_NOALIAS),
		    poptStrerror(c));
	if (usage || version) {
		if (usage) {
			out_puts("Usage: ");
			out_puts(prog);
			out_putc(' ');
			out_puts(synopsis);
		} else {
			out_puts(prog);
			out_puts(" " VERSION);
			if (cli.about != NULL) {
				out_puts(" (");
				out_puts(cli.about);
				out_putc(')');
			}
		}
		out_putc('\n');
		exit(cli_end(0));
	}
	if (format != NULL) {
		for (i = 0; i < NFORMATS; i++)
			if ((formats & (1 << i)) &&
			    strcmp(format, formatname[i]) == 0)
				cli.format = 1 << i;
		if (cli.format == 0)
			errx(CLI_ERROR, "%s: unknown format, use %s",
			    cli_quote(format), formatlist);
	}
	cli.args = poptGetArgs(pc);
	for (cli.nargs = 0; cli.args != NULL && cli.args[cli.nargs] != NULL;
	    cli.nargs++)
		;
}

int
cli_withinput(void)
{
	return cli.withinput == -1 ? cli.nargs != 1 : cli.withinput;
}

const char *
cli_quoten(const char *s, size_t n)
{
	buf_reset(&quoted);
	if (esc_tsv(&quoted, s, n) == -1)
		err(CLI_ERROR, NULL);
	return quoted.data;
}

const char *
cli_quote(const char *s)
{
	return cli_quoten(s, strlen(s));
}

int
cli_end(int status)
{
	size_t i;
	char **v;
	int r, saved;

	r = out_close(stdout);
	saved = errno;
	for (i = 0; i < nslots; i++) {
		if (slots[i].argv) {
			v = *(char ***)slots[i].arg;
			while (v != NULL && *v != NULL)
				free(*v++);
			free(*(char ***)slots[i].arg);
			*(char ***)slots[i].arg = NULL;
		} else {
			free(*(char **)slots[i].arg);
			*(char **)slots[i].arg = NULL;
		}
	}
	nslots = 0;
	buf_free(&quoted);
	if (pc != NULL)
		pc = poptFreeContext(pc);
	/* A reader that went away is no news, but not a success either. */
	if (r == 1)
		return CLI_ERROR;
	if (r == -1) {
		errno = saved;
		warn("%s", cli.outname);
		return CLI_ERROR;
	}
	return status;
}
