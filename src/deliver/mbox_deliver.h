/*
 * mbox_deliver - append one message to one user's mailbox (or Maildir).
 *
 * Call only after becoming the recipient (mail.local does it in a child
 * process): every check here assumes the file system sees the recipient.
 *
 * mbox: dot lock, open without following symlinks (created 0600 when
 * missing, O_EXCL), refuse anything but a regular file with one link
 * owned by `uid`, fcntl lock, write "From " line + escaped message +
 * blank line, fsync, unlock.  A failed write truncates the mailbox back
 * to its old size, so a partial message never stays behind.
 *
 * Maildir (`maildir` set, `path` a directory): tmp/new/cur are created
 * when missing (0700); the message is written to tmp/ under a unique
 * name, fsynced, linked into new/, and new/ is fsynced.  No From_ line
 * and no escaping there.
 *
 * The message is read from `spool_fd` with pread (LF line ends, as
 * mbox_input made it), so one spool serves many recipients.  Returns
 * st->ex (EX_OK on success) with st->reply set either way.
 */
#ifndef TERN_MBOX_DELIVER_H
#define TERN_MBOX_DELIVER_H

#include <sys/types.h>
#include <time.h>

#include "deliver/mbox_status.h"

struct mbox_req {
	const char *user;	/* for replies */
	const char *path;	/* the mailbox file or Maildir directory */
	uid_t uid;		/* the owner the mailbox must have */
	int spool_fd;		/* the message */
	const char *sender;	/* envelope sender for the From_ line */
	time_t when;		/* date of the From_ line */
	int maildir;
	int quota_permanent;	/* EDQUOT is 552 5.2.2, not 452 4.2.2 */
	int lock_wait;		/* seconds to wait for either lock */
};

int mbox_deliver(const struct mbox_req *, struct mbox_status *);

/* internals shared by the mbox and Maildir halves */
int mbox_deliver_write(int fd, const char *, size_t);
int mbox_maildir_deliver(const struct mbox_req *, struct mbox_status *);

#endif
