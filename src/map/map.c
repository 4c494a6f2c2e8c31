/* map.c - declaring maps, opening them lazily, and the lookup path */
#include "map/map.h"
#include "map/map_impl.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

/* sendmail declares these itself; ConfigLevel >= 2 adds -a. -D to host */
const struct map_builtin map_builtins[] = {
	{ "host", "host", "-a. -D" },
	{ "aliases.files", "null", "" },
	{ "aliases", "switch", "aliases" },
	{ NULL, NULL, NULL },
};

/* map_new - declare a map from a K line */
struct map *
map_new(const struct map_env *env, const char *name, const char *classname,
    const char *args, struct buf *err)
{
	const struct map_class *cls;
	struct map *m;

	buf_reset(err);
	if (args == NULL)
		args = "";
	cls = map_class_find(classname);
	if (cls == NULL || (cls->flags & MAP_C_NOTAVAIL)) {
		buf_addf(err, "readcf: map %s: class %s not available",
		    name, classname);
		return NULL;
	}
	m = xcalloc(1, sizeof(*m));
	m->name = xstrdup(name);
	m->cls = cls;
	m->env = env;
	m->state = MAP_ST_NEW;
	m->valid = true;
	m->retry = -1;
	m->args = xstrdup(args);
	if (!(cls->parse ? cls->parse : map_args_parse)(m, args, err))
		m->valid = false;
	if (!m->valid)
		m->state = MAP_ST_CLOSED;
	return m;
}

/* map_free - close and release a map */
void
map_free(struct map *m)
{
	if (m == NULL)
		return;
	if (m->state == MAP_ST_OPEN && m->cls->close != NULL)
		m->cls->close(m);
	else if (m->priv != NULL && m->cls->close != NULL)
		m->cls->close(m);
	free(m->name);
	free(m->app);
	free(m->tapp);
	free(m->keycol);
	free(m->valcol);
	free(m->file);
	free(m->rest);
	free(m->args);
	free(m);
}

/* map_name - the name from the K line */
const char *
map_name(const struct map *m)
{
	return m->name;
}

/* map_classname - the class name */
const char *
map_classname(const struct map *m)
{
	return m->cls->name;
}

/* map_do_open - open on first use, as sendmail's openmap */
bool
map_do_open(struct map *m)
{
	if (m->state == MAP_ST_NEW) {
		if (m->cls->open == NULL || m->cls->open(m))
			m->state = MAP_ST_OPEN;
		else if (m->flags & MAP_F_OPTIONAL)
			m->state = MAP_ST_CLOSED;
		else
			m->state = MAP_ST_BOGUS;
	}
	return m->state == MAP_ST_OPEN || m->state == MAP_ST_BOGUS;
}

/* map_open - see map.h */
bool
map_open(struct map *m)
{
	return map_do_open(m);
}

/* map_class_lookup - the class lookup, or a temporary failure if bogus */
void
map_class_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	buf_reset(&res->value);
	res->found = false;
	res->status = EX_OK;
	if (!map_do_open(m))
		return;
	if (m->state == MAP_ST_BOGUS) {
		res->status = EX_TEMPFAIL;
		return;
	}
	m->cls->lookup(m, key, av, res);
}

/* map_lookup_direct - see map.h */
void
map_lookup_direct(struct map *m, const char *key, struct map_result *res)
{
	const char *av[2];

	av[0] = key;
	av[1] = NULL;
	map_class_lookup(m, key, av, res);
}

/* map_lookup - the rewriting engine's $( $) lookup */
void
map_lookup(struct map *m, const char *key, const char *const *args,
    size_t nargs, struct map_result *res)
{
	const char **av;
	char *k;
	size_t i;

	buf_reset(&res->value);
	res->found = false;
	res->status = EX_OK;
	if (!map_do_open(m))
		return;
	k = xstrdup(key);
	if (!(m->flags & MAP_F_KEEPQUOTES))
		map_quote_strip(k);
	av = xcalloc(nargs + 2, sizeof(*av));
	av[0] = k;
	for (i = 0; i < nargs; i++)
		av[i + 1] = args[i] != NULL ? args[i] : "";
	av[nargs + 1] = NULL;
	map_class_lookup(m, k, av, res);
	if (res->status == EX_TEMPFAIL) {
		/* -t: a server failure counts as not found */
		if (m->tapp != NULL) {
			buf_reset(&res->value);
			buf_adds(&res->value, k);
			buf_adds(&res->value, m->tapp);
			res->found = true;
		} else
			res->found = false;
		if (m->flags & MAP_F_NODEFER)
			res->status = EX_OK;
	}
	free(av);
	free(k);
}

/* map_result_init - an empty result */
void
map_result_init(struct map_result *res)
{
	res->found = false;
	res->status = EX_OK;
	buf_init(&res->value);
}

/* map_result_free - release the value */
void
map_result_free(struct map_result *res)
{
	buf_free(&res->value);
}

/* map_class_known - is this a class name sendmail 8.17 knows? */
bool
map_class_known(const char *classname)
{
	return map_class_find(classname) != NULL;
}
