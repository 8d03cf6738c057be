/*
 * libFuzzer harness for the BSD resolvers' line parsers: the first byte
 * picks sockstat, procstat or fstat, the rest is one line as spawn_lines
 * hands it over (NUL-terminated, no newline).  Seeds: one file per fixture
 * line with that byte in front.  Build and run (clang, libclang-rt-dev):
 *
 *	clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *	    -iquote lib tests/fuzz/bsd_parse.c lib/[a-z]*.c -o build/bsd_parse
 *	build/bsd_parse -max_len=400 CORPUS
 *
 * Besides crashes it checks that a name and a user point into the line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bsdline.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
inside(const char *p, size_t n, const char *s, size_t len)
{
	return p == NULL || (p >= s && n <= len && p - s <= (ptrdiff_t)(len - n));
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static int (*const parse[])(const char *, size_t, struct bsdline *) = {
		bsd_sockstat_parse, bsd_procstat_parse, bsd_fstat_parse
	};
	struct bsdline l;
	char *s;

	if (n == 0 || (s = malloc(n)) == NULL)
		return 0;
	memcpy(s, d + 1, n - 1);
	s[n - 1] = '\0';
	if (parse[d[0] % 3](s, n - 1, &l) != BSD_BAD &&
	    (!inside(l.name, l.namelen, s, n - 1) ||
	    !inside(l.user, l.userlen, s, n - 1)))
		abort();
	free(s);
	return 0;
}
