/*
 * mbox_from - the "From sender date" line that starts an mbox message.
 *
 * The date is asctime's form in local time ("Thu Nov 24 09:22:00 2025").
 * An empty sender or "<>" becomes MAILER-DAEMON; angle brackets around
 * the sender are removed; control characters and blanks become '_' so
 * the line stays one line with one sender word.
 */
#ifndef TERN_MBOX_FROM_H
#define TERN_MBOX_FROM_H

#include <time.h>

#include "util/buf.h"

void mbox_from_sender(struct buf *, const char *sender);
void mbox_from_line(struct buf *, const char *sender, time_t);

#endif
