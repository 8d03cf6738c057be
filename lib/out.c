#include <errno.h>
#include <stdio.h>

#include "out.h"

int
out_close(FILE *fp)
{
	int bad;

	errno = 0;
	bad = fflush(fp) == EOF || ferror(fp);
	if (!bad)
		return 0;
	if (errno == 0)
		errno = EIO;
	return errno == EPIPE ? 1 : -1;
}
