/* resolve_ss's line parser over any output; see cmdres_drive.h. */
#include "../../lib/resolve_ss.c"
#include "cmdres_drive.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct query q;
	struct result res;
	struct ss st;
	int r;

	if (n == 0)
		return 0;
	fz_query(d[0], &q);
	memset(&res, 0, sizeof(res));
	memset(&st, 0, sizeof(st));
	cmdres_init(&st.cr, "ss", &q, &res);
	r = fz_lines(line, &st, d + 1, n - 1);
	/* As run() ends. */
	if (r == 0 && st.pend.len > 0)
		r = cmdres_bad(&st.cr, st.pend.data, st.pend.len);
	CHECK(r == 0 || res.nerrs > 0);
	fz_check(&q, &res);
	cmdres_free(&st.cr);
	free(st.users);
	buf_free(&st.pend);
	result_free(&res);
	return 0;
}
