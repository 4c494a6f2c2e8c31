/* mbox_deliver.c - locked, checked, all-or-nothing append to an mbox */
#include "deliver/mbox_deliver.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#include "deliver/mbox_escape.h"
#include "deliver/mbox_from.h"
#include "deliver/mbox_lock.h"
#include "util/buf.h"

#define CHUNK	65536

/* mbox_deliver_write - write all of it, through EINTR and short writes */
int
mbox_deliver_write(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* open_mbox - open or create the mailbox and check what we opened */
static int
open_mbox(const struct mbox_req *rq, struct mbox_status *st)
{
	const int fl = O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC | O_NOCTTY;
	struct stat sb;
	int fd = -1, tries;

	for (tries = 0; tries < 10; tries++) {
		fd = open(rq->path, fl);
		if (fd >= 0 || errno != ENOENT)
			break;
		fd = open(rq->path, fl | O_CREAT | O_EXCL, 0600);
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	if (fd < 0) {
		if (errno == ELOOP)
			mbox_status_set(st, EX_TEMPFAIL, "450 4.2.0",
			    "<%s>... %s: mailbox is a symbolic link",
			    rq->user, rq->path);
		else
			mbox_status_errno(st, errno, 0, rq->user,
			    "cannot open mailbox");
		return -1;
	}
	if (fstat(fd, &sb) != 0) {
		mbox_status_errno(st, errno, 0, rq->user, "fstat");
	} else if (!S_ISREG(sb.st_mode)) {
		mbox_status_set(st, EX_TEMPFAIL, "450 4.2.0",
		    "<%s>... %s: irregular file", rq->user, rq->path);
	} else if (sb.st_nlink != 1) {
		mbox_status_set(st, EX_TEMPFAIL, "450 4.2.0",
		    "<%s>... %s: mailbox has more than one hard link",
		    rq->user, rq->path);
	} else if (sb.st_uid != rq->uid) {
		mbox_status_set(st, EX_TEMPFAIL, "450 4.2.0",
		    "<%s>... %s: mailbox not owned by the recipient",
		    rq->user, rq->path);
	} else if (fcntl(fd, F_SETFL, O_APPEND) != 0) {	/* blocking again */
		mbox_status_errno(st, errno, 0, rq->user, "fcntl");
	} else {
		return fd;
	}
	(void)close(fd);
	return -1;
}

/* append - From_ line, escaped message, blank line; 0 or -1 with errno */
static int
append(int fd, const struct mbox_req *rq)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct mbox_escape esc;
	off_t off = 0;
	int rc = -1;

	buf_reserve(&in, CHUNK);
	mbox_from_line(&out, rq->sender, rq->when);
	mbox_escape_init(&esc);
	for (;;) {
		ssize_t r = pread(rq->spool_fd, in.data, CHUNK, off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			goto out;
		if (r == 0)
			break;
		off += r;
		mbox_escape_feed(&esc, in.data, (size_t)r, &out);
		if (out.len >= CHUNK) {
			if (mbox_deliver_write(fd, out.data, out.len) != 0)
				goto out;
			buf_reset(&out);
		}
	}
	mbox_escape_finish(&esc, &out);
	if (mbox_deliver_write(fd, out.data, out.len) != 0)
		goto out;
	if (fsync(fd) != 0)
		goto out;
	rc = 0;
out:
	buf_free(&in);
	buf_free(&out);
	return rc;
}

/* mbox_deliver - one message into one mailbox, or nothing */
int
mbox_deliver(const struct mbox_req *rq, struct mbox_status *st)
{
	struct buf lockname = BUF_INIT;
	struct stat sb;
	int fd;

	if (rq->maildir)
		return mbox_maildir_deliver(rq, st);
	if (mbox_lock_dot(rq->path, rq->user, rq->lock_wait, &lockname,
	    st) != 0) {
		buf_free(&lockname);
		return st->ex;
	}
	fd = open_mbox(rq, st);
	if (fd < 0)
		goto done;
	if (mbox_lock_fd(fd, rq->user, rq->lock_wait, st) != 0)
		goto done;
	/* the size after locking is what we restore on failure */
	if (fstat(fd, &sb) != 0) {
		mbox_status_errno(st, errno, 0, rq->user, "fstat");
		goto done;
	}
	if (append(fd, rq) != 0) {
		int err = errno;

		if (ftruncate(fd, sb.st_size) != 0 || fsync(fd) != 0)
			mbox_status_set(st, EX_TEMPFAIL, "451 4.3.0",
			    "<%s>... write failed and the mailbox could not "
			    "be restored", rq->user);
		else
			mbox_status_errno(st, err, rq->quota_permanent,
			    rq->user, "write to mailbox");
		goto done;
	}
	if (close(fd) != 0) {
		/* NFS reports a failed write here: undo needs the fd, gone */
		fd = -1;
		mbox_status_errno(st, errno, rq->quota_permanent, rq->user,
		    "close mailbox");
		goto done;
	}
	fd = -1;
	mbox_status_set(st, EX_OK, "250 2.0.0", "<%s>... Delivered",
	    rq->user);
done:
	if (fd >= 0)
		(void)close(fd);
	mbox_lock_dot_release(buf_str(&lockname));
	buf_free(&lockname);
	return st->ex;
}
