/*
 * test_map_env.h - a small host program for the map unit tests: a
 * macro table, a map table for sequence and switch, diagnostics
 * collected in a buffer, and lookups rendered the way -bt prints them
 * ("returns V (S)", "no match (S)", "not open") so the tables in the
 * tests read like transcripts of the real sendmail.
 */
#ifndef TERN_TEST_MAP_ENV_H
#define TERN_TEST_MAP_ENV_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "map/map.h"
#include "util/buf.h"

#define TENV_MAX 64

struct tenv {
	struct map_env env;
	struct buf errors;		/* env->error lines, each + "\n" */
	struct buf declerr;		/* map_new's err texts, each + "\n" */
	char *mname[TENV_MAX], *mval[TENV_MAX];
	size_t nmacros;
	struct map *maps[TENV_MAX];
	size_t nmaps;
	char out[4096];
};

static __attribute__((unused)) const char *
tenv_macro_get(void *ctx, const char *name)
{
	struct tenv *t = ctx;
	size_t i;

	for (i = 0; i < t->nmacros; i++)
		if (strcmp(t->mname[i], name) == 0)
			return t->mval[i];
	return NULL;
}

static __attribute__((unused)) void
tenv_macro_set(void *ctx, const char *name, const char *value)
{
	struct tenv *t = ctx;
	size_t i;

	for (i = 0; i < t->nmacros; i++)
		if (strcmp(t->mname[i], name) == 0)
			break;
	if (i == t->nmacros) {
		if (t->nmacros == TENV_MAX)
			return;
		t->mname[t->nmacros++] = xstrdup(name);
		t->mval[i] = NULL;
	}
	free(t->mval[i]);
	t->mval[i] = value != NULL ? xstrdup(value) : NULL;
}

static __attribute__((unused)) struct map *
tenv_map_find(void *ctx, const char *name)
{
	struct tenv *t = ctx;
	size_t i;

	for (i = 0; i < t->nmaps; i++)
		if (strcmp(map_name(t->maps[i]), name) == 0)
			return t->maps[i];
	return NULL;
}

static __attribute__((unused)) void
tenv_error(void *ctx, const char *text)
{
	struct tenv *t = ctx;

	buf_adds(&t->errors, text);
	buf_addc(&t->errors, '\n');
}

static __attribute__((unused)) void
tenv_init(struct tenv *t)
{
	memset(t, 0, sizeof(*t));
	t->env.ctx = t;
	t->env.macro_get = tenv_macro_get;
	t->env.macro_set = tenv_macro_set;
	t->env.map_find = tenv_map_find;
	t->env.error = tenv_error;
	buf_init(&t->errors);
	buf_init(&t->declerr);
}

static __attribute__((unused)) void
tenv_free(struct tenv *t)
{
	size_t i;

	for (i = 0; i < t->nmaps; i++)
		map_free(t->maps[i]);
	for (i = 0; i < t->nmacros; i++) {
		free(t->mname[i]);
		free(t->mval[i]);
	}
	buf_free(&t->errors);
	buf_free(&t->declerr);
}

/* tenv_declare - a K line; NULL if map_new refused it */
static __attribute__((unused)) struct map *
tenv_declare(struct tenv *t, const char *name, const char *cls,
    const char *args)
{
	struct buf err = BUF_INIT;
	struct map *m = map_new(&t->env, name, cls, args, &err);

	if (err.len > 0) {
		buf_adds(&t->declerr, buf_str(&err));
		buf_addc(&t->declerr, '\n');
	}
	buf_free(&err);
	if (m != NULL && t->nmaps < TENV_MAX) {
		size_t i;

		for (i = 0; i < t->nmaps; i++)
			if (strcmp(map_name(t->maps[i]), name) == 0) {
				map_free(t->maps[i]);
				t->maps[i] = m;
				return m;
			}
		t->maps[t->nmaps++] = m;
	}
	return m;
}

/* tenv_render - a result as -bt prints it after "map_lookup: m (k) " */
static __attribute__((unused)) const char *
tenv_render(struct tenv *t, const struct map_result *res)
{
	if (res->found)
		snprintf(t->out, sizeof(t->out), "returns %s (%d)",
		    buf_str((struct buf *)&res->value), res->status);
	else
		snprintf(t->out, sizeof(t->out), "no match (%d)", res->status);
	return t->out;
}

/* tenv_bt - what -bt's "/map name key" prints */
static __attribute__((unused)) const char *
tenv_bt(struct tenv *t, const char *name, const char *key)
{
	struct map *m = tenv_map_find(t, name);
	struct map_result res;

	if (m == NULL) {
		snprintf(t->out, sizeof(t->out),
		    "Map named \"%s\" not found", name);
		return t->out;
	}
	if (!map_open(m)) {
		snprintf(t->out, sizeof(t->out), "Map named \"%s\" not open",
		    name);
		return t->out;
	}
	map_result_init(&res);
	map_lookup_direct(m, key, &res);
	tenv_render(t, &res);
	map_result_free(&res);
	return t->out;
}

/* tenv_rule - a lookup from a rule: $(name key $@ a1 $@ a2 $) */
static __attribute__((unused)) const char *
tenv_rule(struct tenv *t, const char *name, const char *key,
    const char *a1, const char *a2)
{
	struct map *m = tenv_map_find(t, name);
	const char *args[2] = { a1, a2 };
	size_t nargs = a2 != NULL ? 2 : a1 != NULL ? 1 : 0;
	struct map_result res;

	if (m == NULL)
		return "no map";
	map_result_init(&res);
	map_lookup(m, key, args, nargs, &res);
	tenv_render(t, &res);
	map_result_free(&res);
	return t->out;
}

/* tenv_tmpdir - a fresh directory for a test's files */
static __attribute__((unused)) char *
tenv_tmpdir(void)
{
	char tmpl[] = "/tmp/tern-map-XXXXXX";
	char *d = mkdtemp(tmpl);

	return d != NULL ? xstrdup(d) : NULL;
}

/* tenv_write - a file with that text; its path, caller frees */
static __attribute__((unused)) char *
tenv_write(const char *dir, const char *name, const char *text)
{
	struct buf path = BUF_INIT;
	FILE *fp;

	buf_addf(&path, "%s/%s", dir, name);
	fp = fopen(buf_str(&path), "w");
	if (fp != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
	return buf_steal(&path);
}

/* tenv_rmdir - remove a test directory and what is in it */
static __attribute__((unused)) void
tenv_rmdir(const char *dir)
{
	char cmd[512];

	if (dir == NULL || strncmp(dir, "/tmp/tern-map-", 14) != 0)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

#endif
