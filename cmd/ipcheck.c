/*
 * ipcheck: is each input a valid IPv4 or IPv6 address or port, is it
 * private, what is its class, what is its full or RFC 5952 form.
 */
#include <sys/socket.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "buf.h"
#include "cli.h"
#include "esc.h"
#include "input.h"
#include "num.h"
#include "out.h"

#define USAGE	"[-4 | -6 | -p | -P | -c | -e | -C] [-bZz] [-q] [-s [-v]] " \
		"[-H | -N] [-f tsv|human] [INPUT...]"

enum mode { ANY, V4, V6, PORT, PRIVATE, CLASS, EXPAND, COMPRESS };
enum { PASS, FAIL, ERROR };		/* exit statuses, as grep's */

struct verdict {
	int		 pass;
	const char	*result;	/* for tab-separated output */
	size_t		 resultlen;
	const char	*human;		/* for -f human */
	const char	*why;		/* a transform's failure, for stderr */
	char		 text[ADDR_FMTLEN];
};

static enum mode mode = ANY;
static int	 addrflags;
static int	 allowzero;

#define SET(v, s)	((v)->result = (s), (v)->resultlen = sizeof(s) - 1)

static void
check(const char *s, size_t n, struct verdict *v)
{
	struct addr a;
	const char *errstr;
	int family = mode == V4 || mode == PRIVATE ? AF_INET :
	    mode == V6 || mode == EXPAND ? AF_INET6 : AF_UNSPEC;
	int ok;

	v->why = NULL;
	if (mode == PORT) {
		num_parsen(s, n, allowzero ? 0 : 1, 65535, &errstr);
		if ((v->pass = errstr == NULL))
			SET(v, "valid");
		else
			SET(v, "invalid");
		v->human = v->pass ? "valid port" : "not a valid port";
		return;
	}
	ok = v->pass = addr_parse(s, n, family, addrflags, &a) == 0;
	switch (mode) {
	case ANY:
	case V4:
	case V6:
		if (!ok)
			SET(v, "invalid");
		else if (mode != ANY)
			SET(v, "valid");
		else if (a.family == AF_INET)
			SET(v, "ipv4");
		else
			SET(v, "ipv6");
		v->human = ok ? (a.family == AF_INET ? "valid IPv4 address" :
		    "valid IPv6 address") : mode == V4 ?
		    "not a valid IPv4 address" : mode == V6 ?
		    "not a valid IPv6 address" : "not a valid address";
		break;
	case PRIVATE:
		v->pass = ok && addr_is_private(&a);
		if (!ok)
			SET(v, "invalid");
		else if (v->pass)
			SET(v, "private");
		else
			SET(v, "public");
		v->human = !ok ? "not a valid IPv4 address" : v->pass ?
		    "private IPv4 address" : "public IPv4 address";
		break;
	case CLASS:
		if (!ok) {
			SET(v, "invalid");
			v->human = "not a valid address";
			break;
		}
		v->result = addr_class(&a);
		v->resultlen = strlen(v->result);
		snprintf(v->text, sizeof(v->text), "%s %s address",
		    v->result, a.family == AF_INET ? "IPv4" : "IPv6");
		v->human = v->text;
		break;
	case EXPAND:
	case COMPRESS:
		v->resultlen = 0;
		v->text[0] = '\0';
		if (ok)
			v->resultlen = addr_format(&a, mode == EXPAND, v->text);
		else
			v->why = mode == EXPAND ? "not an IPv6 address" :
			    "not an IP address";
		v->result = v->text;
		v->human = ok ? v->text : mode == EXPAND ?
		    "not a valid IPv6 address" : "not a valid address";
		break;
	default:
		abort();
	}
}

static int	status = PASS;

/*
 * One record: the input as a field, escaped only when it must be (what
 * parsed as an address or a port never needs it), a separator, the result
 * and a newline, copied into the output block in one go.  With no
 * separator, the input is left out.
 */
static inline void
emit_record(const char *s, size_t n, int clean, const char *sep,
    const char *res, size_t reslen)
{
	static struct buf eb;
	size_t seplen = sep == NULL ? 0 : strlen(sep);
	char *d;

	if (sep != NULL && !clean && esc_needed(s, n)) {
		buf_reset(&eb);
		if (esc_tsv(&eb, s, n) == -1)
			err(ERROR, NULL);
		s = eb.data;
		n = eb.len;
	}
	if (sep == NULL) {
		sep = "";
		n = 0;
	}
	if ((d = out_room(n + seplen + reslen + 1)) == NULL) {
		out_put(s, n);
		out_put(sep, seplen);
		out_put(res, reslen);
		out_putc('\n');
		return;
	}
	memcpy(d, s, n);
	d += n;
	memcpy(d, sep, seplen);
	d += seplen;
	memcpy(d, res, reslen);
	d[reslen] = '\n';
}

int
main(int argc, char *argv[])
{
	int o4 = 0, o6 = 0, oport = 0, opriv = 0, oclass = 0, oexpand = 0;
	int ocompress = 0, brackets = 0, zone = 0, select = 0, invert = 0;
	int nmodes, withinput, r = 0;
	char *s;
	struct poptOption opts[] = {
		{ "ipv4", '4', POPT_ARG_NONE, &o4, 0,
		    "is it an IPv4 address (dotted quad)", NULL },
		{ "ipv6", '6', POPT_ARG_NONE, &o6, 0,
		    "is it an IPv6 address (RFC 4291)", NULL },
		{ "port", 'p', POPT_ARG_NONE, &oport, 0,
		    "is it a port (1-65535)", NULL },
		{ "private", 'P', POPT_ARG_NONE, &opriv, 0,
		    "is it a private IPv4 address", NULL },
		{ "class", 'c', POPT_ARG_NONE, &oclass, 0,
		    "the special-purpose class of an address", NULL },
		{ "expand", 'e', POPT_ARG_NONE, &oexpand, 0,
		    "the full form of an IPv6 address", NULL },
		{ "compress", 'C', POPT_ARG_NONE, &ocompress, 0,
		    "the RFC 5952 form of an address", NULL },
		{ "brackets", 'b', POPT_ARG_NONE, &brackets, 0,
		    "also take an IPv6 address as [addr]", NULL },
		{ "zone", 'Z', POPT_ARG_NONE, &zone, 0,
		    "also take an IPv6 address with a zone (%eth0)", NULL },
		{ "allow-zero", 'z', POPT_ARG_NONE, &allowzero, 0,
		    "with -p, take port 0 too", NULL },
		{ "select", 's', POPT_ARG_NONE, &select, 0,
		    "print the passing inputs as they are", NULL },
		{ "invert", 'v', POPT_ARG_NONE, &invert, 0,
		    "with -s, print the failing inputs instead", NULL },
		CLI_INPUT_OPTIONS
		CLI_OPTIONS
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	struct input in;
	struct verdict v;
	size_t n;

	cli_init("ipcheck", USAGE, CLI_TSV | CLI_HUMAN, argc, argv, opts);
	cli_parse();
	nmodes = o4 + o6 + oport + opriv + oclass + oexpand + ocompress;
	if (nmodes > 1)
		errx(ERROR, "only one of -4, -6, -p, -P, -c, -e and -C");
	mode = o4 ? V4 : o6 ? V6 : oport ? PORT : opriv ? PRIVATE :
	    oclass ? CLASS : oexpand ? EXPAND : ocompress ? COMPRESS : ANY;
	if (allowzero && mode != PORT)
		errx(ERROR, "-z needs -p");
	if ((brackets || zone) && mode == PORT)
		errx(ERROR, "-b and -Z take addresses, not ports");
	if (invert && !select)
		errx(ERROR, "-v needs -s");
	addrflags = (brackets ? ADDR_BRACKETS : 0) | (zone ? ADDR_ZONE : 0);
	withinput = cli_withinput();

	input_init(&in, cli.nargs, (char **)cli.args, STDIN_FILENO);
	while (!out_error() && (r = input_next(&in, &s, &n)) == 1) {
		check(s, n, &v);
		if (!v.pass)
			status = FAIL;
		if (cli.quiet)
			continue;
		if (select) {
			if (v.pass != invert)
				emit_record(s, n, 1, "", "", 0);
			continue;
		}
		if (cli.format == CLI_HUMAN) {
			emit_record(s, n, v.pass, ": ", v.human,
			    strlen(v.human));
			continue;
		}
		if (v.why != NULL) {
			out_flush();
			warnx("%s: %s", cli_quoten(s, n), v.why);
		}
		emit_record(s, n, v.pass, withinput ? "\t" : NULL, v.result,
		    v.resultlen);
	}
	if (r == -1) {
		warn("standard input");
		status = ERROR;
	}
	input_free(&in);
	return cli_end(status);
}
