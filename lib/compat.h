#ifndef COMPAT_H
#define COMPAT_H

#include <stddef.h>

/*
 * What one platform's libc lacks, for the others' code to call by its
 * usual name.  macOS has neither reallocarray(3) (OpenBSD, FreeBSD, glibc
 * 2.26) nor memrchr(3) (glibc, the BSDs); lib/compat.c defines them there.
 */
#if defined(__APPLE__)
void	*reallocarray(void *p, size_t n, size_t size);
void	*memrchr(const void *s, int c, size_t n);
#endif

#endif
