/*
 * queue_lock.c - queue file locks, compatible with sendmail 8.17 on Linux.
 *
 * Debian's sendmail locks with flock(2) (its mailq shows "*" for a qf
 * someone holds with flock, not for one held with fcntl), so tern does
 * too; the two kinds of lock do not see each other on Linux.
 */
#include "queue/queue.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* queue_lock_fd - flock fd (LOCK_EX or LOCK_SH), never waiting; 0 or -1 */
int
queue_lock_fd(int fd, bool exclusive)
{
	int r;

	do
		r = flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB);
	while (r < 0 && errno == EINTR);
	return r;
}

/* queue_lock_busy - is the file on fd locked by someone else? */
bool
queue_lock_busy(int fd)
{
	if (queue_lock_fd(fd, false) < 0)
		return errno == EWOULDBLOCK || errno == EAGAIN;
	/* sendmail keeps the shared lock until it closes the file; so
	   does the caller, who closes fd right after */
	return false;
}

/*
 * queue_lock_owner_ok - may a runner believe this control file?  A
 * regular file with one link, writable by no other, owned by the runner
 * or root; group-writable only in a client queue (UseMSP, QueueFileMode
 * 0660), where a user who wrote it through the set-group-ID submission
 * program owns it and its group is the runner's.
 */
static bool
queue_lock_owner_ok(int fd, bool group_ok)
{
	struct stat st;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    (st.st_mode & S_IWOTH))
		return false;
	if (st.st_mode & S_IWGRP)
		return group_ok && (st.st_uid == geteuid() || st.st_uid == 0 ||
		    st.st_gid == getegid());
	return st.st_uid == geteuid() || st.st_uid == 0;
}

/* queue_lock_open - open and lock a qf for a queue run */
int
queue_lock_open(const char *path, bool group_ok, int *fdp)
{
	struct stat st, sn;
	int fd;

	*fdp = -1;
	/*
	 * no link, no device or FIFO: a group-writable client queue lets
	 * anyone with the group plant files (the runner must not follow them)
	 */
	if ((fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) < 0)
		return -1;
	if (!queue_lock_owner_ok(fd, group_ok)) {
		(void)close(fd);
		errno = EPERM;
		return QUEUE_LOCK_BOGUS;
	}
	if (queue_lock_fd(fd, true) < 0) {
		int e = errno;

		(void)close(fd);
		if (e == EWOULDBLOCK || e == EAGAIN)
			return 1;
		errno = e;
		return -1;
	}
	/* sendmail's race check: the name must still be this file */
	if (fstat(fd, &st) < 0 || stat(path, &sn) < 0 ||
	    st.st_dev != sn.st_dev || st.st_ino != sn.st_ino ||
	    st.st_nlink != sn.st_nlink || st.st_size != sn.st_size ||
	    st.st_nlink == 0) {
		(void)close(fd);
		return 1;
	}
	*fdp = fd;
	return 0;
}

/* queue_unlock - release and close a lock taken here */
void
queue_unlock(int fd)
{
	if (fd >= 0)
		(void)close(fd);
}
