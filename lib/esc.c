#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "esc.h"
#include "hex.h"

/*
 * Eight bytes at a time, as a batch asks it of every line that failed: a
 * byte below 0x20, 0x7f, a backslash or a byte with the top bit set.  The
 * "has a byte less than" and "has a zero byte" tests are exact for any
 * byte of the word (Hacker's Delight, 6-1).
 */
#define ONES		0x0101010101010101ULL
#define HIGHS		0x8080808080808080ULL
#define HASLESS(x, c)	(((x) - ONES * (c)) & ~(x) & HIGHS)
#define HASZERO(x)	(((x) - ONES) & ~(x) & HIGHS)
#define BAD(x)		(((x) & HIGHS) | HASLESS(x, 0x20) | \
			    HASZERO((x) ^ (ONES * 0x7f)) | \
			    HASZERO((x) ^ (ONES * '\\')))

int
esc_needed(const char *s, size_t n)
{
	uint64_t x, y;
	uint32_t a, b;
	size_t i;

	/* Up to 16 bytes, the length of most inputs, in two words that may
	 * overlap; more, word by word, the last one overlapping. */
	if (n >= 8) {
		for (i = 0; i + 16 < n; i += 8) {
			memcpy(&x, s + i, 8);
			if (BAD(x))
				return 1;
		}
		memcpy(&x, s + i, 8);
		memcpy(&y, s + n - 8, 8);
		return (BAD(x) | BAD(y)) != 0;
	}
	if (n >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		x = (uint64_t)a << 32 | b;
		return BAD(x) != 0;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c >= 0x7f || c == '\\')
			return 1;
	}
	return 0;
}

int
esc_tsv(struct buf *b, const char *s, size_t n)
{
	size_t i, start = 0;
	char e[4];

	if (!esc_needed(s, n))
		return buf_add(b, s, n);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t elen = 2;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			continue;
		e[0] = '\\';
		if (c == '\t')
			e[1] = 't';
		else if (c == '\n')
			e[1] = 'n';
		else if (c == '\\')
			e[1] = '\\';
		else {
			e[1] = 'x';
			e[2] = hex_digits[c >> 4];
			e[3] = hex_digits[c & 15];
			elen = 4;
		}
		if (buf_add(b, s + start, i - start) == -1 ||
		    buf_add(b, e, elen) == -1)
			return -1;
		start = i + 1;
	}
	return buf_add(b, s + start, n - start);
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and code points past U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

int
esc_json(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;
	char e[8];

	if (buf_addc(b, '"') == -1)
		return -1;
	while (i < n) {
		unsigned char c = u[i];

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7f) {
			if (buf_addc(b, c) == -1)
				return -1;
			i++;
			continue;
		}
		if (c >= 0x80 && (len = utf8_len(u + i, n - i)) > 0) {
			if (buf_add(b, s + i, len) == -1)
				return -1;
			i += len;
			continue;
		}
		if (c == '"' || c == '\\') {
			e[0] = '\\', e[1] = (char)c;
			len = 2;
		} else if (c == '\n' || c == '\t') {
			e[0] = '\\', e[1] = c == '\n' ? 'n' : 't';
			len = 2;
		} else {
			/* A lone byte keeps its value as a code point. */
			snprintf(e, sizeof(e), "\\u%04x", c);
			len = 6;
		}
		if (buf_add(b, e, len) == -1)
			return -1;
		i++;
	}
	return buf_addc(b, '"');
}
