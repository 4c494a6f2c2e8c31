/*
 * arena - a chunked allocator for short-lived strings.
 *
 * Tokens of one address or one -bt line live in an arena and die
 * together with arena_reset.  Chunks never move, so pointers stay valid
 * until the reset.  Allocation failure is fatal (msg_panic).
 */
#ifndef TERN_ARENA_H
#define TERN_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;	/* first chunk */
	struct arena_chunk *cur;	/* the chunk being filled */
};

#define ARENA_INIT { NULL, NULL }

void *arena_alloc(struct arena *, size_t);
char *arena_strndup(struct arena *, const char *, size_t);
char *arena_strdup(struct arena *, const char *);
void arena_reset(struct arena *);	/* forgets all, keeps the memory */
void arena_free(struct arena *);

#endif
