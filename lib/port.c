#include <netinet/in.h>
#include <ctype.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "port.h"

const struct port_entry *
port_lookup(long port)
{
	uint16_t i;

	if (port < 0 || port > 65535)
		return NULL;
	/*
	 * Most ports asked about are not in the table: the 8 KiB bitmap says so
	 * from the L1 cache, before the 128 KiB index is touched.
	 */
	if ((port_known[port >> 3] & 1 << (port & 7)) == 0)
		return NULL;
	i = port_index[port];
	return i == 0 ? NULL : &port_table[i - 1];
}

const char *
port_usage(long port)
{
	const struct port_entry *e;

	return (e = port_lookup(port)) == NULL ? NULL : e->name;
}

const struct port_entry *
port_entry_at(size_t i)
{
	return i < port_table_len ? &port_table[i] : NULL;
}

const struct port_entry *
port_find_name(const char *name, size_t *i)
{
	for (; *i < port_table_len; (*i)++)
		if (strcasecmp(port_table[*i].name, name) == 0)
			return &port_table[(*i)++];
	return NULL;
}

/*
 * getservbyport(3) reads the database anew each call; a batch asks for the
 * same ports again and again, so each answer is kept.  Names are copied: the
 * struct servent is overwritten by the next call.
 */
static uint8_t		 sys_done[65536];	/* 1 asked, 2 found tcp, 3 udp */
static char		*sys_name[65536];

const char *
port_system(long port, const char **proto)
{
	static int opened;
	struct servent *se;
	char *name;
	int how;

	if (port < 0 || port > 65535)
		return NULL;
	if (sys_done[port] == 0) {
		if (!opened) {
			setservent(1);
			opened = 1;
		}
		how = 1;
		name = NULL;
		if ((se = getservbyport(htons((uint16_t)port), "tcp")) != NULL)
			how = 2;
		else if ((se = getservbyport(htons((uint16_t)port), "udp")) != NULL)
			how = 3;
		/* Out of memory: answer as unknown rather than fail the batch. */
		if (se != NULL && (name = strdup(se->s_name)) == NULL)
			how = 1;
		sys_name[port] = name;
		sys_done[port] = (uint8_t)how;
	}
	if (sys_done[port] == 1)
		return NULL;
	*proto = sys_done[port] == 2 ? "tcp" : "udp";
	return sys_name[port];
}

/* Service names are lower case in services(5); NAME may not be. */
static int
byname(const char *name, long *ports)
{
	struct servent *se;
	int n = 0;

	if ((se = getservbyname(name, "tcp")) != NULL)
		ports[n++] = ntohs((uint16_t)se->s_port);
	if ((se = getservbyname(name, "udp")) != NULL &&
	    (n == 0 || ports[0] != ntohs((uint16_t)se->s_port)))
		ports[n++] = ntohs((uint16_t)se->s_port);
	return n;
}

int
port_system_byname(const char *name, long *ports)
{
	char lower[256];
	size_t i;
	int n;

	if ((n = byname(name, ports)) > 0 || strlen(name) >= sizeof(lower))
		return n;
	for (i = 0; name[i] != '\0'; i++)
		lower[i] = (char)tolower((unsigned char)name[i]);
	lower[i] = '\0';
	return strcmp(lower, name) == 0 ? 0 : byname(lower, ports);
}
