/*
 * map_arpa.c - the arpa class: the reverse-lookup form of an address,
 * without the in-addr.arpa or ip6.arpa suffix: 1.2.3.4 gives 4.3.2.1,
 * IPv6:... gives the 32 reversed nibbles.  Not an address: not found.
 */
#include "map/map_impl.h"
#include "util/buf.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <strings.h>
#include <sysexits.h>

/* map_arpa_lookup - reverse the address */
static void
map_arpa_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct buf val = BUF_INIT;
	unsigned char a[16];
	int i;

	if (strncasecmp(key, "IPv6:", 5) == 0 &&
	    inet_pton(AF_INET6, key + 5, a) == 1) {
		for (i = 15; i >= 0; i--)
			buf_addf(&val, "%s%x.%x", i == 15 ? "" : ".",
			    a[i] & 0xf, a[i] >> 4);
	} else if (inet_pton(AF_INET, key, a) == 1)
		buf_addf(&val, "%u.%u.%u.%u", a[3], a[2], a[1], a[0]);
	else {
		res->status = EX_DATAERR;
		return;
	}
	map_found(m, res, buf_str(&val), val.len, av);
	buf_free(&val);
}

const struct map_class map_class_arpa = {
	"arpa", MAP_C_OPTFILE, map_dequote_parse, NULL, map_arpa_lookup,
	NULL,
};
