/* mbox_escape.c - ">From " escaping and the blank line after a message */
#include "deliver/mbox_escape.h"

static const char from_[] = "From ";
#define FROM_LEN (sizeof(from_) - 1)

/* mbox_escape_init - start a message */
void
mbox_escape_init(struct mbox_escape *st)
{
	st->match = 0;
	st->bol = 1;
	st->last = -1;
}

static void
put(struct mbox_escape *st, const char *p, size_t n, struct buf *out)
{
	if (n == 0)
		return;
	buf_add(out, p, n);
	st->last = (unsigned char)p[n - 1];
}

/* mbox_escape_feed - copy bytes, escaping lines that start "From " */
void
mbox_escape_feed(struct mbox_escape *st, const char *p, size_t n,
    struct buf *out)
{
	size_t i, run = 0;	/* run: bytes from p + i - run to copy as is */

	for (i = 0; i < n; i++) {
		char c = p[i];

		if (st->bol) {
			if (c == from_[st->match]) {
				if (++st->match == FROM_LEN) {
					put(st, ">From ", FROM_LEN + 1, out);
					st->match = 0;
					st->bol = 0;
				}
				continue;
			}
			/* not "From ": the held prefix is ordinary text */
			put(st, from_, st->match, out);
			st->match = 0;
			st->bol = 0;
		}
		/* copy the rest of the line in one piece */
		run = i;
		while (i < n && p[i] != '\n')
			i++;
		if (i < n) {
			put(st, p + run, i - run + 1, out);
			st->bol = 1;
		} else {
			put(st, p + run, i - run, out);
		}
	}
}

/* mbox_escape_finish - a final newline if missing, then a blank line */
void
mbox_escape_finish(struct mbox_escape *st, struct buf *out)
{
	put(st, from_, st->match, out);
	st->match = 0;
	if (st->last != -1 && st->last != '\n')
		put(st, "\n", 1, out);
	put(st, "\n", 1, out);
}
