#ifndef CLI_H
#define CLI_H

#include <stddef.h>

#include <popt.h>

/*
 * The edges the four programs share: the popt context, option errors,
 * --usage, --version, -q, -f, -H and -N, operands, quoting an input for a
 * message, and the one exit path with its closed-pipe rule.  The only
 * library module that knows popt and may end the program.
 */

#define CLI_ERROR	2	/* usage and system errors, as grep */

/* The formats of -f, for cli_init; cli.format holds the one chosen. */
#define CLI_TSV		0x1
#define CLI_HUMAN	0x2
#define CLI_JSON	0x4
#define CLI_PROMETHEUS	0x8

/* What the shared options and the operands said, once cli_parse ran. */
struct cli {
	int		  quiet;	/* -q */
	int		  withinput;	/* 1 -H, 0 -N, -1 neither */
	int		  format;	/* a CLI_ format; 0 without -f */
	const char	**args;		/* the operands, NULL-terminated */
	int		  nargs;
	const char	 *outname;	/* standard output, in a message */
	const char	 *about;	/* after the version, in parentheses */
};

extern struct cli cli;

/* -q, -f, --version and --usage; -H and -N for programs that take inputs. */
extern struct poptOption cli_options[];
extern struct poptOption cli_input_options[];

#define CLI_OPTIONS \
	{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, cli_options, 0, NULL, NULL },
#define CLI_INPUT_OPTIONS \
	{ NULL, '\0', POPT_ARG_INCLUDE_TABLE, cli_input_options, 0, NULL, \
	    NULL },

/*
 * Creates the popt context for the program's table (which includes
 * CLI_OPTIONS).  The synopsis is the man page's, for --usage and --help;
 * formats is what -f takes.  A POPT_ARG_STRING option may be repeated:
 * the last one wins, the earlier are freed, and so is the last at
 * cli_end.  The values of POPT_ARG_ARGV options are freed there too.
 */
void	 cli_init(const char *prog, const char *synopsis, int formats,
	    int argc, char *argv[], struct poptOption *opts);
/*
 * Reads the options.  Exits 2 with a message on an option error or an
 * unknown format; prints the synopsis or the version and exits 0 for
 * --usage or --version; else fills in cli.
 */
void	 cli_parse(void);
/* Whether an option whose table entry has val was given. */
int	 cli_seen(int val);
/* Whether to print INPUT<TAB>RESULT: -H, -N, or not one operand. */
int	 cli_withinput(void);
/*
 * An input escaped for a message (a tab as \t, a control byte as \xHH);
 * valid until the next call.
 */
const char *cli_quote(const char *s);
const char *cli_quoten(const char *s, size_t n);
/*
 * The end of every program: writes what is pending and frees what the
 * options held.  Returns the exit status: status, or 2 when the reader
 * went away (quietly) or a write failed (with a message).
 */
int	 cli_end(int status);

#endif
