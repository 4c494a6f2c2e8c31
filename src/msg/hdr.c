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
