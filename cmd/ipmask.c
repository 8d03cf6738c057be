/*
 * ipmask: the mask for a bit count, the bit count for a mask, the range of
 * a CIDR block; networks as sets (lib/netset): ranges, --split,
 * --aggregate, --exclude, --hosts, --reverse.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <err.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "buf.h"
#include "cli.h"
#include "esc.h"
#include "input.h"
#include "mask.h"
#include "netset.h"
#include "num.h"
#include "out.h"

#define USAGE	"[-4 | -6] [-C] [-q] [-H | -N] [--header] " \
		"[-f tsv|human|json] [--split=BITS | --aggregate | " \
		"--exclude=BLOCK | --hosts | --reverse] [INPUT...]"

enum { PASS, FAIL, ERROR };		/* exit statuses, as grep's */

/* What is asked of each input: its record, or one of the set modes. */
enum mode { PLAIN, SPLIT, AGGREGATE, EXCLUDE, HOSTS, REVERSE };

static int	compress, withinput, header, family, mode, splitbits;
static struct cidr exclude;
static struct buf jin;		/* -f json: the input as a JSON string */

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

/* A JSON member: ,"name": and the value, quoted or not. */
static void
put_member(const char *name, const char *val, int quote)
{
	out_puts(",\"");
	out_puts(name);
	out_puts("\":");
	if (val == NULL) {
		out_puts("null");
		return;
	}
	if (quote)
		out_putc('"');
	out_puts(val);
	if (quote)
		out_putc('"');
}

/* The record of a bit count, a mask or a block as one JSON object; a
 * failing input (kind -1) with its error. */
static void
print_json(int kind, const struct cidr *c, const char *why)
{
	char f[6][ADDR_FMTLEN + 8], n[8];

	out_puts("{\"input\":");
	out_put(jin.data, jin.len);
	if (kind != -1)
		snprintf(n, sizeof(n), "%d", c->bits);
	switch (kind) {
	case MASK_BITS:
	case MASK_MASK:
		fmt_mask(&c->addr, f[1]);
		put_member("mask", f[1], 1);
		put_member("bits", n, 0);
		break;
	case MASK_CIDR:
		block_fields(c, f);
		put_member("network", f[0], 1);
		put_member("mask", f[1], 1);
		put_member("bits", n, 0);
		put_member("first", f[2], 1);
		put_member("last", f[3], 1);
		put_member("broadcast", f[4][0] != '\0' ? f[4] : NULL, 1);
		put_member("size", f[5], 0);
		break;
	default:
		put_member("error", why, 1);
	}
	out_puts("}\n");
}

/*
 * One line of a set mode's result, under the member name in JSON: with
 * the input before it (in) unless -N, or never (NULL, for --aggregate).
 */
static void
put_line(const char *in, const char *name, const char *val, size_t n)
{
	if (cli.format == CLI_JSON) {
		out_putc('{');
		if (in != NULL) {
			out_puts("\"input\":");
			out_put(jin.data, jin.len);
			out_putc(',');
		}
		out_putc('"');
		out_puts(name);
		out_puts("\":\"");
		out_put(val, n);
		out_puts("\"}\n");
		return;
	}
	if (in != NULL && (withinput || cli.format == CLI_HUMAN)) {
		out_puts(in);
		out_puts(cli.format == CLI_HUMAN ? ": " : "\t");
	}
	out_put(val, n);
	out_putc('\n');
}

/* A failing input: its message, and an empty result (tsv) or its object
 * with the error (json). */
static int
fail(const char *in, const char *why)
{
	if (cli.quiet)
		return FAIL;
	out_flush();
	warnx("%s: %s", in, why);
	if (cli.format == CLI_JSON)
		print_json(-1, NULL, why);
	else if (cli.format != CLI_HUMAN) {
		if (withinput) {
			out_puts(in);
			out_putc('\t');
		}
		out_putc('\n');
	}
	return FAIL;
}

/* Every block of a walk as a line: NETWORK/BITS, or bare addresses. */
static void
put_walk(const char *in, struct netset_walk *w, int bare)
{
	struct cidr c;
	char line[ADDR_FMTLEN + 8];
	size_t len;

	while (!out_error() && netset_next(w, &c)) {
		len = addr_format(&c.addr, 0, line);
		if (!bare)
			len += (size_t)snprintf(line + len, sizeof(line) - len,
			    "/%d", c.bits);
		put_line(in, bare ? "address" : "network", line, len);
	}
}

static void
put_header(const char *name, int first)
{
	if (!header || !first || cli.quiet || cli.format == CLI_HUMAN ||
	    cli.format == CLI_JSON)
		return;
	out_puts(withinput && mode != AGGREGATE ? "input\t" : "");
	out_puts(name);
	out_putc('\n');
}

/* A range, or an input of a set mode other than --aggregate. */
static int
answer_set(const char *s, size_t n, const char *in, int first)
{
	struct netset_walk w;
	struct span sp[2];
	struct cidr c;
	const char *why;
	char name[NETSET_REVLEN];
	size_t len;
	int i, nsp;

	put_header(mode == HOSTS ? "address" : mode == REVERSE ? "name" :
	    "network", first);
	if (mode == PLAIN) {
		if (netset_parse_range(s, n, family, &sp[0], &why) == -1)
			return fail(in, why);
		if (!cli.quiet) {
			netset_walk(&w, &sp[0], -1);
			put_walk(in, &w, 0);
		}
		return PASS;
	}
	if (netset_parse_block(s, n, family, &c, &why) == -1)
		return fail(in, why);
	switch (mode) {
	case SPLIT:
		if (netset_split(&c, splitbits, &w, &why) == -1)
			return fail(in, why);
		if (!cli.quiet)
			put_walk(in, &w, 0);
		break;
	case EXCLUDE:
		nsp = netset_exclude(&c, &exclude, sp);
		for (i = 0; i < nsp && !cli.quiet; i++) {
			netset_walk(&w, &sp[i], -1);
			put_walk(in, &w, 0);
		}
		break;
	case HOSTS:
		netset_hosts(&c, &w);
		if (!cli.quiet)
			put_walk(in, &w, 1);
		break;
	case REVERSE:
		if ((len = netset_reverse(&c, name, &why)) == 0)
			return fail(in, why);
		if (!cli.quiet)
			put_line(in, "name", name, len);
		break;
	}
	return PASS;
}

/* --aggregate: an input into the set. */
static int
collect(struct netset *set, const char *s, size_t n, const char *in)
{
	struct span sp;
	struct cidr c;
	const char *why;

	if (netset_is_range(s, n)) {
		if (netset_parse_range(s, n, family, &sp, &why) == -1)
			goto bad;
	} else if (netset_parse_block(s, n, family, &c, &why) == -1)
		goto bad;
	else
		netset_span(&c, &sp);
	if (!cli.quiet && netset_add(set, &sp) == -1)
		err(ERROR, NULL);
	return PASS;
bad:
	if (!cli.quiet) {
		out_flush();
		warnx("%s: %s", in, why);
	}
	return FAIL;
}

/* --aggregate: the set's blocks, once every input is in. */
static void
put_aggregate(struct netset *set)
{
	struct netset_walk w;
	size_t i;

	netset_aggregate(set);
	if (set->n > 0)
		put_header("network", 1);
	for (i = 0; i < set->n && !out_error(); i++) {
		netset_walk(&w, &set->v[i], -1);
		put_walk(NULL, &w, 0);
	}
}

/* The options of the set modes, checked; usage errors end the program. */
static void
set_modes(int split, int aggregate, int hosts, int reverse,
    const char *splitarg, const char *excludearg)
{
	const char *why;
	long long v;

	if ((split != 0) + aggregate + (excludearg != NULL) + hosts +
	    reverse > 1)
		errx(ERROR, "only one of --split, --aggregate, --exclude, "
		    "--hosts and --reverse");
	mode = split ? SPLIT : aggregate ? AGGREGATE : excludearg ? EXCLUDE :
	    hosts ? HOSTS : reverse ? REVERSE : PLAIN;
	if (splitarg != NULL) {
		v = num_parse(splitarg, 0, INT_MAX, &why);
		if (why != NULL && strcmp(why, "invalid") == 0)
			errx(ERROR, "--split: %s: invalid prefix length",
			    cli_quote(splitarg));
		/* A number past every family fails each input, as 33 does. */
		splitbits = why != NULL ? INT_MAX : (int)v;
	}
	if (excludearg != NULL &&
	    netset_parse_block(excludearg, strlen(excludearg), family,
	    &exclude, &why) == -1)
		errx(ERROR, "--exclude: %s: %s", cli_quote(excludearg), why);
}

int
main(int argc, char *argv[])
{
	int o4 = 0, o6 = 0, aggregate = 0, hosts = 0, reverse = 0;
	int status = PASS, kind, first = 1, r = 0;
	char *s, *splitarg = NULL, *excludearg = NULL;
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
		{ "split", '\0', POPT_ARG_STRING, &splitarg, 0,
		    "the subnets of each block at that prefix length",
		    "BITS" },
		{ "aggregate", '\0', POPT_ARG_NONE, &aggregate, 0,
		    "all inputs collapsed into the fewest blocks", NULL },
		{ "exclude", '\0', POPT_ARG_STRING, &excludearg, 0,
		    "each block minus BLOCK", "BLOCK" },
		{ "hosts", '\0', POPT_ARG_NONE, &hosts, 0,
		    "every usable address of each block", NULL },
		{ "reverse", '\0', POPT_ARG_NONE, &reverse, 0,
		    "the reverse-DNS name of an address or zone of a block",
		    NULL },
		CLI_INPUT_OPTIONS
		CLI_OPTIONS
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	struct input ins;
	struct netset set = { NULL, 0, 0 };
	struct cidr blk;
	size_t n;

	cli_init("ipmask", USAGE, CLI_TSV | CLI_HUMAN | CLI_JSON, argc, argv,
	    opts);
	cli_parse();
	if (o4 && o6)
		errx(ERROR, "only one of -4 and -6");
	family = o4 ? AF_INET : o6 ? AF_INET6 : AF_UNSPEC;
	set_modes(splitarg != NULL, aggregate, hosts, reverse, splitarg,
	    excludearg);
	withinput = cli_withinput();

	input_init(&ins, cli.nargs, (char **)cli.args, STDIN_FILENO);
	while (!out_error() && (r = input_next(&ins, &s, &n)) == 1) {
		in = cli_quoten(s, n);
		if (cli.format == CLI_JSON && !cli.quiet) {
			buf_reset(&jin);
			if (esc_json(&jin, s, n) == -1)
				err(ERROR, NULL);
		}
		if (mode == AGGREGATE) {
			if (collect(&set, s, n, in) == FAIL)
				status = FAIL;
			continue;
		}
		if (mode != PLAIN || netset_is_range(s, n)) {
			if (answer_set(s, n, in, first) == FAIL)
				status = FAIL;
			first = 0;
			continue;
		}
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
		} else if (cli.format == CLI_JSON) {
			print_json(kind, &blk, why);
		} else {
			put_header(kind == -1 ? "result" : fields[kind], first);
			print_tsv(withinput ? in : NULL, kind, &blk);
		}
		first = 0;
	}
	if (r == -1) {
		warn("standard input");
		status = ERROR;
	}
	if (mode == AGGREGATE && r != -1 && !cli.quiet)
		put_aggregate(&set);
	netset_free(&set);
	buf_free(&jin);
	input_free(&ins);
	return cli_end(status);
}
