#include <string.h>

#include "list.h"

const char *
list_next(const char **s, size_t *len)
{
	const char *item = *s;

	if (item == NULL)
		return NULL;
	*len = strcspn(item, ",");
	*s = item[*len] == ',' ? item + *len + 1 : NULL;
	return item;
}

int
list_each(const char *list, int (*item)(void *, const char *, size_t,
    const char **), void *arg, const char **bad, size_t *badlen,
    const char **why)
{
	const char *p = list;

	*why = NULL;
	while ((*bad = list_next(&p, badlen)) != NULL)
		if (item(arg, *bad, *badlen, why) == -1)
			return -1;
	return 0;
}
