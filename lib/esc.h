#ifndef ESC_H
#define ESC_H

#include <stddef.h>

struct buf;

/*
 * A field for tab-separated or human output: tab, newline, backslash and
 * every byte outside printable ASCII become \t, \n, \\, \xHH, so a field
 * never breaks a record and any byte sequence survives the trip.
 */
int	esc_tsv(struct buf *, const char *, size_t);
/* A JSON string with its quotes; bytes that are not UTF-8 become \u00HH. */
int	esc_json(struct buf *, const char *, size_t);
/* Nonzero when esc_tsv would change the text. */
int	esc_needed(const char *, size_t);

#endif
