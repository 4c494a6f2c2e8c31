/* mbox_maildir.c - delivery into a Maildir: tmp, fsync, link into new */
#include "deliver/mbox_deliver.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sysexits.h>
#include <unistd.h>

#include "util/buf.h"

/* open_dir - mkdir if missing, open without following, check the owner */
static int
open_dir(int at, const char *name, const struct mbox_req *rq,
    struct mbox_status *st)
{
	struct stat sb;
	int fd;

	if (mkdirat(at, name, 0700) != 0 && errno != EEXIST) {
		mbox_status_errno(st, errno, rq->quota_permanent, rq->user,
		    "cannot create Maildir");
		return -1;
	}
	fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			mbox_status_set(st, EX_TEMPFAIL, "450 4.2.0",
			    "<%s>... %s: Maildir %s is not a directory",
			    rq->user, rq->path, name);
		else
			mbox_status_errno(st, errno, 0, rq->user,
			    "cannot open Maildir");
		return -1;
	}
	if (fstat(fd, &sb) != 0) {
		mbox_status_errno(st, errno, 0, rq->user, "fstat");
	} else if (sb.st_uid != rq->uid) {
		mbox_status_set(st, EX_TEMPFAIL, "450 4.2.0",
		    "<%s>... %s: Maildir not owned by the recipient",
		    rq->user, rq->path);
	} else {
		return fd;
	}
	(void)close(fd);
	return -1;
}

/* unique_name - time.MusecPpidQn.host, with / and : of host escaped */
static void
unique_name(struct buf *b)
{
	static unsigned counter;
	struct timeval tv;
	char host[256];
	const char *h;

	if (gettimeofday(&tv, NULL) != 0)
		tv.tv_sec = tv.tv_usec = 0;
	if (gethostname(host, sizeof(host)) != 0)
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	buf_reset(b);
	buf_addf(b, "%lld.M%ldP%ldQ%u.", (long long)tv.tv_sec,
	    (long)tv.tv_usec, (long)getpid(), ++counter);
	for (h = host; *h; h++) {
		if (*h == '/')
			buf_adds(b, "\\057");
		else if (*h == ':')
			buf_adds(b, "\\072");
		else
			buf_addc(b, *h);
	}
}

/* copy - the spool into fd, then fsync; 0 or -1 with errno */
static int
copy(int fd, int spool_fd)
{
	char chunk[65536];
	off_t off = 0;

	for (;;) {
		ssize_t r = pread(spool_fd, chunk, sizeof(chunk), off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		if (mbox_deliver_write(fd, chunk, (size_t)r) != 0)
			return -1;
		off += r;
	}
	return fsync(fd);
}

/* mbox_maildir_deliver - one message as one new file in new/ */
int
mbox_maildir_deliver(const struct mbox_req *rq, struct mbox_status *st)
{
	struct buf name = BUF_INIT;
	int top = -1, tmp = -1, new = -1, cur = -1, fd = -1, made = 0;

	top = open_dir(AT_FDCWD, rq->path, rq, st);
	if (top < 0)
		goto done;
	if ((tmp = open_dir(top, "tmp", rq, st)) < 0 ||
	    (new = open_dir(top, "new", rq, st)) < 0 ||
	    (cur = open_dir(top, "cur", rq, st)) < 0)
		goto done;
	unique_name(&name);
	fd = openat(tmp, buf_str(&name), O_WRONLY | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0) {
		mbox_status_errno(st, errno, rq->quota_permanent, rq->user,
		    "cannot create Maildir file");
		goto done;
	}
	made = 1;
	if (copy(fd, rq->spool_fd) != 0 || close(fd) != 0) {
		fd = -1;
		mbox_status_errno(st, errno, rq->quota_permanent, rq->user,
		    "write to Maildir");
		goto done;
	}
	fd = -1;
	/* link, not rename: never replace a file that is already there */
	if (linkat(tmp, buf_str(&name), new, buf_str(&name), 0) != 0) {
		mbox_status_errno(st, errno, rq->quota_permanent, rq->user,
		    "link into Maildir/new");
		goto done;
	}
	if (fsync(new) != 0) {
		int err = errno;

		(void)unlinkat(new, buf_str(&name), 0);
		mbox_status_errno(st, err, rq->quota_permanent, rq->user,
		    "fsync Maildir/new");
		goto done;
	}
	mbox_status_set(st, EX_OK, "250 2.0.0", "<%s>... Delivered",
	    rq->user);
done:
	if (fd >= 0)
		(void)close(fd);
	if (made)
		(void)unlinkat(tmp, buf_str(&name), 0);
	if (top >= 0)
		(void)close(top);
	if (tmp >= 0)
		(void)close(tmp);
	if (new >= 0)
		(void)close(new);
	if (cur >= 0)
		(void)close(cur);
	buf_free(&name);
	return st->ex;
}
