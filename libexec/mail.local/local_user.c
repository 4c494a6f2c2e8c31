/* local_user.c - look a recipient up, deliver in a child that is them */
#include "local.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "deliver/mbox_deliver.h"
#include "deliver/mbox_path.h"

/* delivery_gid - the spool's group when it is group-writable (Debian's
 * root:mail 2775), so the recipient can create user.lock and a new
 * mailbox there without a world-writable directory; else the user's */
static gid_t
delivery_gid(const char *dir, gid_t user_gid)
{
	struct stat sb;

	if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) && sb.st_uid == 0 &&
	    (sb.st_mode & S_IWGRP) && !(sb.st_mode & S_IWOTH))
		return sb.st_gid;
	return user_gid;
}

/* local_user_lookup - passwd entry to mailbox path, uid and gid */
int
local_user_lookup(const struct local_opts *o, const char *name,
    struct local_rcpt *r, struct mbox_status *st)
{
	struct passwd *pw;
	struct buf path = BUF_INIT;

	memset(r, 0, sizeof(*r));
	if (!mbox_path_user_ok(name)) {
		mbox_status_set(st, EX_NOUSER, "550 5.1.1",
		    "<%s>... User unknown", name);
		return -1;
	}
	errno = 0;
	pw = getpwnam(name);
	if (pw == NULL) {
		if (errno == 0 || errno == ENOENT || errno == ESRCH ||
		    errno == EBADF || errno == EPERM)
			mbox_status_set(st, EX_NOUSER, "550 5.1.1",
			    "<%s>... User unknown", name);
		else
			mbox_status_errno(st, errno, 0, name,
			    "cannot look up user");
		return -1;
	}
	if (!mbox_path_user_ok(pw->pw_name)) {
		mbox_status_set(st, EX_NOUSER, "550 5.1.1",
		    "<%s>... User unknown", name);
		return -1;
	}
	r->uid = pw->pw_uid;
	r->maildir = o->maildir;
	if (o->home_file != NULL) {
		mbox_path_build(&path, pw->pw_dir, o->home_file);
		r->gid = pw->pw_gid;
	} else {
		mbox_path_build(&path, o->spool_dir, pw->pw_name);
		r->gid = delivery_gid(o->spool_dir, pw->pw_gid);
	}
	/* "dir/" means a Maildir; the slash itself would follow symlinks */
	while (path.len > 1 && path.data[path.len - 1] == '/') {
		buf_truncate(&path, path.len - 1);
		r->maildir = 1;
	}
	r->user = xstrdup(name);
	r->path = buf_steal(&path);
	return 0;
}

/* local_user_free - forget a looked-up recipient */
void
local_user_free(struct local_rcpt *r)
{
	free(r->user);
	free(r->path);
	memset(r, 0, sizeof(*r));
}

/* quiet_stdio - point fds 0 and 1 at /dev/null; 1 on success */
static int
quiet_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	int ok;

	if (fd < 0)
		return 0;
	ok = dup2(fd, 0) == 0 && dup2(fd, 1) == 1;
	if (fd > 1)
		(void)close(fd);
	return ok;
}

/* child - become the recipient, deliver, report through the pipe */
static void
child(const struct local_opts *o, const struct local_rcpt *r, int spool_fd,
    const char *sender, int report)
{
	struct mbox_status st;
	struct mbox_req rq;
	const char *p = (const char *)&st;
	size_t left = sizeof(st);

	memset(&st, 0, sizeof(st));
	/* the LMTP session is the parent's: the recipient gets /dev/null */
	if (!quiet_stdio())
		mbox_status_set(&st, EX_TEMPFAIL, "451 4.3.0",
		    "<%s>... cannot reopen standard input", r->user);
	else if (local_priv_become(r->uid, r->gid, r->user, &st) == 0) {
		rq.user = r->user;
		rq.path = r->path;
		rq.uid = r->uid;
		rq.spool_fd = spool_fd;
		rq.sender = sender;
		rq.when = time(NULL);
		rq.maildir = r->maildir;
		rq.quota_permanent = o->quota_permanent;
		rq.lock_wait = LOCAL_LOCK_WAIT;
		(void)mbox_deliver(&rq, &st);
	}
	while (left > 0) {
		ssize_t w = write(report, p, left);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			_exit(EX_OSERR);
		p += w;
		left -= (size_t)w;
	}
	_exit(0);
}

/* local_user_deliver - one recipient; st->ex says how it went */
int
local_user_deliver(const struct local_opts *o, const struct local_rcpt *r,
    int spool_fd, const char *sender, struct mbox_status *st)
{
	struct mbox_status got;
	char *p = (char *)&got;
	size_t have = 0;
	int fds[2], status;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) != 0) {
		mbox_status_errno(st, errno, 0, r->user, "pipe");
		return st->ex;
	}
	(void)fflush(NULL);	/* nothing buffered may be written twice */
	pid = fork();
	if (pid < 0) {
		mbox_status_errno(st, errno, 0, r->user, "fork");
		(void)close(fds[0]);
		(void)close(fds[1]);
		return st->ex;
	}
	if (pid == 0) {
		(void)close(fds[0]);
		child(o, r, spool_fd, sender, fds[1]);
	}
	(void)close(fds[1]);
	while (have < sizeof(got)) {
		ssize_t n = read(fds[0], p + have, sizeof(got) - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	(void)close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	if (have != sizeof(got) || status != 0 || got.ex < 0 || got.ex > 255) {
		mbox_status_set(st, EX_TEMPFAIL, "451 4.3.0",
		    "<%s>... delivery process failed", r->user);
		return st->ex;
	}
	got.reply[sizeof(got.reply) - 1] = '\0';
	*st = got;
	return st->ex;
}
