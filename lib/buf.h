#ifndef BUF_H
#define BUF_H

#include <stddef.h>

/* A growable byte string; data is always NUL-terminated after len bytes. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

int	buf_grow(struct buf *, size_t);
int	buf_add(struct buf *, const void *, size_t);
int	buf_addc(struct buf *, int);
int	buf_addstr(struct buf *, const char *);
void	buf_reset(struct buf *);
void	buf_free(struct buf *);

#endif
