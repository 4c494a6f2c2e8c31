/* map_null.c - the null class: never finds anything (aliases.files) */
#include "map/map_impl.h"

#include <sysexits.h>

/* map_null_lookup - not found */
static void
map_null_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	(void)m;
	(void)key;
	(void)av;
	res->status = EX_NOHOST;	/* sendmail's EX_NOTFOUND */
}

const struct map_class map_class_null = {
	"null", MAP_C_OPTFILE, NULL, NULL, map_null_lookup, NULL,
};
