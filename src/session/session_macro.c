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

/* session_mvs_put - set id's value in a list (a copy of value) */
static void
session_mvs_put(struct session_mvs *l, int id, const char *value, bool cf)
{
	struct session_mv *mv = session_mvs_find(l, id);
	char *copy = value ? xstrdup(value) : NULL;

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
	mv->value = copy;
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

/* session_watch - a macro is about to change: keep the shared value */
static void
session_watch(void *ctx, int id)
{
	struct session *s = ctx;
	struct macros *m = s->cf->macros;

	if (session_mvs_find(&s->saved, id) == NULL)
		session_mvs_put(&s->saved, id, macro_get(m, id),
		    macro_expandable(m, id));
}

/* session_store_mv - one value into cf->macros */
static void
session_store_mv(struct macros *m, const struct session_mv *mv)
{
	if (mv->cf)
		macro_set_cf(m, mv->id, mv->value);
	else
		macro_set(m, mv->id, mv->value);
}

/* session_enter - the session's values into cf->macros */
void
session_enter(struct session *s)
{
	struct macros *m = s->cf->macros;
	size_t i;

	if (s->depth++ > 0)
		return;
	macros_watch(m, session_watch, s);
	for (i = 0; i < s->over.n; i++)
		session_store_mv(m, &s->over.v[i]);
}

/* session_leave - what changed into the overlay; the shared values back */
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

		session_mvs_put(&s->over, mv->id, macro_get(m, mv->id),
		    macro_expandable(m, mv->id));
		session_store_mv(m, mv);
		free(mv->value);
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
		session_mvs_put(&s->over, id, value, false);
}

/* session_macro - the same by name ("client_addr", "s") */
void
session_macro(struct session *s, const char *name, const char *value)
{
	session_macro_id(s, macro_id(s->cf->macros, name, strlen(name)),
	    value);
}
