/*
 * ipcheck: is each input a valid IPv4 or IPv6 address or port, is it
 * private, what is its class, what is its full or RFC 5952 form.
 */
#include <sys/socket.h>

#include <err.h>
#include <errno.h>
#include <popt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "buf.h"
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

/*
 * Output goes through our own block, handed to stdio 64 KiB at a time: a
 * million short records cost less as memcpy than as a million stdio calls.
 */
static char	obuf[1 << 16];
static size_t	olen;

static int	status = PASS;

/* A reader that went away ends us quietly; another write error loudly. */
static void
oflush(void)
{
	if (fwrite_unlocked(obuf, 1, olen, stdout) != olen) {
		if (errno == EPIPE)
			exit(status);
		err(ERROR, "standard output");
	}
	olen = 0;
}

static void
emit(const char *s, size_t n)
{
	size_t k;

	while (n > (k = sizeof(obuf) - olen)) {
		memcpy(obuf + olen, s, k);
		olen += k;
		s += k;
		n -= k;
		oflush();
	}
	memcpy(obuf + olen, s, n);
	olen += n;
}

/*
 * One record: the input as a field, escaped only when it must be (what
 * parsed as an address or a port never needs it), a separator, the result
 * and a newline.  With no separator, the input is left out.
 */
static inline void
emit_record(const char *s, size_t n, int clean, const char *sep,
    const char *res, size_t reslen)
{
	static struct buf eb;
	size_t seplen = sep == NULL ? 0 : strlen(sep);

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
	if (n + seplen + reslen + 1 > sizeof(obuf) - olen) {
		emit(s, n);
		emit(sep, seplen);
		emit(res, reslen);
		emit("\n", 1);
		return;
	}
	memcpy(obuf + olen, s, n);
	olen += n;
	memcpy(obuf + olen, sep, seplen);
	olen += seplen;
	memcpy(obuf + olen, res, reslen);
	olen += reslen;
	obuf[olen++] = '\n';
}

static const char *
escaped(struct buf *b, const char *s, size_t n)
{
	buf_reset(b);
	if (esc_tsv(b, s, n) == -1)
		err(ERROR, NULL);
	return b->data;
}

int
main(int argc, char *argv[])
{
	int o4 = 0, o6 = 0, oport = 0, opriv = 0, oclass = 0, oexpand = 0;
	int ocompress = 0, brackets = 0, zone = 0, quiet = 0, select = 0;
	int invert = 0, withinput = -1, version = 0;
	int nmodes, human = 0, r, c;
	char *format = NULL, *s;
	const char **args;
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
		{ "quiet", 'q', POPT_ARG_NONE, &quiet, 0,
		    "print nothing; the exit status tells", NULL },
		{ "select", 's', POPT_ARG_NONE, &select, 0,
		    "print the passing inputs as they are", NULL },
		{ "invert", 'v', POPT_ARG_NONE, &invert, 0,
		    "with -s, print the failing inputs instead", NULL },
		{ "with-input", 'H', POPT_ARG_VAL, &withinput, 1,
		    "print INPUT<TAB>RESULT even for one operand", NULL },
		{ "no-input", 'N', POPT_ARG_VAL, &withinput, 0,
		    "print the result alone even for many inputs", NULL },
		{ "format", 'f', POPT_ARG_STRING, &format, 0,
		    "tab-separated (tsv, the default) or sentences (human)",
		    "tsv|human" },
		{ "version", '\0', POPT_ARG_NONE, &version, 0,
		    "print the version and exit", NULL },
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	poptContext pc;
	struct input in;
	struct verdict v;
	struct buf eb = { NULL, 0, 0 };
	size_t n;

	pc = poptGetContext("ipcheck", argc, (const char **)argv, opts, 0);
	poptSetOtherOptionHelp(pc, USAGE);
	while ((c = poptGetNextOpt(pc)) > 0)
		;
	if (c < -1)
		errx(ERROR, "%s: %s", poptBadOption(pc, POPT_BADOPTION_NOALIAS),
		    poptStrerror(c));
	if (version) {
		poptFreeContext(pc);
		printf("ipcheck %s\n", VERSION);
		return out_close(stdout) == -1 ? ERROR : PASS;
	}

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
	if (format != NULL && strcmp(format, "human") == 0)
		human = 1;
	else if (format != NULL && strcmp(format, "tsv") != 0)
		errx(ERROR, "%s: unknown format, use tsv or human", format);
	addrflags = (brackets ? ADDR_BRACKETS : 0) | (zone ? ADDR_ZONE : 0);

	args = poptGetArgs(pc);
	for (n = 0; args != NULL && args[n] != NULL; n++)
		;
	if (withinput == -1)
		withinput = n != 1;
	input_init(&in, (int)n, (char **)args, STDIN_FILENO);

	while (!ferror(stdout) && (r = input_next(&in, &s, &n)) == 1) {
		check(s, n, &v);
		if (!v.pass)
			status = FAIL;
		if (quiet)
			continue;
		if (select) {
			if (v.pass != invert)
				emit_record(s, n, 1, "", "", 0);
			continue;
		}
		if (human) {
			emit_record(s, n, v.pass, ": ", v.human,
			    strlen(v.human));
			continue;
		}
		if (v.why != NULL) {
			oflush();
			warnx("%s: %s", escaped(&eb, s, n), v.why);
		}
		emit_record(s, n, v.pass, withinput ? "\t" : NULL, v.result,
		    v.resultlen);
	}
	oflush();
	if (r == -1) {
		warn("standard input");
		status = ERROR;
	}
	input_free(&in);
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
