/* resolve_lsof's line parser over any output; see cmdres_drive.h. */
#include "../../lib/resolve_lsof.c"
#include "cmdres_drive.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct query q;
	struct result res;
	struct lsof st;
	int r;

	if (n == 0)
		return 0;
	fz_query(d[0], &q);
	memset(&res, 0, sizeof(res));
	memset(&st, 0, sizeof(st));
	cmdres_init(&st.cr, "lsof", &q, &res);
	r = fz_lines(line, &st, d + 1, n - 1);
	CHECK(r == 0 || res.nerrs > 0);
	if (r == 0)
		cmdres_dedup(&res.conns);
	fz_check(&q, &res);
	cmdres_free(&st.cr);
	buf_free(&st.name);
	result_free(&res);
	return 0;
}
