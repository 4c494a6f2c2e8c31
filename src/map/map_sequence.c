/*
 * map_sequence.c - the sequence class: try the member maps named on
 * the K line, in order, until one finds the key.  The members must be
 * declared before the sequence.  Not found anywhere: EX_NOTFOUND, or
 * EX_TEMPFAIL if a member failed temporarily.
 */
#include "map/map_impl.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define MAP_SEQ_MAX	12	/* sendmail's MAXMAPSTACK */

struct map_seq {
	struct map *member[MAP_SEQ_MAX];
	size_t n;
};

/* map_seq_lookup - try member maps in order */
void
map_seq_lookup(struct map *const *member, size_t n, const char *key,
    const char *const *av, struct map_result *res)
{
	bool tempfail = false;
	size_t i;

	res->status = EX_OK;
	for (i = 0; i < n; i++) {
		if (member[i] == NULL || !map_do_open(member[i]))
			continue;
		map_class_lookup(member[i], key, av, res);
		if (res->found)
			return;
		if (res->status == EX_TEMPFAIL)
			tempfail = true;
	}
	res->found = false;
	if (tempfail)
		res->status = EX_TEMPFAIL;
	else if (res->status == EX_OK)
		res->status = EX_NOHOST;	/* EX_NOTFOUND */
}

/* map_sequence_parse - the member map names, by space or comma */
static bool
map_sequence_parse(struct map *m, const char *p, struct buf *err)
{
	struct map_seq *s = xcalloc(1, sizeof(*s));
	struct map *mm;
	size_t n;

	m->priv = s;
	m->flags |= MAP_F_TRY0NULL | MAP_F_TRY1NULL;
	for (;;) {
		char *name;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		n = strcspn(p, " \t,");
		name = xstrndup(p, n);
		p += n;
		mm = NULL;
		if (m->env != NULL && m->env->map_find != NULL)
			mm = m->env->map_find(m->env->ctx, name);
		if (mm == NULL) {
			if (err->len > 0)
				buf_addc(err, '\n');
			buf_addf(err, "Sequence map %s: unknown member map %s",
			    m->name, name);
		} else if (s->n >= MAP_SEQ_MAX) {
			if (err->len > 0)
				buf_addc(err, '\n');
			buf_addf(err, "Sequence map %s: too many member maps "
			    "(%d max)", m->name, MAP_SEQ_MAX);
		} else
			s->member[s->n++] = mm;
		free(name);
	}
	return true;
}

/* map_sequence_lookup - the first member that finds it */
static void
map_sequence_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct map_seq *s = m->priv;

	map_seq_lookup(s->member, s->n, key, av, res);
}

/* map_sequence_close - free the member list */
static void
map_sequence_close(struct map *m)
{
	free(m->priv);
	m->priv = NULL;
}

const struct map_class map_class_sequence = {
	"sequence", MAP_C_OPTFILE, map_sequence_parse, NULL,
	map_sequence_lookup, map_sequence_close,
};
