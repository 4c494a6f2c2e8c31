/*
 * mbox_status - the outcome of one local delivery.
 *
 * `ex` is the sysexits code (EX_OK on success) and `reply` the LMTP reply
 * line for it without CRLF ("452 4.2.2 <user>... Mailbox full"); the
 * non-LMTP mode prints the text after the codes.  Write errors map as
 * sendmail's mail.local maps them: quota and a full disk are temporary
 * (EDQUOT may be made permanent, mail.local -b).
 */
#ifndef TERN_MBOX_STATUS_H
#define TERN_MBOX_STATUS_H

struct mbox_status {
	int ex;
	char reply[400];
};

void mbox_status_set(struct mbox_status *, int ex, const char *codes,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void mbox_status_errno(struct mbox_status *, int err, int quota_permanent,
    const char *user, const char *what);
const char *mbox_status_text(const struct mbox_status *);

#endif
