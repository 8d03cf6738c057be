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
	return result_error(res, RE_UNAVAIL, "netlink: not built yet"), -1;
}

const struct resolver resolve_netlink = {
	"netlink", NULL, SYS_LINUX, usable, run
};
