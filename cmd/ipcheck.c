/*
 * ipcheck: is each input a valid IPv4 or IPv6 address or port, is it
 * private, what is its class, what is its full or RFC 5952 form.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addr.h"
#include "addrset.h"
#include "batch.h"
#include "buf.h"
#include "cli.h"
#include "esc.h"
#include "input.h"
#include "num.h"
#include "out.h"
#include "special.h"

#define USAGE	"[-4 | -6 | -p | -P | -c | -e | -C | -g | --in=BLOCKS] " \
		"[-bZz] [-q] [-s [-v]] [-H | -N] [-f tsv|human|json] [INPUT...]"

enum mode { ANY, V4, V6, PORT, PRIVATE, CLASS, EXPAND, COMPRESS, GLOBAL, IN };
enum { PASS, FAIL, ERROR };		/* exit statuses, as grep's */

struct verdict {
	int		 pass;
	int		 valid;		/* parsed as an address or a port */
	int		 family;	/* AF_INET, AF_INET6, or 0 */
	const char	*result;	/* for tab-separated output */
	size_t		 resultlen;
	const char	*human;		/* for -f human */
	const char	*why;		/* a transform's failure, for stderr */
	char		 text[ADDR_FMTLEN];
};

static enum mode mode = ANY;
static int	 family = AF_UNSPEC;	/* what the mode parses */
static int	 addrflags;
static int	 allowzero;
static struct addrset blocks;		/* --in */

#define SET(v, s)	((v)->result = (s), (v)->resultlen = sizeof(s) - 1)

static void
check(const char *s, size_t n, struct verdict *v)
{
	static const char *const words[2][4] = {
		{ "not-global", "global", "not globally reachable",
		    "globally reachable" },
		{ "out", "in", "not in the blocks", "in the blocks" },
	};
	const char *const *w;
	struct addr a;
	const char *errstr;
	int ok;

	v->why = NULL;
	v->family = 0;
	if (mode == PORT) {
		num_parsen(s, n, allowzero ? 0 : 1, 65535, &errstr);
		if ((v->valid = v->pass = errstr == NULL))
			SET(v, "valid");
		else
			SET(v, "invalid");
		v->human = v->pass ? "valid port" : "not a valid port";
		return;
	}
	ok = v->valid = v->pass = addr_parse(s, n, family, addrflags, &a) == 0;
	if (ok)
		v->family = a.family;
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
		/* The sentence only for -f human: snprintf is slow. */
		if (cli.format == CLI_HUMAN)
			snprintf(v->text, sizeof(v->text), "%s %s address",
			    v->result, a.family == AF_INET ? "IPv4" : "IPv6");
		v->human = v->text;
		break;
	case GLOBAL:
	case IN:
		if (!ok) {
			SET(v, "invalid");
			v->human = "not a valid address";
			break;
		}
		/* The failing and the passing word, then the sentences. */
		w = words[mode == IN];
		v->pass = mode == GLOBAL ? special_is_global(&a) :
		    addrset_has(&blocks, &a);
		v->result = w[v->pass];
		v->resultlen = strlen(v->result);
		v->human = w[2 + v->pass];
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

static char	versionline[128];
static int	samefile;	/* stdout and stderr: one file, keep order */

/*
 * A transform's failure, on stderr.  The records before it go out first
 * when both streams are one file (a terminal, 2>&1), so that the message
 * stays beside its record.  Otherwise a batch of failures is not a write(2)
 * of the output block each, and, stderr not being a terminal, not three
 * write(2)s a message either (warnx writes it in pieces): stderr is given
 * a buffer, which exit(3) flushes.
 */
static char	errbuf[BUFSIZ];
static void
warn_why(const char *s, size_t n, const char *why)
{
	if (samefile) {
		out_flush();
		fflush(stdout);
	}
	warnx("%s: %s", cli_quoten(s, n), why);
}

/* One file, /dev/null aside: nobody reads the order there. */
static int
same_file(int a, int b)
{
	struct stat sa, sb, sn;

	if (fstat(a, &sa) == -1 || fstat(b, &sb) == -1)
		return 1;
	if (sa.st_dev != sb.st_dev || sa.st_ino != sb.st_ino)
		return 0;
	return stat("/dev/null", &sn) == -1 || sn.st_dev != sa.st_dev ||
	    sn.st_ino != sa.st_ino;
}

/*
 * A record whose input needs escaping or that is longer than the output
 * block: out of line, so that the common record's path stays small; eb
 * is its thread's scratch buffer.  -1 (ENOMEM) when it could not be made.
 */
static int
emit_slow(struct buf *eb, const char *s, size_t n, int escape,
    const char *sep, size_t seplen, const char *res, size_t reslen)
{
	if (escape) {
		buf_reset(eb);
		if (esc_tsv(eb, s, n) == -1)
			return -1;
		s = eb->data;
		n = eb->len;
	}
	out_put(s, n);
	out_put(sep, seplen);
	out_put(res, reslen);
	out_putc('\n');
	return 0;
}

/*
 * One record: the input as a field, escaped only when it must be (what
 * parsed as an address or a port never needs it), a separator, the result
 * and a newline, copied into the output block in one go.  With no
 * separator, the input is left out.
 */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int
emit_record(struct buf *eb, const char *s, size_t n, int clean,
    const char *sep, size_t seplen, const char *res, size_t reslen)
{
	char *d;

	if (sep == NULL) {
		sep = "";
		seplen = 0;
		n = 0;
	} else if (!clean && esc_needed(s, n))
		return emit_slow(eb, s, n, 1, sep, seplen, res, reslen);
	if ((d = out_room(n + seplen + reslen + 1)) == NULL)
		return emit_slow(eb, s, n, 0, sep, seplen, res, reslen);
	/*
	 * Most inputs are 7 to 32 bytes and most results 4 to 8: two
	 * fixed-size moves that may overlap, not a call to memcpy whose
	 * branches on the length a random batch keeps mispredicting.
	 */
	if (n >= 8 && n <= 16) {
		memcpy(d, s, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else if (n > 16 && n <= 32) {
		memcpy(d, s, 16);
		memcpy(d + n - 16, s + n - 16, 16);
	} else
		memcpy(d, s, n);
	d += n;
	if (seplen > 0)
		*d++ = sep[0];
	if (seplen > 1)
		*d++ = sep[1];
	if (reslen >= 4 && reslen <= 8) {
		memcpy(d, res, 4);
		memcpy(d + reslen - 4, res + reslen - 4, 4);
	} else
		memcpy(d, res, reslen);
	d[reslen] = '\n';
	return 0;
}

/* The records off the hot path, so that the tab-separated one inlines. */
static int
emit_other(struct buf *eb, const char *s, size_t n, int clean,
    const char *sep, size_t seplen, const char *res, size_t reslen)
{
	return emit_record(eb, s, n, clean, sep, seplen, res, reslen);
}

/*
 * One JSON object: the input as a string (what parsed never needs
 * escaping), then family and valid, then the mode's own member.
 */
static int
emit_json(struct buf *jb, const char *s, size_t n, const struct verdict *v)
{
	int bad = 0;

	buf_reset(jb);
	bad |= buf_addstr(jb, "{\"input\":");
	if (v->valid) {
		bad |= buf_addc(jb, '"');
		bad |= buf_add(jb, s, n);
		bad |= buf_addc(jb, '"');
	} else
		bad |= esc_json(jb, s, n);
	if (mode != PORT)
		bad |= buf_addstr(jb, v->family == AF_INET ?
		    ",\"family\":\"ipv4\"" : v->family == AF_INET6 ?
		    ",\"family\":\"ipv6\"" : ",\"family\":null");
	bad |= buf_addstr(jb, v->valid ? ",\"valid\":true" :
	    ",\"valid\":false");
	switch (mode) {
	case PRIVATE:
		bad |= buf_addstr(jb, !v->valid ? ",\"private\":null" :
		    v->pass ? ",\"private\":true" : ",\"private\":false");
		break;
	case CLASS:
	case EXPAND:
	case COMPRESS:
		bad |= buf_addstr(jb, mode == CLASS ? ",\"class\":" :
		    mode == EXPAND ? ",\"expanded\":" : ",\"compressed\":");
		if (!v->pass)
			bad |= buf_addstr(jb, "null");
		else {
			bad |= buf_addc(jb, '"');
			bad |= buf_add(jb, v->result, v->resultlen);
			bad |= buf_addc(jb, '"');
		}
		break;
	case GLOBAL:
	case IN:
		bad |= buf_addstr(jb, mode == GLOBAL ? ",\"global\":" :
		    ",\"in\":");
		bad |= buf_addstr(jb, !v->valid ? "null" : v->pass ? "true" :
		    "false");
		break;
	default:
		break;
	}
	bad |= buf_addstr(jb, "}\n");
	if (bad)
		return -1;
	out_put(jb->data, jb->len);
	return 0;
}

static int	sflag, vflag, withinput;	/* -s, -v, INPUT<TAB> */

/*
 * One input: its verdict, printed as the options ask, with scratch the
 * buffer of its thread.  0 when it passed, 1 when not, -1 (ENOMEM) when
 * its record could not be made.  Safe on two threads at once, but for a
 * transform's message (-C, -e), which must stay beside its record.
 */
static int
answer(void *arg, char *s, size_t n, struct buf *scratch)
{
	struct verdict v;
	int r = 0;

	(void)arg;
	check(s, n, &v);
	if (cli.quiet)
		return !v.pass;
	if (sflag) {
		if (v.pass != vflag)
			r = emit_other(scratch, s, n, 1, "", 0, "", 0);
		return r == -1 ? -1 : !v.pass;
	}
	if (v.why != NULL && cli.format != CLI_HUMAN)
		warn_why(s, n, v.why);
	if (cli.format == CLI_JSON)
		r = emit_json(scratch, s, n, &v);
	else if (cli.format == CLI_HUMAN)
		r = emit_other(scratch, s, n, v.pass, ": ", 2, v.human,
		    strlen(v.human));
	else
		r = emit_record(scratch, s, n, v.pass, withinput ? "\t" : NULL,
		    1, v.result, v.resultlen);
	return r == -1 ? -1 : !v.pass;
}

int
main(int argc, char *argv[])
{
	int o4 = 0, o6 = 0, oport = 0, opriv = 0, oclass = 0, oexpand = 0;
	int ocompress = 0, brackets = 0, zone = 0;
	int oglobal = 0, nmodes, r = 0;
	char *s, *inlist = NULL;
	const char *bad, *why;
	size_t badlen;
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
		{ "global", 'g', POPT_ARG_NONE, &oglobal, 0,
		    "is it globally reachable, by the IANA registries", NULL },
		{ "in", '\0', POPT_ARG_STRING, &inlist, 0,
		    "is it in one of the comma-listed CIDR blocks", "BLOCKS" },
		{ "brackets", 'b', POPT_ARG_NONE, &brackets, 0,
		    "also take an IPv6 address as [addr]", NULL },
		{ "zone", 'Z', POPT_ARG_NONE, &zone, 0,
		    "also take an IPv6 address with a zone (%eth0)", NULL },
		{ "allow-zero", 'z', POPT_ARG_NONE, &allowzero, 0,
		    "with -p, take port 0 too", NULL },
		{ "select", 's', POPT_ARG_NONE, &sflag, 0,
		    "print the passing inputs as they are", NULL },
		{ "invert", 'v', POPT_ARG_NONE, &vflag, 0,
		    "with -s, print the failing inputs instead", NULL },
		CLI_INPUT_OPTIONS
		CLI_OPTIONS
		POPT_AUTOHELP
		POPT_TABLEEND
	};
	struct input in;
	struct buf scratch = { NULL, 0, 0 };
	size_t n;

	snprintf(versionline, sizeof(versionline), "IANA special-purpose "
	    "registries: IPv4 %s, IPv6 %s", special_updated4, special_updated6);

	cli_init("ipcheck", USAGE, CLI_TSV | CLI_HUMAN | CLI_JSON, argc, argv,
	    opts);
	cli.about = versionline;
	cli_parse();
	nmodes = o4 + o6 + oport + opriv + oclass + oexpand + ocompress +
	    oglobal + (inlist != NULL);
	if (nmodes > 1)
		errx(ERROR, "only one of -4, -6, -p, -P, -c, -e, -C, -g and --in");
	mode = o4 ? V4 : o6 ? V6 : oport ? PORT : opriv ? PRIVATE :
	    oclass ? CLASS : oexpand ? EXPAND : ocompress ? COMPRESS :
	    oglobal ? GLOBAL : inlist != NULL ? IN : ANY;
	if (inlist != NULL && addrset_add(&blocks, inlist, &bad, &badlen,
	    &why) == -1) {
		if (why == NULL)
			err(ERROR, NULL);
		if (badlen == 0)
			errx(ERROR, "--in: empty block in %s", cli_quote(inlist));
		errx(ERROR, "--in: %s: %s", cli_quoten(bad, badlen), why);
	}
	family = mode == V4 || mode == PRIVATE ? AF_INET :
	    mode == V6 || mode == EXPAND ? AF_INET6 : AF_UNSPEC;
	if (allowzero && mode != PORT)
		errx(ERROR, "-z needs -p");
	if ((brackets || zone) && mode == PORT)
		errx(ERROR, "-b and -Z take addresses, not ports");
	if (vflag && !sflag)
		errx(ERROR, "-v needs -s");
	addrflags = (brackets ? ADDR_BRACKETS : 0) | (zone ? ADDR_ZONE : 0);
	withinput = cli_withinput();
	samefile = same_file(STDOUT_FILENO, STDERR_FILENO);
	if (!samefile && !isatty(STDERR_FILENO))
		setvbuf(stderr, errbuf, _IOFBF, sizeof(errbuf));

	input_init(&in, cli.nargs, (char **)cli.args, STDIN_FILENO);
	if (in.fd != -1) {
		/* A transform's messages keep their place: one thread. */
		r = batch_run(in.fd, mode == EXPAND || mode == COMPRESS ? 1 : 2,
		    answer, NULL);
		if (r == 1)
			status = FAIL;
	} else
		while (!out_error() && input_next(&in, &s, &n) == 1) {
			if ((r = answer(NULL, s, n, &scratch)) == -1)
				break;
			if (r == 1)
				status = FAIL;
		}
	if (r == -1 && errno == ENOMEM)
		err(ERROR, NULL);
	if (r == -1) {
		warn("standard input");
		status = ERROR;
	}
	input_free(&in);
	buf_free(&scratch);
	addrset_free(&blocks);
	return cli_end(status);
}
