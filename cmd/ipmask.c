/*
 * ipmask: the mask for a bit count, the bit count for a mask, the range of
 * a CIDR block.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <unistd.h>

#include "addr.h"
#include "cli.h"
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

/* Indented and padded to one width, as the fields line up under them. */
static const char *labels[] = {
	"  Network    ", "  Mask       ", "  First      ", "  Last       ",
	"  Broadcast  ", "  Addresses  ",
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
put_bits(int bits, int end)
{
	char n[8];

	out_put(n, (size_t)snprintf(n, sizeof(n), "%d", bits));
	out_putc(end);
}

static void
print_tsv(const char *in, int kind, const struct cidr *c)
{
	char f[6][ADDR_FMTLEN + 8];
	int i;

	if (in != NULL) {
		out_puts(in);
		out_putc('\t');
	}
	switch (kind) {
	case MASK_BITS:
		fmt_mask(&c->addr, f[0]);
		out_puts(f[0]);
		out_putc('\n');
		break;
	case MASK_MASK:
		put_bits(c->bits, '\n');
		break;
	case MASK_CIDR:
		block_fields(c, f);
		for (i = 0; i < 6; i++) {
			out_puts(f[i]);
			out_putc(i < 5 ? '\t' : '\n');
		}
		break;
	default:
		out_putc('\n');
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
		out_puts(in);
		out_puts(": mask ");
		out_puts(f[0]);
		out_putc('\n');
		break;
	case MASK_MASK:
		out_puts(in);
		out_puts(": ");
		put_bits(c->bits, ' ');
		out_puts("bits\n");
		break;
	case MASK_CIDR:
		block_fields(c, f);
		out_puts(first ? "" : "\n");
		out_puts(in);
		out_puts(":\n");
		for (i = 0; i < 6; i++)
			if (f[i][0] != '\0') {
				out_puts(labels[i]);
				out_puts(f[i]);
				out_putc('\n');
			}
		break;
	}
}

int
main(int argc, char *argv[])
{
	int o4 = 0, o6 = 0, header = 0, withinput, status = PASS;
	int family, kind, first = 1, r = 0;
	char *s;
	const char *why, *in;
	struct poptOption opts[] = {
		{ "ipv4", '4', POPT_ARG_NONE, &o4, 0,
		    "bit counts, masks and blocks are IPv4 (the default for "
		    "a bit count)", NULL },
		{ "ipv6", '6', POPT_ARG_NONE, &o6, 0,
		    "bit counts, masks and blocks are IPv6", NULL },
		{ "compress", 'C', POPT_ARG_NONE, &compress, 0,
		    "write IPv6 masks in the RFC 5952 form", NULL },
		{ "header", '\0', POPT_ARG_NONE, &header, 0,
		    "name the fields in a first line", NULL },
		CLI_INPUT_OPTIONS
		CLI_OPTIONS
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	struct input ins;
	struct cidr blk;
	size_t n;

	cli_init("ipmask", USAGE, CLI_TSV | CLI_HUMAN, argc, argv, opts);
	cli_parse();
	if (o4 && o6)
		errx(ERROR, "only one of -4 and -6");
	family = o4 ? AF_INET : o6 ? AF_INET6 : AF_UNSPEC;
	withinput = cli_withinput();

	input_init(&ins, cli.nargs, (char **)cli.args, STDIN_FILENO);
	while (!out_error() && (r = input_next(&ins, &s, &n)) == 1) {
		in = cli_quoten(s, n);
		if ((kind = mask_parse(s, n, family, &blk, &why)) == -1) {
			status = FAIL;
			if (!cli.quiet) {
				out_flush();
				warnx("%s: %s", in, why);
			}
		}
		if (cli.quiet)
			continue;
		if (cli.format == CLI_HUMAN) {
			print_human(in, kind, &blk, first);
		} else {
			if (header && first) {
				out_puts(withinput ? "input\t" : "");
				out_puts(kind == -1 ? "result" : fields[kind]);
				out_putc('\n');
			}
			print_tsv(withinput ? in : NULL, kind, &blk);
		}
		first = 0;
	}
	if (r == -1) {
		warn("standard input");
		status = ERROR;
	}
	input_free(&ins);
	return cli_end(status);
}
