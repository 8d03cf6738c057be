#ifndef HEX_H
#define HEX_H

/* The hex digits in lower case, as addresses and escapes are written. */
extern const char		hex_digits[];
/* Each byte's digit value plus one; 0 for a byte that is not a digit. */
extern const signed char	hex_table[256];

/*
 * The value of the hex digit c (either case), 0-15, or -1 when c is not
 * one (EOF and negative chars included).  Inline and a table: the IPv6
 * parser runs it once a byte.
 */
static inline int
hex_value(int c)
{
	return (unsigned int)c < 256 ? hex_table[c] - 1 : -1;
}

#endif
