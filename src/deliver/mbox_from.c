/* mbox_from.c - the From_ line of an mbox message */
#include "deliver/mbox_from.h"

#include <string.h>

/* mbox_from_sender - the sender word as it appears after "From " */
void
mbox_from_sender(struct buf *b, const char *sender)
{
	size_t n = strlen(sender), i;

	if (n >= 2 && sender[0] == '<' && sender[n - 1] == '>') {
		sender++;
		n -= 2;
	}
	if (n == 0) {
		buf_adds(b, "MAILER-DAEMON");
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)sender[i];

		buf_addc(b, c <= ' ' || c == 0x7f ? '_' : c);
	}
}

/* mbox_from_line - "From sender Www Mmm dd hh:mm:ss yyyy\n" */
void
mbox_from_line(struct buf *b, const char *sender, time_t when)
{
	struct tm tm;
	char date[64];

	buf_adds(b, "From ");
	mbox_from_sender(b, sender);
	if (localtime_r(&when, &tm) == NULL ||
	    strftime(date, sizeof(date), "%a %b %e %H:%M:%S %Y", &tm) == 0)
		strcpy(date, "Thu Jan  1 00:00:00 1970");
	buf_addf(b, " %s\n", date);
}
