/*
 * queue_recover.c - what an interrupted commit leaves behind.
 *
 * A tf nobody holds locked was never committed (or is the second name of
 * a committed qf, left by a crash between link and unlink): removable --
 * once it is a few seconds old, as a tf is unlocked between its O_EXCL
 * create and its flock (min_age 0, for tests and tools, skips that).
 * A df with no qf, hf, Qf or tf of its ID is the body of a message that
 * never got a control file -- unless a commit is still writing it, which
 * is why only df files older than min_age count.  Committed qf files are
 * never touched: a whole one is a message, and sendmail's own partial
 * ones (it writes new qf files in place) are for its readqf to lose.
 */
#include "queue/queue.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* queue_recover_exists - is there a file of this type and ID? */
static bool
queue_recover_exists(const struct queue_path *qp, int type, const char *qid)
{
	struct buf p = BUF_INIT;
	struct stat st;
	bool r;

	queue_dir_file(qp, type, qid, &p, NULL);
	r = lstat(buf_str(&p), &st) == 0;
	buf_free(&p);
	return r;
}

/* queue_recover_dir - one kind of file in one directory */
static int
queue_recover_dir(const struct queue_path *qp, int type, long min_age,
    bool remove, struct queue_recover_stats *s, struct buf *err)
{
	struct buf dir = BUF_INIT, path = BUF_INIT;
	struct dirent *d;
	time_t now = time(NULL);
	DIR *dp;

	buf_adds(&dir, qp->dir);
	if (type == 't' && (qp->subdirs & QUEUE_SUBQF))
		buf_adds(&dir, "/qf");
	if (type == 'd' && (qp->subdirs & QUEUE_SUBDF))
		buf_adds(&dir, "/df");
	if ((dp = opendir(buf_str(&dir))) == NULL) {
		buf_reset(err);
		buf_addf(err, "cannot open %s: %s", buf_str(&dir), strerror(errno));
		buf_free(&dir);
		return -1;
	}
	while ((d = readdir(dp)) != NULL) {
		const char *qid = d->d_name + 2;
		struct stat st;
		bool gone = false;

		if (d->d_name[0] != type || d->d_name[1] != 'f' || *qid == '\0')
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/%s", buf_str(&dir), d->d_name);
		if (lstat(buf_str(&path), &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (type == 't') {
			int fd;

			/* a tf is unlocked for a moment between its create
			   and its flock: one that new is somebody's */
			if (min_age > 0 && now - st.st_mtime < QUEUE_TF_SETTLE)
				continue;
			if ((fd = open(buf_str(&path), O_RDONLY | O_CLOEXEC)) < 0)
				continue;
			gone = !queue_lock_busy(fd);
			(void)close(fd);
			if (gone)
				s->stale_tf++;
		} else {
			/* min_age 0: any age, even a file stamped a moment
			   ahead of time() (file times can be finer-grained
			   than the clock time() reads) */
			if ((min_age > 0 && now - st.st_mtime < min_age) ||
			    queue_recover_exists(qp, 'q', qid) ||
			    queue_recover_exists(qp, 'h', qid) ||
			    queue_recover_exists(qp, 'Q', qid) ||
			    queue_recover_exists(qp, 't', qid))
				continue;
			gone = true;
			s->orphan_df++;
		}
		if (gone && remove && unlink(buf_str(&path)) == 0)
			s->removed++;
	}
	(void)closedir(dp);
	buf_free(&dir);
	buf_free(&path);
	return 0;
}

/* queue_recover - stale tf and orphan df files of one queue directory */
int
queue_recover(const struct queue_path *qp, long min_age, bool remove,
    struct queue_recover_stats *s, struct buf *err)
{
	memset(s, 0, sizeof(*s));
	if (queue_recover_dir(qp, 't', min_age, remove, s, err) < 0)
		return -1;
	return queue_recover_dir(qp, 'd', min_age, remove, s, err);
}
