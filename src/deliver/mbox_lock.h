/*
 * mbox_lock - lock a mailbox against MUAs and other deliveries.
 *
 * Two locks, as Debian's MUAs expect: a dot lock `path.lock` (created
 * with O_EXCL; one older than MBOX_LOCK_STALE seconds is removed) and an
 * fcntl write lock on the open mailbox.  Either alone would do against
 * other tern deliveries; the fcntl lock also covers the small race in
 * breaking a stale dot lock.  Both waits are bounded by `wait` seconds;
 * running out is a temporary failure.  Call as the recipient.
 *
 * mbox_lock_dot() returns 0 and the lock's name in `lockname`, or -1 with
 * `st` set.  mbox_lock_fd() returns 0, or -1 with `st` set.
 */
#ifndef TERN_MBOX_LOCK_H
#define TERN_MBOX_LOCK_H

#include "deliver/mbox_status.h"
#include "util/buf.h"

#define MBOX_LOCK_STALE	300	/* seconds: a dot lock older than this is dead */

int mbox_lock_dot(const char *path, const char *user, int wait,
    struct buf *lockname, struct mbox_status *st);
void mbox_lock_dot_release(const char *lockname);
int mbox_lock_fd(int fd, const char *user, int wait, struct mbox_status *st);

#endif
