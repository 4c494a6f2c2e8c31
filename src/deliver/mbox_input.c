/* mbox_input.c - CRLF to LF, LMTP dot-unstuffing and end of data */
#include "deliver/mbox_input.h"

/* mbox_input_init - start a message */
void
mbox_input_init(struct mbox_input *st, int lmtp)
{
	st->lmtp = lmtp;
	st->bol = 1;
	st->dot = 0;
	st->cr = 0;
	st->done = 0;
}

/* line - one byte after CRLF folding: the dot rules of LMTP */
static void
line(struct mbox_input *st, int c, struct buf *out)
{
	if (st->lmtp && st->bol) {
		st->bol = 0;
		if (c == '.') {
			st->dot = 1;
			return;
		}
	}
	if (st->dot) {
		st->dot = 0;
		if (c == '\n') {
			st->done = 1;
			return;
		}
		/* a stuffed dot: drop it and keep what follows */
	}
	buf_addc(out, c);
	if (c == '\n')
		st->bol = 1;
}

/* mbox_input_feed - convert input, stopping after the LMTP end */
size_t
mbox_input_feed(struct mbox_input *st, const char *p, size_t n,
    struct buf *out)
{
	size_t i;

	for (i = 0; i < n && !st->done; i++) {
		unsigned char c = (unsigned char)p[i];

		if (st->cr) {
			st->cr = 0;
			if (c == '\n') {
				line(st, '\n', out);
				continue;
			}
			line(st, '\r', out);
			if (st->done)
				break;	/* cannot happen: CR never ends data */
		}
		if (c == '\r') {
			st->cr = 1;
			continue;
		}
		line(st, c, out);
	}
	return i;
}

/* mbox_input_finish - end of input: a held-back CR or dot is data */
void
mbox_input_finish(struct mbox_input *st, struct buf *out)
{
	if (st->done)
		return;
	if (st->cr) {
		st->cr = 0;
		line(st, '\r', out);
	}
	if (st->dot) {
		/* input ended inside a "." line that never ended: keep it */
		st->dot = 0;
		buf_addc(out, '.');
	}
}
