/* macro.c - sendmail macros: ids, values, expansion */
#include "cf/macro.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MACRO_EXPAND_DEPTH	20	/* recursion bound for $x in values */

struct macro_val {
	char *value;
	bool expandable;
};

struct macros {
	struct macro_val val[MACRO_MAXID];
	char *longname[MACRO_MAXID - MACRO_LONG_FIRST];
	int nlong;
	int hash[2048];		/* long-name hash: id+1, 0 empty */
	unsigned char show[MACRO_MAXID - MACRO_LONG_FIRST]; /* 0: none yet */
	int nshow;
	macro_watch_fn *watch;	/* told before each change (macros_watch) */
	void *watch_ctx;
};

#define MACRO_SHOW_FIRST	0xa2	/* sendmail's first free long id */

struct macros *
macros_new(void)
{
	return xcalloc(1, sizeof(struct macros));
}

void
macros_free(struct macros *m)
{
	int i;

	if (m == NULL)
		return;
	for (i = 0; i < MACRO_MAXID; i++)
		free(m->val[i].value);
	for (i = 0; i < m->nlong; i++)
		free(m->longname[i]);
	free(m);
}

/* macro_hash - case-sensitive hash of a long name */
static unsigned
macro_hash(const char *name, size_t len)
{
	unsigned h = 5381;
	size_t i;

	for (i = 0; i < len; i++)
		h = h * 33 + (unsigned char)name[i];
	return h;
}

/* macro_find_long - probe for a long name; returns the slot */
static int *
macro_find_long(const struct macros *m, const char *name, size_t len)
{
	size_t n = sizeof(m->hash) / sizeof(m->hash[0]);
	size_t i = macro_hash(name, len) & (n - 1);
	const char *ln;

	for (;; i = (i + 1) & (n - 1)) {
		int slot = m->hash[i];

		if (slot == 0)
			return (int *)&m->hash[i];
		ln = m->longname[slot - 1 - MACRO_LONG_FIRST];
		if (strlen(ln) == len && memcmp(ln, name, len) == 0)
			return (int *)&m->hash[i];
	}
}

int
macro_id_lookup(const struct macros *m, const char *name, size_t len)
{
	if (len == 0)
		return -1;
	if (len == 1)
		return (unsigned char)name[0];
	int *slot = macro_find_long(m, name, len);

	return *slot ? *slot - 1 : -1;
}

int
macro_id(struct macros *m, const char *name, size_t len)
{
	int *slot, id;

	if (len == 0)
		return -1;
	if (len == 1)
		return (unsigned char)name[0];
	slot = macro_find_long(m, name, len);
	if (*slot)
		return *slot - 1;
	if (m->nlong >= MACRO_MAXID - MACRO_LONG_FIRST)
		return -1;
	id = MACRO_LONG_FIRST + m->nlong;
	m->longname[m->nlong++] = xstrndup(name, len);
	*slot = id + 1;
	return id;
}

int
macro_id_parse(struct macros *m, const char **pp)
{
	const char *p = *pp, *end;

	if (*p == '\0')
		return -1;
	if (*p != '{') {
		*pp = p + 1;
		return (unsigned char)*p;
	}
	end = strchr(p + 1, '}');
	if (end == NULL || end == p + 1)
		return -1;
	*pp = end + 1;
	return macro_id(m, p + 1, (size_t)(end - p - 1));
}

int
macro_show_byte(struct macros *m, int id)
{
	int i = id - MACRO_LONG_FIRST;

	if (id < MACRO_LONG_FIRST)
		return id & 0xff;
	if (i >= m->nlong)
		return 0xff;
	if (m->show[i] == 0)
		m->show[i] = (unsigned char)(MACRO_SHOW_FIRST + m->nshow < 0xff ?
		    MACRO_SHOW_FIRST + m->nshow++ : 0xff);
	return m->show[i];
}

const char *
macro_name(const struct macros *m, int id, char tmp[4])
{
	if (id >= MACRO_LONG_FIRST && id - MACRO_LONG_FIRST < m->nlong)
		return m->longname[id - MACRO_LONG_FIRST];
	tmp[0] = (char)id;
	tmp[1] = '\0';
	return tmp;
}

const char *
macro_get(const struct macros *m, int id)
{
	if (id < 0 || id >= MACRO_MAXID)
		return NULL;
	return m->val[id].value;
}

bool
macro_expandable(const struct macros *m, int id)
{
	return id >= 0 && id < MACRO_MAXID && m->val[id].expandable;
}

const char *
macro_get_name(const struct macros *m, const char *name)
{
	size_t len = strlen(name);

	if (len > 2 && name[0] == '{' && name[len - 1] == '}') {
		name++;
		len -= 2;
	}
	return macro_get(m, macro_id_lookup(m, name, len));
}

/* macro_store - replace a value */
static void
macro_store(struct macros *m, int id, const char *value, bool expandable)
{
	if (id < 0 || id >= MACRO_MAXID)
		return;
	if (m->watch != NULL)
		m->watch(m->watch_ctx, id);
	free(m->val[id].value);
	m->val[id].value = value ? xstrdup(value) : NULL;
	m->val[id].expandable = expandable;
}

/* macros_watch - have fn told before each change of a value */
void
macros_watch(struct macros *m, macro_watch_fn *fn, void *ctx)
{
	m->watch = fn;
	m->watch_ctx = ctx;
}

/* macro_adopt - store value itself (malloc'ed; the macros own it now) */
void
macro_adopt(struct macros *m, int id, char *value, bool expandable)
{
	if (id < 0 || id >= MACRO_MAXID) {
		free(value);
		return;
	}
	if (m->watch != NULL)
		m->watch(m->watch_ctx, id);
	free(m->val[id].value);
	m->val[id].value = value;
	m->val[id].expandable = expandable;
}

/* macro_steal - take id's value out (the caller owns it; unset after) */
char *
macro_steal(struct macros *m, int id, bool *expandable)
{
	char *v;

	if (id < 0 || id >= MACRO_MAXID) {
		*expandable = false;
		return NULL;
	}
	v = m->val[id].value;
	*expandable = m->val[id].expandable;
	m->val[id].value = NULL;
	m->val[id].expandable = false;
	return v;
}

void
macro_set(struct macros *m, int id, const char *value)
{
	macro_store(m, id, value, false);
}

void
macro_set_cf(struct macros *m, int id, const char *value)
{
	macro_store(m, id, value, true);
}

/* macro_parse_ref - like macro_id_parse but never creates an id */
static int
macro_parse_ref(const struct macros *m, const char **pp)
{
	const char *p = *pp, *end;

	if (*p == '\0')
		return -2;
	if (*p != '{') {
		*pp = p + 1;
		return (unsigned char)*p;
	}
	end = strchr(p + 1, '}');
	if (end == NULL)
		return -2;
	*pp = end + 1;
	return macro_id_lookup(m, p + 1, (size_t)(end - p - 1));
}

/* macro_expand_depth - the expander, with conditionals and a depth bound */
static void
macro_expand_depth(const struct macros *m, const char *p, struct buf *out,
    int depth)
{
	/* skip[i]: nesting level i is suppressed; bounded nesting */
	unsigned char skip[64];
	int level = 0, id;
	bool suppressed = false;

	memset(skip, 0, sizeof(skip));
	while (*p != '\0') {
		if (*p != '$' || p[1] == '\0') {
			if (!suppressed)
				buf_addc(out, *p);
			p++;
			continue;
		}
		p++;
		switch (*p) {
		case '$':
			p++;
			if (!suppressed)
				buf_addc(out, '$');
			break;
		case '?':
			p++;
			id = macro_parse_ref(m, &p);
			if (id == -2)
				return;
			if (level < (int)sizeof(skip) - 1) {
				const char *v = macro_get(m, id);

				level++;
				skip[level] = (v == NULL || *v == '\0');
			}
			break;
		case '|':
			p++;
			if (level > 0)
				skip[level] = !skip[level];
			else if (!suppressed)
				buf_adds(out, "$|");
			break;
		case '.':
			p++;
			if (level > 0)
				level--;
			else if (!suppressed)
				buf_adds(out, "$.");
			break;
		case '&':
			p++;
			id = macro_parse_ref(m, &p);
			if (id == -2)
				return;
			if (!suppressed && macro_get(m, id) != NULL)
				buf_adds(out, macro_get(m, id));
			break;
		default:
			id = macro_parse_ref(m, &p);
			if (id == -2)
				return;
			if (!suppressed && macro_get(m, id) != NULL) {
				if (m->val[id].expandable && depth < MACRO_EXPAND_DEPTH)
					macro_expand_depth(m, macro_get(m, id), out,
					    depth + 1);
				else
					buf_adds(out, macro_get(m, id));
			}
			break;
		}
		suppressed = false;
		for (int i = 1; i <= level; i++)
			if (skip[i])
				suppressed = true;
	}
}

void
macro_expand(const struct macros *m, const char *text, struct buf *out)
{
	macro_expand_depth(m, text, out, 0);
}
