/* arena.c - chunked allocator for short-lived strings */
#include "util/arena.h"
#include "util/buf.h"
#include "util/msg.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK 65536

struct arena_chunk {
	struct arena_chunk *next;	/* older chunks come later */
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

/*
 * The chunks form a list from head; "cur" is the one being filled.
 * A reset rewinds to the head and keeps every chunk, so a loop that
 * resets once per line stops calling malloc after the first lines.
 */

/* arena_chunk_new - a chunk of at least n bytes */
static struct arena_chunk *
arena_chunk_new(size_t n)
{
	size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
	struct arena_chunk *c = xmalloc(sizeof(*c) + size);

	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

/* arena_alloc - n bytes aligned for any type */
void *
arena_alloc(struct arena *a, size_t n)
{
	size_t align = alignof(max_align_t), off;
	struct arena_chunk *c;

	if (n > SIZE_MAX - align - sizeof(*c))
		msg_panic("arena: allocation of %zu bytes", n);
	if (a->head == NULL)
		a->head = a->cur = arena_chunk_new(n);
	for (c = a->cur;; c = c->next) {
		off = (c->used + align - 1) & ~(align - 1);
		if (off + n <= c->size) {
			c->used = off + n;
			a->cur = c;
			return c->data + off;
		}
		if (c->next == NULL) {
			c->next = arena_chunk_new(n);
		} else
			c->next->used = 0;
	}
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

/* arena_reset - forget everything allocated, keep the memory */
void
arena_reset(struct arena *a)
{
	if (a->head == NULL)
		return;
	a->head->used = 0;
	a->cur = a->head;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = a->cur = NULL;
}
