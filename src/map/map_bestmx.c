/*
 * map_bestmx.c - the bestmx class: the best MX host of the key, or all
 * of them joined by the -z delimiter.  A DNS failure is temporary.
 */
#include "map/map_impl.h"
#include "util/buf.h"

#include <string.h>
#include <sysexits.h>

/* map_bestmx_lookup - getmxrr */
static void
map_bestmx_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct map_mx mx;
	struct buf val = BUF_INIT;
	size_t i;
	int n;

	n = map_host_mx(m->env, key, &mx);
	if (n < 0) {
		res->status = EX_TEMPFAIL;
		return;
	}
	if (n == 0)
		return;
	if (m->flags & MAP_F_MATCHONLY)
		map_found(m, res, key, strlen(key), NULL);
	else {
		for (i = 0; i < mx.n && (i == 0 || m->coldelim != '\0'); i++) {
			if (i > 0)
				buf_addc(&val, m->coldelim);
			buf_adds(&val, mx.host[i]);
		}
		map_found(m, res, buf_str(&val), val.len, av);
	}
	buf_free(&val);
	map_mx_free(&mx);
}

const struct map_class map_class_bestmx = {
	"bestmx", MAP_C_OPTFILE, NULL, NULL, map_bestmx_lookup, NULL,
};
