#include <sys/types.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "esc.h"
#include "resolver.h"
#include "command.h"

static const struct resolver *const all[] = {
#if defined(__linux__)
	&resolve_netlink, &resolve_proc,
#endif
	&resolve_ss, &resolve_netstat,
	&resolve_lsof, &resolve_sockstat, &resolve_bsd_sockstat,
	&resolve_bsd_procstat, &resolve_bsd_fstat,
};

/*
 * Each platform's preference, best first.  Not Stem's order (which puts
 * netstat before ss and lsof): the kernel's own tables first, as they are
 * exact and fastest; then ss, one run that reads them too; netstat, which
 * names one process per socket; lsof, the slowest; Linux sockstat last,
 * as it cuts names at a blank.  man/conns.1 (RESOLVERS) says the same.
 */
static const struct {
	const char	*name;
	unsigned	 sys;
	const struct resolver *const order[6];
} systems[] = {
	{ "Linux", SYS_LINUX, {
#if defined(__linux__)
	    &resolve_netlink, &resolve_proc,
#endif
	    &resolve_ss, &resolve_netstat, &resolve_lsof, &resolve_sockstat } },
	{ "FreeBSD", SYS_FREEBSD, { &resolve_bsd_sockstat,
	    &resolve_bsd_procstat, &resolve_lsof } },
	{ "OpenBSD", SYS_OPENBSD, { &resolve_bsd_fstat } },
	{ "Darwin", SYS_DARWIN, { &resolve_lsof } },
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

const struct resolver *
resolver_find(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(all); i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	return NULL;
}

int
resolver_usable(const struct resolver *r)
{
	return r->usable != NULL ? r->usable() : command_found(r->command);
}

unsigned
resolver_system(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(systems); i++)
		if (strcasecmp(systems[i].name, name) == 0)
			return systems[i].sys;
	return 0;
}

size_t
resolver_list(unsigned sys, const struct resolver **out, size_t n)
{
	size_t i, j, k = 0;

	if (sys == 0) {
#if defined(__linux__)
		sys = SYS_LINUX;
#elif defined(__FreeBSD__)
		sys = SYS_FREEBSD;
#elif defined(__OpenBSD__)
		sys = SYS_OPENBSD;
#elif defined(__APPLE__)
		sys = SYS_DARWIN;
#endif
	}
	for (i = 0; i < NELEM(systems); i++) {
		if (systems[i].sys != sys)
			continue;
		for (j = 0; j < NELEM(systems[i].order) && k < n; j++) {
			const struct resolver *r = systems[i].order[j];

			if (r != NULL && resolver_usable(r))
				out[k++] = r;
		}
	}
	return k;
}

int
result_error(struct result *res, enum rerr_kind kind, const char *fmt, ...)
{
	struct rerr *e;
	va_list ap;
	char *msg;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (r == -1)
		return -1;
	e = realloc(res->errs, (res->nerrs + 1) * sizeof(*e));
	if (e == NULL) {
		free(msg);
		return -1;
	}
	res->errs = e;
	res->errs[res->nerrs].kind = kind;
	res->errs[res->nerrs].msg = msg;
	res->nerrs++;
	return 0;
}

int
result_quoted(struct result *res, enum rerr_kind kind, const char *fmt,
    const char *s)
{
	struct buf b = { NULL, 0, 0 };
	int r;

	if (esc_tsv(&b, s, strlen(s)) == -1) {
		buf_free(&b);
		return -1;
	}
	r = result_error(res, kind, fmt, b.data != NULL ? b.data : "");
	buf_free(&b);
	return r;
}

int
result_noname(struct result *res, const char *name)
{
	return result_quoted(res, RE_NONAME, "%s: no process of that name",
	    name);
}

int
result_noproc(struct result *res, pid_t pid)
{
	return result_error(res, RE_NOPROC, "%ld: no such process",
	    (long)pid);
}

int
result_denied(struct result *res, pid_t pid)
{
	return result_error(res, RE_PERM, "%ld: permission denied",
	    (long)pid);
}

int
query_run(const struct query *q, const struct resolver *r,
    struct result *res)
{
	int ret;

	if (q->unowned && !r->unowned)
		return result_quoted(res, RE_UNAVAIL, "%s: sees no socket "
		    "that no process holds; --unowned needs netlink, proc, ss, "
		    "netstat or bsd_sockstat", r->name), -1;
	if (q->kill && r->kill == NULL)
		return result_quoted(res, RE_UNAVAIL, "%s: cannot close "
		    "sockets; -K needs the netlink resolver", r->name), -1;
	ret = r->run(q, res);
	connset_select(q, &res->conns);
	if (ret == 0 && q->kill)
		ret = r->kill(q, res);
	return ret;
}

void
result_free(struct result *res)
{
	size_t i;

	connset_free(&res->conns);
	for (i = 0; i < res->nerrs; i++)
		free(res->errs[i].msg);
	free(res->errs);
	res->errs = NULL;
	res->nerrs = 0;
}
