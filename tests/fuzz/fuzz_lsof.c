/* resolve_lsof's line parser over any output; see cmdres_drive.h. */
#include "../../lib/resolve/resolve_lsof.c"
#include "cmdres_drive.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct lsof st;

	memset(&st, 0, sizeof(st));
	fz_drive(&st.cr, "lsof", line, &st, NULL, d, n);
	buf_free(&st.name);
	return 0;
}
