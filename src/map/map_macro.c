/*
 * map_macro.c - the macro class: $(macro name $@ value $) sets macro
 * name to value, $(macro name $) clears it; the lookup always returns
 * the empty string.  Names are "x", "{x}" (the same) or "{long}"; a
 * bare longer word names its first character, as sendmail's macid.
 */
#include "map/map_impl.h"
#include "util/buf.h"

#include <string.h>
#include <sysexits.h>

/* map_macro_name - the name to give env->macro_set, or NULL if bad */
static const char *
map_macro_name(const char *key, struct buf *name)
{
	size_t n = strlen(key);

	buf_reset(name);
	if (n == 0)
		return NULL;
	if (key[0] != '{') {
		buf_addc(name, key[0]);
		return buf_str(name);
	}
	if (n < 3 || key[n - 1] != '}')
		return NULL;
	if (n == 3)
		buf_addc(name, key[1]);
	else
		buf_add(name, key, n);
	return buf_str(name);
}

/* map_macro_lookup - set or clear the macro */
static void
map_macro_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct buf name = BUF_INIT;
	const char *n = map_macro_name(key, &name);
	const char *value = NULL;

	if (n == NULL) {
		res->status = EX_CONFIG;
		buf_free(&name);
		return;
	}
	if (av != NULL && av[0] != NULL && av[1] != NULL)
		value = av[1];
	if (m->env != NULL && m->env->macro_set != NULL)
		m->env->macro_set(m->env->ctx, n, value);
	buf_reset(&res->value);
	res->found = true;
	res->status = EX_OK;
	buf_free(&name);
}

const struct map_class map_class_macro = {
	"macro", MAP_C_OPTFILE, map_dequote_parse, NULL, map_macro_lookup,
	NULL,
};
