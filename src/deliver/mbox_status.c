/* mbox_status.c - delivery outcomes as sysexits codes and LMTP replies */
#include "deliver/mbox_status.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

/* mbox_status_set - "codes text", truncated to fit, never a CR or LF */
void
mbox_status_set(struct mbox_status *st, int ex, const char *codes,
    const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	st->ex = ex;
	n = snprintf(st->reply, sizeof(st->reply), "%s ", codes);
	if (n < 0 || (size_t)n >= sizeof(st->reply)) {
		st->reply[0] = '\0';
		return;
	}
	va_start(ap, fmt);
	(void)vsnprintf(st->reply + n, sizeof(st->reply) - n, fmt, ap);
	va_end(ap);
	/* a user name or path from outside must not break the reply line */
	for (p = st->reply; *p; p++)
		if ((unsigned char)*p < ' ')
			*p = '?';
}

/* mbox_status_errno - a failed system call while delivering */
void
mbox_status_errno(struct mbox_status *st, int err, int quota_permanent,
    const char *user, const char *what)
{
	if (err == EDQUOT && quota_permanent)
		mbox_status_set(st, EX_UNAVAILABLE, "552 5.2.2",
		    "<%s>... Mailbox full: %s", user, strerror(err));
	else if (err == EDQUOT)
		mbox_status_set(st, EX_TEMPFAIL, "452 4.2.2",
		    "<%s>... Mailbox full: %s", user, strerror(err));
	else if (err == ENOSPC)
		mbox_status_set(st, EX_TEMPFAIL, "452 4.3.1",
		    "<%s>... Insufficient system storage: %s", user,
		    strerror(err));
	else
		mbox_status_set(st, EX_TEMPFAIL, "451 4.3.0",
		    "<%s>... %s: %s", user, what, strerror(err));
}

/* mbox_status_text - the reply without its codes */
const char *
mbox_status_text(const struct mbox_status *st)
{
	const char *p = strchr(st->reply, ' ');

	if (p == NULL)
		return st->reply;
	p = strchr(p + 1, ' ');
	return p ? p + 1 : st->reply;
}
