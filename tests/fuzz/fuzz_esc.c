/*
 * lib/esc: esc_tsv must yield printable ASCII only and decode back to the
 * input; esc_json must yield one well-formed JSON string (RFC 8259) whose
 * decoding gives the input back, a lone byte HH standing for U+00HH.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "esc.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void
check_tsv(const uint8_t *d, size_t n)
{
	struct buf b = { 0 }, back = { 0 };
	size_t i;

	CHECK(esc_tsv(&b, (const char *)d, n) == 0);
	CHECK(b.data != NULL || n == 0);
	for (i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.data[i];

		CHECK(c >= 0x20 && c < 0x7f);
		if (c != '\\') {
			CHECK(buf_addc(&back, c) == 0);
			continue;
		}
		CHECK(++i < b.len);
		switch (b.data[i]) {
		case 't':
			CHECK(buf_addc(&back, '\t') == 0);
			break;
		case 'n':
			CHECK(buf_addc(&back, '\n') == 0);
			break;
		case '\\':
			CHECK(buf_addc(&back, '\\') == 0);
			break;
		case 'x':
			CHECK(i + 2 < b.len);
			CHECK(hexval(b.data[i + 1]) >= 0 &&
			    hexval(b.data[i + 2]) >= 0);
			CHECK(buf_addc(&back, hexval(b.data[i + 1]) << 4 |
			    hexval(b.data[i + 2])) == 0);
			i += 2;
			break;
		default:
			abort();
		}
	}
	CHECK(back.len == n);
	CHECK(n == 0 || memcmp(back.data, d, n) == 0);
	/* esc_needed is exactly "the escaped text differs". */
	CHECK(!esc_needed((const char *)d, n) ==
	    (b.len == n && (n == 0 || memcmp(b.data, d, n) == 0)));
	buf_free(&b);
	buf_free(&back);
}

/* Length of the well-formed UTF-8 sequence at s (Unicode table 3-7), or 0. */
static size_t
utf8_ok(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (len > n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

static void
check_json(const uint8_t *d, size_t n)
{
	struct buf b = { 0 }, back = { 0 };
	const unsigned char *j;
	size_t i, len;

	CHECK(esc_json(&b, (const char *)d, n) == 0);
	j = (const unsigned char *)b.data;
	CHECK(b.len >= 2 && j[0] == '"' && j[b.len - 1] == '"');
	for (i = 1; i < b.len - 1; ) {
		unsigned long cp = 0;
		int k, h;

		CHECK(j[i] >= 0x20 && j[i] != '"');	/* no raw control, no end */
		if (j[i] >= 0x80) {
			CHECK((len = utf8_ok(j + i, b.len - 1 - i)) > 0);
			CHECK(buf_add(&back, j + i, len) == 0);
			i += len;
			continue;
		}
		if (j[i] != '\\') {
			CHECK(buf_addc(&back, j[i++]) == 0);
			continue;
		}
		CHECK(i + 1 < b.len - 1);
		switch (j[i + 1]) {
		case '"': case '\\': case '/':
			CHECK(buf_addc(&back, j[i + 1]) == 0);
			i += 2;
			continue;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			CHECK(i + 5 < b.len - 1);
			for (k = 2; k < 6; k++) {
				CHECK((h = hexval(j[i + k])) >= 0);
				cp = cp << 4 | (unsigned)h;
			}
			/* We never write surrogates: no lone halves. */
			CHECK(cp < 0xd800 || cp > 0xdfff);
			/* A \u escape stands for one input byte (a control
			 * character or a byte that is not UTF-8). */
			CHECK(cp < 0x100);
			CHECK(buf_addc(&back, (int)cp) == 0);
			i += 6;
			continue;
		default:
			abort();
		}
		CHECK(buf_addc(&back, (int)cp) == 0);
		i += 2;
	}
	CHECK(back.len == n);
	CHECK(n == 0 || memcmp(back.data, d, n) == 0);
	buf_free(&b);
	buf_free(&back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	check_tsv(d, n);
	check_json(d, n);
	return 0;
}
