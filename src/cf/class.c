/* class.c - word sets for $=X, in a sendmail-shaped symbol table */
#include "cf/class.h"
#include "cf/macro.h"
#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * The table has sendmail's shape (a prime number of chained buckets,
 * a shift-xor hash of the lower-cased name seeded with the symbol type,
 * new symbols appended to their chain) so that walking it lists a
 * class in the same order as sendmail's -bt.
 */
#define CLASS_BUCKETS	2003
#define CLASS_SYMTYPE	1
#define CLASS_WORDS	(MACRO_MAXID / 64)

struct class_sym {
	struct class_sym *next;
	uint64_t bits[CLASS_WORDS];
	char name[];
};

struct classes {
	struct class_sym *bucket[CLASS_BUCKETS];
	size_t maxlen[MACRO_MAXID];	/* longest member of each class */
};

struct classes *
classes_new(void)
{
	return xcalloc(1, sizeof(struct classes));
}

void
classes_free(struct classes *c)
{
	struct class_sym *s, *next;
	int i;

	if (c == NULL)
		return;
	for (i = 0; i < CLASS_BUCKETS; i++)
		for (s = c->bucket[i]; s != NULL; s = next) {
			next = s->next;
			free(s);
		}
	free(c);
}

static int
class_lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* class_hash - bucket of a name (len bytes) */
static unsigned
class_hash(const char *name, unsigned len)
{
	unsigned h = CLASS_SYMTYPE;
	unsigned i;

	/* h < CLASS_BUCKETS, so two subtractions stand for the modulo */
	for (i = 0; i < len; i++) {
		h = (h << 1) ^ (unsigned)class_lower((unsigned char)name[i]);
		while (h >= CLASS_BUCKETS)
			h -= CLASS_BUCKETS;
	}
	return h;
}

/* class_lookup - the symbol for a name, optionally entering it */
static struct class_sym *
class_lookup(const struct classes *c, const char *name, unsigned len,
    bool enter)
{
	unsigned h = class_hash(name, len);
	struct class_sym **sp = (struct class_sym **)&c->bucket[h];

	for (; *sp != NULL; sp = &(*sp)->next)
		if (strncasecmp((*sp)->name, name, len) == 0 &&
		    (*sp)->name[len] == '\0')
			return *sp;
	if (!enter)
		return NULL;
	*sp = xcalloc(1, sizeof(**sp) + len + 1);
	memcpy((*sp)->name, name, len);
	return *sp;
}

void
class_add(struct classes *c, int id, const char *word)
{
	struct class_sym *s;

	if (id < 0 || id >= MACRO_MAXID)
		return;
	s = class_lookup(c, word, (unsigned)strlen(word), true);
	s->bits[id / 64] |= UINT64_C(1) << (id % 64);
	if (strlen(word) > c->maxlen[id])
		c->maxlen[id] = strlen(word);
}

bool
class_has_n(const struct classes *c, int id, const char *word, unsigned len)
{
	const struct class_sym *s;

	if (id < 0 || id >= MACRO_MAXID)
		return false;
	s = class_lookup(c, word, len, false);
	return s != NULL && (s->bits[id / 64] >> (id % 64) & 1);
}

bool
class_has(const struct classes *c, int id, const char *word)
{
	return class_has_n(c, id, word, (unsigned)strlen(word));
}

void
class_copy(struct classes *c, int to, int from)
{
	struct class_sym *s;
	int i;

	if (to < 0 || to >= MACRO_MAXID || from < 0 || from >= MACRO_MAXID)
		return;
	for (i = 0; i < CLASS_BUCKETS; i++)
		for (s = c->bucket[i]; s != NULL; s = s->next)
			if (s->bits[from / 64] >> (from % 64) & 1)
				s->bits[to / 64] |= UINT64_C(1) << (to % 64);
	if (c->maxlen[from] > c->maxlen[to])
		c->maxlen[to] = c->maxlen[from];
}

size_t
class_maxlen(const struct classes *c, int id)
{
	if (id < 0 || id >= MACRO_MAXID)
		return 0;
	return c->maxlen[id];
}

void
class_foreach(const struct classes *c, int id,
    void (*fn)(const char *, void *), void *ctx)
{
	const struct class_sym *s;
	int i;

	if (id < 0 || id >= MACRO_MAXID)
		return;
	for (i = 0; i < CLASS_BUCKETS; i++)
		for (s = c->bucket[i]; s != NULL; s = s->next)
			if (s->bits[id / 64] >> (id % 64) & 1)
				fn(s->name, ctx);
}
