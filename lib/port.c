#include <netinet/in.h>
#include <ctype.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "port.h"

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
 * getservbyport(3) reads the database anew each call, two calls a port.  A
 * batch asks for the same ports again and again, so each answer is kept;
 * and once a batch has asked about SYS_BULK ports, the database is read
 * whole, once, with getservent(3): the first tcp entry of a port, else its
 * first udp entry, is what getservbyport gives.  Names are copied: the
 * struct servent is overwritten by the next call.
 */
#define SYS_BULK	64

enum { SysUnasked, SysNone, SysTcp, SysUdp };

static uint8_t		 sys_state[65536];
static char		*sys_name[65536];
static size_t		 sys_asked;
static int		 sys_bulk;	/* 1 read whole, -1 could not */

static void
sys_set(long port, int state, const char *name)
{
	char *copy = NULL;

	/* Out of memory: answer as unknown rather than fail the batch. */
	if (name != NULL && (copy = strdup(name)) == NULL)
		state = SysNone;
	free(sys_name[port]);
	sys_name[port] = copy;
	sys_state[port] = (uint8_t)state;
}

static void
sys_load(void)
{
	static uint8_t fresh[65536 / 8];	/* set by this read */
	struct servent *se;
	long port, n = 0;
	int tcp;

	setservent(0);
	while ((se = getservent()) != NULL) {
		port = ntohs((uint16_t)se->s_port);
		if ((tcp = strcmp(se->s_proto, "tcp") == 0) == 0 &&
		    strcmp(se->s_proto, "udp") != 0)
			continue;
		n++;
		if (sys_state[port] == SysUnasked) {
			sys_set(port, tcp ? SysTcp : SysUdp, se->s_name);
			fresh[port >> 3] |= 1 << (port & 7);
		} else if (tcp && sys_state[port] == SysUdp &&
		    (fresh[port >> 3] & 1 << (port & 7)) != 0)
			sys_set(port, SysTcp, se->s_name);
	}
	endservent();
	/* A database that cannot be listed is asked port by port. */
	if (n == 0) {
		sys_bulk = -1;
		return;
	}
	for (port = 0; port < 65536; port++)
		if (sys_state[port] == SysUnasked)
			sys_state[port] = SysNone;
	sys_bulk = 1;
}

const char *
port_system(long port, const char **proto)
{
	struct servent *se;
	uint16_t nport;

	if (port < 0 || port > 65535)
		return NULL;
	if (sys_state[port] == SysUnasked && sys_bulk == 0 &&
	    ++sys_asked > SYS_BULK)
		sys_load();
	if (sys_state[port] == SysUnasked) {
		nport = htons((uint16_t)port);
		if ((se = getservbyport(nport, "tcp")) != NULL)
			sys_set(port, SysTcp, se->s_name);
		else if ((se = getservbyport(nport, "udp")) != NULL)
			sys_set(port, SysUdp, se->s_name);
		else
			sys_set(port, SysNone, NULL);
	}
	if (sys_state[port] == SysNone)
		return NULL;
	*proto = sys_state[port] == SysTcp ? "tcp" : "udp";
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
