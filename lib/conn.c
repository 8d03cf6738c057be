/* PLACEHOLDER: the conns issue writes the real module. */
#include <stdlib.h>

#include "conn.h"

void
connset_free(struct connset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].name);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}
