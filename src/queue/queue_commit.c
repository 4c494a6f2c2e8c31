/*
 * queue_commit.c - the one way a message enters the queue: df, then a
 * locked tf, fsync both, tf renamed to qf (link+unlink, so an existing
 * qf is never replaced), fsync the directory (queue.h has the state
 * table).  Any failure leaves nothing that a queue run or
 * mailq would take for a message.
 */
#include "queue/queue.h"
#include "cf/cf.h"
#include "cf/option.h"
#include "queue/queue_io.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define QUEUE_COMMIT_TRIES	64	/* queue IDs tried on collisions */

/* queue_commit_begin - pick a directory, assign an ID, create the df */
int
queue_commit_begin(struct queue_txn *t, const struct cf *cf,
    const struct queue_dirs *qd, const struct queue_group *group,
    unsigned flags, struct buf *err)
{
	const struct options *o = cf->opts;
	unsigned pick = 0;
	int i;

	memset(t, 0, sizeof(*t));
	t->dfd = t->qfd = -1;
	buf_init(&t->df_path);
	buf_init(&t->tf_path);
	buf_init(&t->qf_path);
	if (group == NULL)
		group = qd->ngroups > 0 ? &qd->groups[0] : NULL;
	if (group == NULL || group->npaths == 0) {
		buf_set(err, "no queue directory");
		errno = ENOENT;
		return -1;
	}
	t->group = group;
	if (group->npaths > 1 &&
	    getrandom(&pick, sizeof(pick), GRND_NONBLOCK) != (ssize_t)sizeof(pick))
		pick = (unsigned)getpid();
	t->path = &group->paths[pick % group->npaths];
	t->mode = o->queue_file_mode != 0 ? (mode_t)o->queue_file_mode : 0600;
	switch (o->super_safe) {
	case OPT_SAFE_FALSE:
		t->sync = false;
		break;
	case OPT_SAFE_INTERACTIVE:
		t->sync = !(flags & QUEUE_COMMIT_DELIVERING);
		break;
	default:
		t->sync = true;
		break;
	}
	for (i = 0; i < QUEUE_COMMIT_TRIES; i++) {
		qid_new(t->qid);
		queue_dir_file(t->path, 'd', t->qid, &t->df_path, NULL);
		if ((t->dfd = queue_io_create(buf_str(&t->df_path), t->mode)) >= 0)
			break;
		if (errno != EEXIST)
			return queue_io_fail(err, "cannot create",
			    buf_str(&t->df_path), errno);
	}
	if (t->dfd < 0)
		return queue_io_fail(err, "cannot create",
		    buf_str(&t->df_path), EEXIST);
	if ((t->df = fdopen(t->dfd, "w")) == NULL) {
		int e = errno;

		(void)close(t->dfd);
		t->dfd = -1;
		(void)unlink(buf_str(&t->df_path));
		return queue_io_fail(err, "cannot open", buf_str(&t->df_path), e);
	}
	return 0;
}

/* queue_commit - make the message durable (see queue.h) */
int
queue_commit(struct queue_txn *t, struct envelope *e, struct buf *err)
{
	struct buf qf = BUF_INIT, why = BUF_INIT;
	struct stat st;
	char *dfdir = NULL, *qfdir = NULL;
	int fd = -1, rc = -1, i;

	if (t->df == NULL || t->committed) {
		buf_set(err, "queue_commit: no message in progress");
		errno = EINVAL;
		return -1;
	}
	/* 1. the body: flushed, synced, sized */
	if (fflush(t->df) != 0 || ferror(t->df)) {
		queue_io_fail(err, "error writing data file",
		    buf_str(&t->df_path), errno ? errno : EIO);
		goto out;
	}
	if (t->sync && fsync(t->dfd) < 0) {
		queue_io_fail(err, "cannot fsync", buf_str(&t->df_path), errno);
		goto out;
	}
	if (fstat(t->dfd, &st) < 0) {
		queue_io_fail(err, "cannot stat", buf_str(&t->df_path), errno);
		goto out;
	}
	(void)snprintf(e->qid, sizeof(e->qid), "%s", t->qid);
	e->msgsize = (long)st.st_size;
	if (e->ctime == 0)
		e->ctime = time(NULL);
	free(e->qdir);
	e->qdir = xstrdup(t->path->dir);

	/* 2. the control file, written whole into a locked tf */
	if (qf_write(&qf, e, &why) < 0) {
		buf_reset(err);
		buf_addf(err, "cannot queue %s: %s", t->qid, buf_str(&why));
		errno = EINVAL;
		goto out;
	}
	for (i = 0; i < QUEUE_COMMIT_TRIES; i++) {
		queue_dir_file(t->path, 't', t->qid, &t->tf_path, NULL);
		if ((fd = queue_io_create(buf_str(&t->tf_path), t->mode)) >= 0)
			break;
		if (errno != EEXIST) {
			queue_io_fail(err, "cannot create queue temp file",
			    buf_str(&t->tf_path), errno);
			goto out;
		}
		/* a tf of this ID exists: locked (someone is writing), or
		   a leftover of a crash: set it aside as sendmail does */
		{
			int ofd = open(buf_str(&t->tf_path), O_RDONLY | O_CLOEXEC);

			if (ofd >= 0 && !queue_lock_busy(ofd))
				(void)unlink(buf_str(&t->tf_path));
			if (ofd >= 0)
				(void)close(ofd);
			if (i > 0)
				(void)usleep(10000);
		}
	}
	if (fd < 0) {
		queue_io_fail(err, "cannot create queue temp file",
		    buf_str(&t->tf_path), EEXIST);
		goto out;
	}
	if (queue_lock_fd(fd, true) < 0) {
		queue_io_fail(err, "cannot lock", buf_str(&t->tf_path), errno);
		goto out_tf;
	}
	if (queue_io_write(fd, qf.data, qf.len) < 0) {
		queue_io_fail(err, "error writing control file",
		    buf_str(&t->tf_path), errno);
		goto out_tf;
	}
	if (t->sync && fsync(fd) < 0) {
		queue_io_fail(err, "cannot fsync", buf_str(&t->tf_path), errno);
		goto out_tf;
	}
	/* the df's directory entry must be durable before the commit point */
	dfdir = queue_io_dirof(buf_str(&t->df_path));
	qfdir = queue_io_dirof(buf_str(&t->tf_path));
	if (t->sync && strcmp(dfdir, qfdir) != 0 &&
	    queue_io_syncdir(buf_str(&t->df_path)) < 0) {
		queue_io_fail(err, "cannot fsync directory of",
		    buf_str(&t->df_path), errno);
		goto out_tf;
	}

	/*
	 * 3. the commit point: link(2) makes the qf name, and unlike
	 * rename(2) it never replaces an existing qf of the same ID (a
	 * damaged queue, or a pid reused within one second).  A crash
	 * before the tf name is gone leaves a second name of the whole
	 * qf, which queue_recover removes.
	 */
	queue_dir_file(t->path, e->quarantine != NULL ? 'h' : 'q', t->qid,
	    &t->qf_path, NULL);
	if (link(buf_str(&t->tf_path), buf_str(&t->qf_path)) == 0)
		(void)unlink(buf_str(&t->tf_path));
	else if (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP ||
	    errno == EMLINK || errno == ENOSYS) {
		/* no hard links here: rename, after a check */
		if (access(buf_str(&t->qf_path), F_OK) == 0) {
			queue_io_fail(err, "queue file exists",
			    buf_str(&t->qf_path), EEXIST);
			goto out_tf;
		}
		if (rename(buf_str(&t->tf_path), buf_str(&t->qf_path)) < 0) {
			queue_io_fail(err, "cannot rename to",
			    buf_str(&t->qf_path), errno);
			goto out_tf;
		}
	} else {
		queue_io_fail(err, "cannot link to", buf_str(&t->qf_path),
		    errno);
		goto out_tf;
	}
	t->committed = true;
	t->qfd = fd;
	fd = -1;
	if (t->sync && queue_io_syncdir(buf_str(&t->qf_path)) < 0) {
		/*
		 * The rename may not survive a crash: not acknowledged.
		 * The message stays (a later run delivers it); the caller
		 * answers 4xx, so at worst it arrives twice.
		 */
		queue_io_fail(err, "cannot fsync directory of",
		    buf_str(&t->qf_path), errno);
		goto out;
	}
	(void)fclose(t->df);
	t->df = NULL;
	t->dfd = -1;
	rc = 0;
	goto out;
out_tf:
	(void)unlink(buf_str(&t->tf_path));
	if (fd >= 0)
		(void)close(fd);
out:
	free(dfdir);
	free(qfdir);
	buf_free(&qf);
	buf_free(&why);
	return rc;
}

/* queue_commit_abort - remove the df and tf of an uncommitted message */
void
queue_commit_abort(struct queue_txn *t)
{
	if (t->df != NULL)
		(void)fclose(t->df);
	t->df = NULL;
	t->dfd = -1;
	if (!t->committed) {
		if (t->df_path.len > 0)
			(void)unlink(buf_str(&t->df_path));
	}
	if (t->qfd >= 0)
		queue_unlock(t->qfd);
	t->qfd = -1;
	buf_free(&t->df_path);
	buf_free(&t->tf_path);
	buf_free(&t->qf_path);
}

/* queue_commit_close - after a commit: release the lock, free t */
void
queue_commit_close(struct queue_txn *t)
{
	queue_commit_abort(t);
}
