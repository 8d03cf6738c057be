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
	return result_error(res, RE_UNAVAIL, "bsd_sockstat: not built yet"), -1;
}

const struct resolver resolve_bsd_sockstat = {
	"bsd_sockstat", "sockstat", SYS_FREEBSD, usable, run
};
