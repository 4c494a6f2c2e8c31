/*
 * session_macro.c - each session's own macro values (the overlay).
 *
 * The rulesets, intake and the qf writer read cf->macros, which all
 * sessions share.  session_enter puts the session's values there and
 * starts watching (macros_watch): the first change of any macro saves
 * the shared value it replaces.  session_leave takes every changed
 * macro's value into the overlay (so what a ruleset, intake or SASL set
 * during the work stays the session's) and puts the shared values back.
 * Calls nest (a callback inside session_store_done): only the outermost
 * pair applies and restores.
 */
#include "session/session_int.h"
#include "cf/cf.h"
#include "cf/macro.h"

#include <stdlib.h>
#include <string.h>

/* session_mvs_find - the entry for id, or NULL */
static struct session_mv *
session_mvs_find(struct session_mvs *l, int id)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].id == id)
			return &l->v[i];
	return NULL;
}

/* session_mvs_adopt - id's value in a list becomes value (owned now) */
static void
session_mvs_adopt(struct session_mvs *l, int id, char *value, bool cf)
{
	struct session_mv *mv = session_mvs_find(l, id);

	if (mv == NULL) {
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 16;
			l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
		}
		mv = &l->v[l->n++];
		mv->id = id;
		mv->value = NULL;
	}
	free(mv->value);
	mv->value = value;
	mv->cf = cf;
}

/* session_mvs_free - free a list */
void
session_mvs_free(struct session_mvs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].value);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* session_watch - a macro is about to change: set the shared value
 * aside (moved, not copied: the change replaces it anyway) */
static void
session_watch(void *ctx, int id)
{
	struct session *s = ctx;
	struct session_mvs *l = &s->saved;
	uint64_t bit = UINT64_C(1) << (id % 64);

	if (s->saved_ids[id / 64] & bit)
		return;
	s->saved_ids[id / 64] |= bit;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n].id = id;
	l->v[l->n].value = macro_steal(s->cf->macros, id, &l->v[l->n].cf);
	l->n++;
}

/*
 * session_enter - the session's values into cf->macros.  They move
 * there (the overlay keeps their ids, with NULL values, until
 * session_leave moves them back), so switching sessions copies nothing.
 */
void
session_enter(struct session *s)
{
	struct macros *m = s->cf->macros;
	size_t i;

	if (s->depth++ > 0)
		return;
	macros_watch(m, session_watch, s);
	for (i = 0; i < s->over.n; i++) {
		struct session_mv *mv = &s->over.v[i];

		macro_adopt(m, mv->id, mv->value, mv->cf);
		mv->value = NULL;
	}
}

/* session_leave - what changed into the overlay; the shared values back
 * (every overlay id was changed by session_enter, so is among them) */
void
session_leave(struct session *s)
{
	struct macros *m = s->cf->macros;
	size_t i;

	if (s->depth == 0 || --s->depth > 0)
		return;
	macros_watch(m, NULL, NULL);
	for (i = 0; i < s->saved.n; i++) {
		struct session_mv *mv = &s->saved.v[i];
		struct session_mv *o = i < s->over.n ? &s->over.v[i] : NULL;
		char *v;
		bool cf;

		v = macro_steal(m, mv->id, &cf);
		/* the overlay's ids were saved first, in its order */
		if (o != NULL && o->id == mv->id) {
			free(o->value);
			o->value = v;
			o->cf = cf;
		} else
			session_mvs_adopt(&s->over, mv->id, v, cf);
		macro_adopt(m, mv->id, mv->value, mv->cf);
		mv->value = NULL;
		s->saved_ids[mv->id / 64] &= ~(UINT64_C(1) << (mv->id % 64));
	}
	s->saved.n = 0;
}

/* session_macro_id - set a session macro (raw), applied or not */
void
session_macro_id(struct session *s, int id, const char *value)
{
	if (id < 0)
		return;
	if (s->depth > 0)
		macro_set(s->cf->macros, id, value);	/* watched */
	else
		session_mvs_adopt(&s->over, id, value ? xstrdup(value) : NULL,
		    false);
}

/* session_macro - the same by name ("client_addr", "s") */
void
session_macro(struct session *s, const char *name, const char *value)
{
	session_macro_id(s, macro_id(s->cf->macros, name, strlen(name)),
	    value);
}
