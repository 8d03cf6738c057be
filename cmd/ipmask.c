/*
 * ipmask: the mask for a bit count, the bit count for a mask, the range of
 * a CIDR block.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <err.h>
#include <popt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "buf.h"
#include "esc.h"
#include "input.h"
#include "mask.h"
#include "out.h"

#define USAGE	"[-4 | -6] [-C] [-q] [-H | -N] [--header] [-f tsv|human] " \
		"[INPUT...]"

enum { PASS, FAIL, ERROR };		/* exit statuses, as grep's */

static int	compress;

static const char *fields[] = {
	[MASK_BITS] = "mask",
	[MASK_MASK] = "bits",
	[MASK_CIDR] = "network\tmask\tfirst\tlast\tbroadcast\taddresses",
};

static const char *labels[] = {
	"Network", "Mask", "First", "Last", "Broadcast", "Addresses",
};

/* A mask as Stem writes it: IPv6 in full and upper case, unless -C. */
static void
fmt_mask(const struct addr *m, char *dst)
{
	char *p;

	if (m->family == AF_INET || compress) {
		addr_format(m, 0, dst);
		return;
	}
	addr_format(m, 1, dst);
	for (p = dst; *p != '\0'; p++)
		*p = (char)toupper((unsigned char)*p);
}

/* The fields of a block's record; an empty broadcast when it has none. */
static void
block_fields(const struct cidr *c, char f[6][ADDR_FMTLEN + 8])
{
	struct range r;
	size_t len;

	mask_range(c, &r);
	len = addr_format(&r.network, 0, f[0]);
	snprintf(f[0] + len, ADDR_FMTLEN + 8 - len, "/%d", r.bits);
	fmt_mask(&r.mask, f[1]);
	addr_format(&r.first, 0, f[2]);
	addr_format(&r.last, 0, f[3]);
	f[4][0] = '\0';
	if (r.has_broadcast)
		addr_format(&r.broadcast, 0, f[4]);
	mask_count(r.hostbits, f[5]);
}

static void
print_tsv(const char *in, int kind, const struct cidr *c)
{
	char f[6][ADDR_FMTLEN + 8];
	int i;

	if (in != NULL)
		printf("%s\t", in);
	switch (kind) {
	case MASK_BITS:
		fmt_mask(&c->addr, f[0]);
		puts(f[0]);
		break;
	case MASK_MASK:
		printf("%d\n", c->bits);
		break;
	case MASK_CIDR:
		block_fields(c, f);
		for (i = 0; i < 6; i++)
			printf("%s%c", f[i], i < 5 ? '\t' : '\n');
		break;
	default:
		putchar('\n');
	}
}

static void
print_human(const char *in, int kind, const struct cidr *c, int first)
{
	char f[6][ADDR_FMTLEN + 8];
	int i;

	switch (kind) {
	case MASK_BITS:
		fmt_mask(&c->addr, f[0]);
		printf("%s: mask %s\n", in, f[0]);
		break;
	case MASK_MASK:
		printf("%s: %d bits\n", in, c->bits);
		break;
	case MASK_CIDR:
		block_fields(c, f);
		printf("%s%s:\n", first ? "" : "\n", in);
		for (i = 0; i < 6; i++)
			if (f[i][0] != '\0')
				printf("  %-10s %s\n", labels[i], f[i]);
		break;
	}
}

int
main(int argc, char *argv[])
{
	int o4 = 0, o6 = 0, quiet = 0, header = 0, withinput = -1;
	int version = 0, status = PASS, human = 0, family, kind, first = 1;
	int r, c;
	char *format = NULL, *s;
	const char **args, *why, *in;
	struct poptOption opts[] = {
		{ "ipv4", '4', POPT_ARG_NONE, &o4, 0,
		    "bit counts, masks and blocks are IPv4 (the default for "
		    "a bit count)", NULL },
		{ "ipv6", '6', POPT_ARG_NONE, &o6, 0,
		    "bit counts, masks and blocks are IPv6", NULL },
		{ "compress", 'C', POPT_ARG_NONE, &compress, 0,
		    "write IPv6 masks in the RFC 5952 form", NULL },
		{ "quiet", 'q', POPT_ARG_NONE, &quiet, 0,
		    "print nothing; the exit status tells", NULL },
		{ "with-input", 'H', POPT_ARG_VAL, &withinput, 1,
		    "print INPUT<TAB>RESULT even for one operand", NULL },
		{ "no-input", 'N', POPT_ARG_VAL, &withinput, 0,
		    "print the result alone even for many inputs", NULL },
		{ "header", '\0', POPT_ARG_NONE, &header, 0,
		    "name the fields in a first line", NULL },
		{ "format", 'f', POPT_ARG_STRING, &format, 0,
		    "tab-separated (tsv, the default) or labelled (human)",
		    "tsv|human" },
		{ "version", '\0', POPT_ARG_NONE, &version, 0,
		    "print the version and exit", NULL },
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	poptContext pc;
	struct input ins;
	struct cidr blk;
	struct buf eb = { NULL, 0, 0 };
	size_t n;

	pc = poptGetContext("ipmask", argc, (const char **)argv, opts, 0);
	poptSetOtherOptionHelp(pc, USAGE);
	while ((c = poptGetNextOpt(pc)) > 0)
		;
	if (c < -1)
		errx(ERROR, "%s: %s", poptBadOption(pc, POPT_BADOPTION_NOALIAS),
		    poptStrerror(c));
	if (version) {
		poptFreeContext(pc);
		printf("ipmask %s\n", VERSION);
		return out_close(stdout) == -1 ? ERROR : PASS;
	}
	if (o4 && o6)
		errx(ERROR, "only one of -4 and -6");
	family = o4 ? AF_INET : o6 ? AF_INET6 : AF_UNSPEC;
	if (format != NULL && strcmp(format, "human") == 0)
		human = 1;
	else if (format != NULL && strcmp(format, "tsv") != 0)
		errx(ERROR, "%s: unknown format, use tsv or human", format);

	args = poptGetArgs(pc);
	for (n = 0; args != NULL && args[n] != NULL; n++)
		;
	if (withinput == -1)
		withinput = n != 1;
	input_init(&ins, (int)n, (char **)args, STDIN_FILENO);

	while (!ferror(stdout) && (r = input_next(&ins, &s, &n)) == 1) {
		buf_reset(&eb);
		if (esc_tsv(&eb, s, n) == -1)
			err(ERROR, NULL);
		in = eb.data;
		if ((kind = mask_parse(s, n, family, &blk, &why)) == -1) {
			status = FAIL;
			if (!quiet)
				warnx("%s: %s", in, why);
		}
		if (quiet)
			continue;
		if (human) {
			print_human(in, kind, &blk, first);
		} else {
			if (header && first)
				printf("%s%s\n", withinput ? "input\t" : "",
				    kind == -1 ? "result" : fields[kind]);
			print_tsv(withinput ? in : NULL, kind, &blk);
		}
		first = 0;
	}
	if (r == -1) {
		warn("standard input");
		status = ERROR;
	}
	input_free(&ins);
	buf_free(&eb);
	poptFreeContext(pc);
	free(format);
	if ((r = out_close(stdout)) == 1)
		return status;
	if (r == -1) {
		warn("standard output");
		return ERROR;
	}
	return status;
}
