/* resolve_netstat's line parser over any output; see cmdres_drive.h. */
#include "../../lib/resolve_netstat.c"
#include "cmdres_drive.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct query q;
	struct result res;
	struct cmdres cr;
	int r;

	if (n == 0)
		return 0;
	fz_query(d[0], &q);
	memset(&res, 0, sizeof(res));
	cmdres_init(&cr, "netstat", &q, &res);
	r = fz_lines(line, &cr, d + 1, n - 1);
	CHECK(r == 0 || res.nerrs > 0);
	fz_check(&q, &res);
	cmdres_free(&cr);
	result_free(&res);
	return 0;
}
