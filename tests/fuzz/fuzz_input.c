/*
 * lib/input: the lines read from a descriptor are exactly the input split
 * at newlines, one trailing \r dropped, whatever their length or bytes.
 * The first byte repeats the rest up to 255 times, so that lines cross the
 * reader's 64 KiB blocks without a huge corpus.
 */
#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static int memfd = -1;

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct input in;
	unsigned char *all;
	size_t total, reps, i, pos, len, want;
	char *s;
	int r;

	if (n == 0)
		return 0;
	reps = d[0] % 64 == 0 ? d[0] : 1;	/* 0, 64, 128, 192: long */
	d++, n--;
	total = n * reps;
	if ((all = malloc(total + 1)) == NULL)
		abort();
	for (i = 0; i < reps; i++)
		memcpy(all + i * n, d, n);
	if (memfd == -1 && (memfd = memfd_create("fuzz", 0)) == -1)
		abort();
	CHECK(ftruncate(memfd, 0) == 0);
	CHECK(pwrite(memfd, all, total, 0) == (ssize_t)total);
	CHECK(lseek(memfd, 0, SEEK_SET) == 0);

	input_init(&in, 0, NULL, memfd);
	pos = 0;
	while ((r = input_next(&in, &s, &len)) == 1) {
		unsigned char *nl;

		CHECK(pos < total);
		nl = memchr(all + pos, '\n', total - pos);
		want = nl != NULL ? (size_t)(nl - (all + pos)) : total - pos;
		if (want > 0 && all[pos + want - 1] == '\r')
			CHECK(len == want - 1);
		else
			CHECK(len == want);
		CHECK(memcmp(s, all + pos, len) == 0);
		CHECK(s[len] == '\0');
		pos += want + (nl != NULL);
	}
	CHECK(r == 0);
	CHECK(pos == total);
	input_free(&in);

	/* Operands come back as they are. */
	all[total] = '\0';
	{
		char *argv[2] = { (char *)all, (char *)"x" };

		input_init(&in, 2, argv, 0);
		CHECK(input_next(&in, &s, &len) == 1 && s == argv[0] &&
		    len == strlen(argv[0]));
		CHECK(input_next(&in, &s, &len) == 1 && s == argv[1]);
		CHECK(input_next(&in, &s, &len) == 0);
		input_free(&in);
	}
	free(all);
	return 0;
}
