/* cf_map.c - K lines, and how maps see the configuration */
#include "cf/cf.h"
#include "cf/cf_int.h"
#include "cf/macro.h"
#include "cf/option.h"
#include "map/map.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* --- the map environment: how maps see macros, other maps, options */

static const char *
cf_map_env_macro_get(void *ctx, const char *name)
{
	struct cf *cf = ctx;

	return macro_get_name(cf->macros, name);
}

static void
cf_map_env_macro_set(void *ctx, const char *name, const char *value)
{
	struct cf *cf = ctx;
	size_t len = strlen(name);

	if (len > 2 && name[0] == '{' && name[len - 1] == '}') {
		name++;
		len -= 2;
	}
	macro_set(cf->macros, macro_id(cf->macros, name, len), value);
}

static struct map *
cf_map_env_find(void *ctx, const char *name)
{
	return cf_map_find(ctx, name);
}

/*
 * cf_map_env_error - a map's diagnostic: while the file is read (an F
 * line opening a map) it is located and counts as an error, as
 * sendmail's syserr; later it is printed as is.
 */
static void
cf_map_env_error(void *ctx, const char *text)
{
	struct cf *cf = ctx;

	if (cf->line > 0) {
		cf->nenv_errors++;
		cf_warn(cf, cf->line, "%s", text);
		return;
	}
	fprintf(cf->diag ? cf->diag : stderr, "%s\n", text);
}

void
cf_map_env_init(struct cf *cf)
{
	struct map_env *env = xcalloc(1, sizeof(*env));

	env->ctx = cf;
	env->macro_get = cf_map_env_macro_get;
	env->macro_set = cf_map_env_macro_set;
	env->map_find = cf_map_env_find;
	env->error = cf_map_env_error;
	cf->map_env = env;
}

struct map *
cf_map_find(struct cf *cf, const char *name)
{
	size_t i;

	for (i = 0; i < cf->nmaps; i++)
		if (strcmp(map_name(cf->maps[i]), name) == 0)
			return cf->maps[i];
	return NULL;
}

/* cf_map_errors - each line of a map's complaints, as sendmail's syserr */
static void
cf_map_errors(struct cf *cf, const struct buf *err, int line)
{
	const char *p, *end;

	if (err->len == 0)
		return;
	p = err->data;
	end = err->data + err->len;
	while (p != NULL && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((nl != NULL ? nl : end) - p);

		cf_warn(cf, line, "%.*s", (int)len, p);
		p = nl != NULL ? nl + 1 : NULL;
	}
}

void
cf_map_declare(struct cf *cf, const char *name, const char *classname,
    const char *args, int line)
{
	struct buf err = BUF_INIT;
	struct map *m;
	size_t i;

	m = map_new(cf->map_env, name, classname, args, &err);
	cf_map_errors(cf, &err, line);
	buf_free(&err);
	if (m == NULL)
		return;
	for (i = 0; i < cf->nmaps; i++)
		if (strcmp(map_name(cf->maps[i]), name) == 0) {
			map_free(cf->maps[i]);
			cf->maps[i] = m;
			return;
		}
	cf->maps = xreallocarray(cf->maps, cf->nmaps + 1, sizeof(*cf->maps));
	cf->maps[cf->nmaps++] = m;
}

/* cf_map_alnum - isascii && isalnum, as sendmail's map names want */
static bool
cf_map_alnum(int c)
{
	return isascii(c) && isalnum(c);
}

/*
 * cf_map_line - a K line, as sendmail's makemapentry: the text is
 * expanded, the name is letters, digits, '_' and '.', starting with a
 * letter or digit, the class letters and digits; one character after
 * each is taken as its delimiter.
 */
void
cf_map_line(struct cf *cf, const char *text, int line)
{
	struct buf exp = BUF_INIT;
	const char *p, *start;
	char *name = NULL, *classname = NULL;

	macro_expand(cf->macros, text, &exp);
	if (exp.len > CF_MAXLINE - 1)
		buf_truncate(&exp, CF_MAXLINE - 1);
	p = buf_str(&exp);
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (!cf_map_alnum((unsigned char)*p)) {
		cf_warn(cf, line, "readcf: config K line: no map name");
		goto out;
	}
	start = p;
	while (cf_map_alnum((unsigned char)*++p) || *p == '_' || *p == '.')
		;
	name = xstrndup(start, (size_t)(p - start));
	if (*p != '\0')
		p++;
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (!cf_map_alnum((unsigned char)*p)) {
		cf_warn(cf, line, "readcf: config K line, map %s: no map class",
		    name);
		goto out;
	}
	start = p;
	while (cf_map_alnum((unsigned char)*++p))
		;
	classname = xstrndup(start, (size_t)(p - start));
	if (*p != '\0')
		p++;
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	cf_map_declare(cf, name, classname, p, line);
out:
	free(name);
	free(classname);
	buf_free(&exp);
}

/*
 * cf_map_aliases - the maps behind the aliases service: each AliasFile
 * spec ("[class:]file", implicit by default) becomes a map, and
 * "aliases.files" is that map, or a sequence of them.
 */
void
cf_map_aliases(struct cf *cf)
{
	const struct option_list *l = &cf->opts->alias_files;
	struct buf seq = BUF_INIT;
	size_t i;

	for (i = 0; i < l->n; i++) {
		const char *spec = l->v[i], *colon = strchr(spec, ':');
		const char *file = spec;
		char *class = xstrdup("implicit"), name[32];

		/* "hash:/etc/aliases" names the class; a plain path is implicit */
		if (colon != NULL && colon > spec && strchr(spec, '/') > colon) {
			free(class);
			class = xstrndup(spec, (size_t)(colon - spec));
			file = colon + 1;
		}
		if (l->n == 1)
			snprintf(name, sizeof(name), "aliases.files");
		else
			snprintf(name, sizeof(name), "Alias%zu", i);
		cf_map_declare(cf, name, class, file, 0);
		buf_addf(&seq, "%s%s", i ? " " : "", name);
		free(class);
	}
	if (l->n > 1)
		cf_map_declare(cf, "aliases.files", "sequence", buf_str(&seq), 0);
	buf_free(&seq);
}

/* cf_map_builtins - the maps sendmail declares itself, unless a K line did */
void
cf_map_builtins(struct cf *cf)
{
	size_t i;

	for (i = 0; map_builtins[i].name != NULL; i++)
		if (cf_map_find(cf, map_builtins[i].name) == NULL)
			cf_map_declare(cf, map_builtins[i].name,
			    map_builtins[i].classname, map_builtins[i].args, 0);
}
