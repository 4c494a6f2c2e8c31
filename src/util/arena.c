/* arena.c - chunked allocator for short-lived strings */
#include "util/arena.h"
#include "util/buf.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK 8192

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

/* arena_alloc - n bytes aligned for any type */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t align = alignof(max_align_t), off;

	if (n > SIZE_MAX - align - sizeof(*c))
		return xmalloc(SIZE_MAX);	/* panics */
	if (c != NULL) {
		off = (c->used + align - 1) & ~(align - 1);
		if (off + n <= c->size) {
			c->used = off + n;
			return c->data + off;
		}
	}
	size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
	c = xmalloc(sizeof(*c) + size);
	c->size = size;
	c->used = n;
	c->next = a->head;
	a->head = c;
	return c->data;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

/* arena_reset - keep the newest chunk for reuse, free the rest */
void
arena_reset(struct arena *a)
{
	struct arena_chunk *c, *next;

	if (a->head == NULL)
		return;
	for (c = a->head->next; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head->next = NULL;
	a->head->used = 0;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
}
