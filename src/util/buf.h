/*
 * buf - a growable byte string with an explicit length.
 *
 * Every string that comes from outside (a .cf line, an address, a map
 * value) lives in a buf.  The data is always NUL-terminated for
 * convenience, but the length is authoritative.  Allocation failure is
 * fatal (msg_panic): callers never see a half-built buffer.
 */
#ifndef TERN_BUF_H
#define TERN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;	/* NUL-terminated, may hold NULs inside */
	size_t len;	/* bytes in use, excluding the terminator */
	size_t cap;	/* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

void buf_init(struct buf *);
void buf_free(struct buf *);
void buf_reset(struct buf *);
void buf_reserve(struct buf *, size_t more);
void buf_add(struct buf *, const void *, size_t);
void buf_adds(struct buf *, const char *);
/* buf_addc - one byte (inline: the tokenizer and the .cf reader add
   bytes one at a time) */
static inline void
buf_addc(struct buf *b, int c)
{
	if (b->len + 2 > b->cap)
		buf_reserve(b, 1);
	b->data[b->len++] = (char)c;
	b->data[b->len] = '\0';
}
void buf_addf(struct buf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *, const char *, va_list);
void buf_set(struct buf *, const char *);
void buf_truncate(struct buf *, size_t);
const char *buf_str(struct buf *);	/* "" for an empty, unallocated buf */
char *buf_steal(struct buf *);		/* caller frees; buf left empty */

/* xmalloc family: abort through msg_panic on allocation failure */
void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
void *xreallocarray(void *, size_t, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);

#endif
