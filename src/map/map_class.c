/* map_class.c - the registry of map classes, by name */
#include "map/map_impl.h"

#include <string.h>

extern const struct map_class map_class_hash, map_class_btree,
    map_class_implicit, map_class_text, map_class_user, map_class_stab,
    map_class_null, map_class_host, map_class_bestmx, map_class_dns,
    map_class_arpa, map_class_sequence, map_class_switch,
    map_class_syslog, map_class_dequote, map_class_regex,
    map_class_program, map_class_macro, map_class_arith;

/* classes sendmail 8.17 can have that tern does not build in */
#define UNAVAIL(n) { n, MAP_C_NOTAVAIL | MAP_C_OPTFILE, NULL, NULL, NULL, NULL }
static const struct map_class map_class_unavail[] = {
	UNAVAIL("dbm"), UNAVAIL("cdb"), UNAVAIL("nis"), UNAVAIL("nisplus"),
	UNAVAIL("ldap"), UNAVAIL("hesiod"), UNAVAIL("netinfo"),
	UNAVAIL("ph"), UNAVAIL("nsd"), UNAVAIL("socket"),
};

static const struct map_class *const map_classes[] = {
	&map_class_hash, &map_class_btree, &map_class_implicit,
	&map_class_text, &map_class_user, &map_class_stab, &map_class_null,
	&map_class_host, &map_class_bestmx, &map_class_dns, &map_class_arpa,
	&map_class_sequence, &map_class_switch, &map_class_syslog,
	&map_class_dequote, &map_class_regex, &map_class_program,
	&map_class_macro, &map_class_arith,
};

/* map_class_find - the class of that name, NULL if sendmail lacks it */
const struct map_class *
map_class_find(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	for (i = 0; i < sizeof(map_classes) / sizeof(map_classes[0]); i++)
		if (strcmp(map_classes[i]->name, name) == 0)
			return map_classes[i];
	for (i = 0; i < sizeof(map_class_unavail) /
	    sizeof(map_class_unavail[0]); i++)
		if (strcmp(map_class_unavail[i].name, name) == 0)
			return &map_class_unavail[i];
	return NULL;
}
