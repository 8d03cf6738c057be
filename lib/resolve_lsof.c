/* PLACEHOLDER: replaced by the real resolver. */
#include "resolver.h"

static int
usable(void)
{
	return 0;
}

static int
run(const struct query *q, struct result *res)
{
	(void)q;
	return result_error(res, RE_UNAVAIL, "lsof: not built yet"), -1;
}

const struct resolver resolve_lsof = {
	"lsof", "lsof", SYS_LINUX | SYS_FREEBSD | SYS_DARWIN, usable, run
};
