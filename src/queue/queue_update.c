/*
 * queue_update.c - after a delivery attempt: the control file rewritten
 * with what is left to do, or the message removed when nothing is.
 *
 * A rewrite is sendmail's: the new control file is written whole into a
 * locked tf of the same ID, synced, and renamed over the qf.  rename(2)
 * replaces the name atomically, so at every moment the qf is the old or
 * the new file, never a partial one.  The tf's lock is taken before the
 * rename, so the message stays locked throughout; the old qf's lock goes
 * with its last descriptor.
 */
#include "queue/queue.h"
#include "queue/qf.h"
#include "queue/queue_io.h"
#include "msg/envelope.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
queue_rewrite_qf(const char *qfpath, struct envelope *e, int *lockfd,
    const struct queue_update_opts *o, struct buf *err)
{
	struct buf qf, why, tf;
	const char *base = strrchr(qfpath, '/');
	int fd = -1, rc = -1;

	buf_init(&qf);
	buf_init(&why);
	buf_init(&tf);
	base = base == NULL ? qfpath : base + 1;
	if (base[0] != 'q' && base[0] != 'h') {
		queue_io_fail(err, "not a control file", qfpath, 0);
		goto out;
	}
	buf_add(&tf, qfpath, (size_t)(base - qfpath));
	buf_addc(&tf, 't');
	buf_adds(&tf, base + 1);
	if (qf_write(&qf, e, &why) < 0) {
		buf_reset(err);
		buf_addf(err, "cannot rewrite %s: %s", qfpath, buf_str(&why));
		goto out;
	}
	fd = queue_io_create(buf_str(&tf), o->mode);
	if (fd < 0 && errno == EEXIST) {
		/* a tf left by a crash (the message is locked by us, so
		   nobody is writing it now) */
		(void)unlink(buf_str(&tf));
		fd = queue_io_create(buf_str(&tf), o->mode);
	}
	if (fd < 0) {
		queue_io_fail(err, "cannot create", buf_str(&tf), errno);
		goto out;
	}
	if (queue_lock_fd(fd, true) < 0) {
		queue_io_fail(err, "cannot lock", buf_str(&tf), errno);
		goto out_tf;
	}
	if (queue_io_write(fd, qf.data, qf.len) < 0) {
		queue_io_fail(err, "error writing control file", buf_str(&tf),
		    errno);
		goto out_tf;
	}
	if (o->sync && fsync(fd) < 0) {
		queue_io_fail(err, "cannot fsync", buf_str(&tf), errno);
		goto out_tf;
	}
	if (rename(buf_str(&tf), qfpath) < 0) {
		queue_io_fail(err, "cannot rename to", qfpath, errno);
		goto out_tf;
	}
	if (o->sync && queue_io_syncdir(qfpath) < 0) {
		/* the old qf may come back after a crash: it only means a
		   recipient is tried again, which is safe */
	}
	if (*lockfd >= 0)
		queue_unlock(*lockfd);
	*lockfd = fd;
	fd = -1;
	rc = 0;
	goto out;
out_tf:
	(void)unlink(buf_str(&tf));
out:
	if (fd >= 0)
		(void)close(fd);
	buf_free(&qf);
	buf_free(&why);
	buf_free(&tf);
	return rc;
}

int
queue_remove(const char *qfpath, const char *dfpath, int *lockfd,
    struct buf *err)
{
	int rc = 0;

	/*
	 * The control file goes first: a crash between the two leaves an
	 * orphan df, which queue_recover removes; the other order would
	 * leave a qf whose body is gone.
	 */
	if (unlink(qfpath) < 0 && errno != ENOENT)
		rc = queue_io_fail(err, "cannot remove", qfpath, errno);
	else if (dfpath != NULL && unlink(dfpath) < 0 && errno != ENOENT)
		rc = queue_io_fail(err, "cannot remove", dfpath, errno);
	if (*lockfd >= 0)
		queue_unlock(*lockfd);
	*lockfd = -1;
	return rc;
}
