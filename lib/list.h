#ifndef LIST_H
#define LIST_H

#include <stddef.h>

/*
 * The items of a comma-separated option value ("22,80,6881-6999"), one
 * call each: the next item's start and length, *s moved past it; NULL
 * after the last.  An empty item (",," or a trailing comma) is returned
 * as one, for the caller to refuse by name.
 */
const char	*list_next(const char **s, size_t *len);

/*
 * Calls item(arg, s, n, why) for each item of list until one fails: 0, or
 * -1 with *bad and *badlen the item at fault and *why what item said (NULL
 * with errno for a system error).
 */
int	list_each(const char *list, int (*item)(void *arg, const char *s,
	    size_t n, const char **why), void *arg, const char **bad,
	    size_t *badlen, const char **why);

#endif
