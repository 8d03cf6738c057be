/* resolve_ss's line parser over any output; see cmdres_drive.h. */
#include "../../lib/resolve/resolve_ss.c"
#include "cmdres_drive.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct ss st;

	memset(&st, 0, sizeof(st));
	fz_drive(&st.cr, "ss", line, &st, tail, d, n);
	free(st.users);
	buf_free(&st.pend);
	return 0;
}
