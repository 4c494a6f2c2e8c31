/*
 * mbox_escape - store a message in an mbox: ">From " and the trailer.
 *
 * Streaming, as mbox_input: a body line that starts with "From " gets a
 * ">" in front (the traditional mboxo rule, as sendmail's mail.local and
 * mutt expect; ">From " lines are left alone).  mbox_escape_finish() adds
 * a newline if the message did not end with one, then the blank line
 * that separates it from the next message.
 */
#ifndef TERN_MBOX_ESCAPE_H
#define TERN_MBOX_ESCAPE_H

#include <stddef.h>

#include "util/buf.h"

struct mbox_escape {
	size_t match;	/* bytes of "From " matched at the start of a line */
	int bol;	/* at the beginning of a line */
	int last;	/* last byte written, -1 before any */
};

void mbox_escape_init(struct mbox_escape *);
void mbox_escape_feed(struct mbox_escape *, const char *, size_t,
    struct buf *out);
void mbox_escape_finish(struct mbox_escape *, struct buf *out);

#endif
