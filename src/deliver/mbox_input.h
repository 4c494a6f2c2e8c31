/*
 * mbox_input - turn the bytes mail.local reads into the stored message.
 *
 * A streaming converter: CRLF becomes LF (a bare CR is kept), and in
 * LMTP mode a leading dot is removed from each line and the line "."
 * ends the data.  Everything else passes byte for byte (8-bit, NULs,
 * lines of any length): memory use does not depend on line length.
 *
 * mbox_input_feed() appends the converted bytes to `out` and returns how
 * many input bytes it consumed: all of them, except in LMTP mode once the
 * terminating "." line has been seen (st->done), when the rest belongs to
 * the next command.  mbox_input_finish() flushes a held-back CR at the
 * end of input (it writes nothing after an LMTP end of data).
 */
#ifndef TERN_MBOX_INPUT_H
#define TERN_MBOX_INPUT_H

#include <stddef.h>

#include "util/buf.h"

struct mbox_input {
	int lmtp;	/* dot-unstuffing and "." as the end */
	int bol;	/* at the beginning of a line (before the dot check) */
	int dot;	/* LMTP: a leading dot held back */
	int cr;		/* a CR held back until we see what follows */
	int done;	/* LMTP: the "." line was seen */
};

void mbox_input_init(struct mbox_input *, int lmtp);
size_t mbox_input_feed(struct mbox_input *, const char *, size_t,
    struct buf *out);
void mbox_input_finish(struct mbox_input *, struct buf *out);

#endif
