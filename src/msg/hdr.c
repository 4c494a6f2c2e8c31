/* hdr.c - a message's header list */
#include "msg/hdr.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void
hdr_list_init(struct hdr_list *l)
{
	l->v = NULL;
	l->n = l->cap = 0;
}

void
hdr_list_free(struct hdr_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].value);
		free(l->v[i].cond_macro);
		free(l->v[i].sep);
	}
	free(l->v);
	hdr_list_init(l);
}

struct hdr *
hdr_add(struct hdr_list *l, const char *name, const char *value)
{
	struct hdr *h;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	h = &l->v[l->n++];
	memset(h, 0, sizeof(*h));
	h->name = xstrdup(name);
	h->value = xstrdup(value);
	return h;
}

struct hdr *
hdr_find(const struct hdr_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!l->v[i].deleted && strcasecmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

/* hdr_split_raw - the length of the leading blanks and folds of raw */
static size_t
hdr_split_raw(const char *raw)
{
	size_t n = 0;

	while (raw[n] == ' ' || raw[n] == '\t' || raw[n] == '\n')
		n++;
	return n;
}

struct hdr *
hdr_add_raw(struct hdr_list *l, const char *name, const char *raw)
{
	size_t n = hdr_split_raw(raw);
	struct hdr *h = hdr_add(l, name, raw + n);

	h->sep = xstrndup(raw, n);
	return h;
}

struct hdr *
hdr_insert(struct hdr_list *l, size_t i, const char *name, const char *raw)
{
	struct hdr tmp;

	if (i > l->n)
		i = l->n;
	hdr_add_raw(l, name, raw);
	tmp = l->v[l->n - 1];
	memmove(&l->v[i + 1], &l->v[i], (l->n - 1 - i) * sizeof(*l->v));
	l->v[i] = tmp;
	return &l->v[i];
}

void
hdr_raw(const struct hdr *h, struct buf *out)
{
	if (h->sep != NULL)
		buf_adds(out, h->sep);
	buf_adds(out, h->value);
}
