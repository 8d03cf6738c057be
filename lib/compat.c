/* Fallbacks for what a platform's libc lacks; see compat.h. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "compat.h"

#if defined(__APPLE__)
void *
reallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n * size);
}

void *
memrchr(const void *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s + n;

	while (n-- > 0)
		if (*--p == (unsigned char)c)
			return (void *)(uintptr_t)p;
	return NULL;
}
#else
/* ISO C wants a translation unit to declare something. */
typedef int compat_unused;
#endif
