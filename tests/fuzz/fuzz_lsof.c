/* resolve_lsof's line parser over any output; see cmdres_drive.h. */
#include "../../lib/resolve/resolve_lsof.c"
#include "cmdres_drive.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct cmdres cr;

	fz_drive(&cr, "lsof", line, &cr, NULL, d, n);
	return 0;
}
