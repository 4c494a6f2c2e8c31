/*
 * map_stab.c - the stab class: an aliases-format text file ("key:
 * value", continued on lines that start with white space) read into
 * memory when the map opens, looked up without regard to case.
 */
#include "map/map_impl.h"
#include "util/buf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

struct map_stab_ent {
	char *key, *value;
};

struct map_stab {
	struct map_stab_ent *ent;
	size_t n, cap;
};

/* map_stab_add - add a "key: value" record */
static void
map_stab_add(struct map_stab *s, const char *rec)
{
	const char *colon = strchr(rec, ':'), *v;
	size_t klen;

	if (colon == NULL)
		return;
	klen = (size_t)(colon - rec);
	while (klen > 0 && isspace((unsigned char)rec[klen - 1]))
		klen--;
	if (klen == 0)
		return;
	for (v = colon + 1; isspace((unsigned char)*v); v++)
		;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->ent = xreallocarray(s->ent, s->cap, sizeof(*s->ent));
	}
	s->ent[s->n].key = xstrndup(rec, klen);
	map_lower(s->ent[s->n].key);
	s->ent[s->n].value = xstrdup(v);
	s->n++;
}

/* map_stab_close - free the table */
static void
map_stab_close(struct map *m)
{
	struct map_stab *s = m->priv;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->ent[i].key);
		free(s->ent[i].value);
	}
	free(s->ent);
	free(s);
	m->priv = NULL;
}

/* map_stab_open - read the file */
static bool
map_stab_open(struct map *m)
{
	struct buf rec = BUF_INIT;
	struct map_stab *s;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *fp;

	if ((fp = fopen(m->file, "r")) == NULL) {
		if (!(m->flags & MAP_F_OPTIONAL))
			map_error(m, "stab map \"%s\": cannot open %s",
			    m->name, m->file);
		return false;
	}
	s = xcalloc(1, sizeof(*s));
	while ((n = getline(&line, &cap, fp)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (line[0] == ' ' || line[0] == '\t') {
			if (rec.len > 0)
				buf_adds(&rec, line);
			continue;
		}
		if (rec.len > 0)
			map_stab_add(s, buf_str(&rec));
		buf_reset(&rec);
		if (line[0] != '#' && line[0] != '\0')
			buf_adds(&rec, line);
	}
	if (rec.len > 0)
		map_stab_add(s, buf_str(&rec));
	free(line);
	buf_free(&rec);
	(void)fclose(fp);
	m->priv = s;
	return true;
}

/* map_stab_lookup - find the key */
static void
map_stab_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct map_stab *s = m->priv;
	size_t i;

	res->status = EX_NOHOST;	/* EX_NOTFOUND */
	for (i = 0; s != NULL && i < s->n; i++) {
		if (strcasecmp(s->ent[i].key, key) != 0)
			continue;
		if (m->flags & MAP_F_MATCHONLY)
			map_found(m, res, key, strlen(key), NULL);
		else
			map_found(m, res, s->ent[i].value,
			    strlen(s->ent[i].value), av);
		return;
	}
}

const struct map_class map_class_stab = {
	"stab", 0, NULL, map_stab_open, map_stab_lookup, map_stab_close,
};
