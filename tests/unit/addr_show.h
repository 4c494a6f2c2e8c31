/*
 * addr_show.h - render tokens and templates the way sendmail's -bt
 * prints them, so tests can compare with its transcripts: tab, CR and
 * LF as \t \r \n, other control bytes and 0xff not at all, 0xa0-0xfe as
 * "M-" and the low seven bits.
 */
#ifndef TERN_ADDR_SHOW_H
#define TERN_ADDR_SHOW_H

#include "util/buf.h"

/* addr_show - append s as -bt prints it */
static inline void
addr_show(struct buf *out, const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\t')
			buf_adds(out, "\\t");
		else if (c == '\r')
			buf_adds(out, "\\r");
		else if (c == '\n')
			buf_adds(out, "\\n");
		else if (c < 0x20 || c == 0x7f || c == 0xff)
			continue;
		else if (c >= 0xa0) {
			buf_adds(out, "M-");
			buf_addc(out, c & 0x7f);
		} else
			buf_addc(out, c);
	}
}

#endif
