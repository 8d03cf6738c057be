#ifndef PORT_H
#define PORT_H

#include <stddef.h>
#include <stdint.h>

/*
 * The common use of ports, from a table compiled in from
 * data/port-usage.tsv: sorted by port, no two entries share a port.
 */
struct port_entry {
	uint16_t	 low;
	uint16_t	 high;		/* == low for a single port */
	uint16_t	 namelen;
	const char	*name;		/* printable ASCII, no \ */
};

extern const struct port_entry	port_table[];
extern const size_t		port_table_len;
extern const uint8_t		port_known[8192];
extern const uint16_t		port_index[65536];

/*
 * The entry covering port, or NULL; port outside 0-65535 gives NULL.
 * Inline: most ports asked about are not in the table, and the 8 KiB
 * bitmap says so from the L1 cache, before the 128 KiB index is touched.
 */
static inline const struct port_entry *
port_lookup(long port)
{
	uint16_t i;

	if (port < 0 || port > 65535)
		return NULL;
	if ((port_known[port >> 3] & 1 << (port & 7)) == 0)
		return NULL;
	i = port_index[port];
	return i == 0 ? NULL : &port_table[i - 1];
}
/* Entry i of the table in port order, or NULL past the end. */
const struct port_entry	*port_entry_at(size_t i);
/*
 * The next entry after *i (start with *i = 0) whose name is name, compared
 * case-insensitively; NULL when there is no more.
 */
const struct port_entry	*port_find_name(const char *name, size_t *i);

/*
 * The system services database (getservbyport(3)), tcp first, then udp:
 * the service name and in *proto "tcp" or "udp", or NULL when it has none.
 * The name stays valid until the program ends.
 */
const char		*port_system(long port, const char **proto);
/*
 * The ports of a service name in the system database, tcp first, then udp
 * when it differs: fills ports[0..1] and returns how many (0-2).
 */
int			 port_system_byname(const char *name, long *ports);

#endif
