/* mbox_lock.c - dot lock and fcntl lock of a mailbox, bounded waits */
#include "deliver/mbox_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

/* now_ms - a monotonic clock for the deadlines */
static long long
now_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* pause_a_little - 5..50 ms, jittered so waiting processes spread out */
static void
pause_a_little(unsigned *seed)
{
	struct timespec ts = { 0, (5 + rand_r(seed) % 45) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* break_stale - remove the dot lock if it is old; 1 when removed */
static int
break_stale(const char *lockname)
{
	struct stat a, b;

	if (lstat(lockname, &a) != 0)
		return errno == ENOENT;
	if (time(NULL) - a.st_mtime < MBOX_LOCK_STALE)
		return 0;
	/* XXX check again right before unlinking: narrows, cannot close,
	 * the race with a process that just replaced it (fcntl covers it) */
	if (lstat(lockname, &b) != 0 || a.st_ino != b.st_ino ||
	    a.st_dev != b.st_dev || a.st_mtime != b.st_mtime)
		return 0;
	return unlink(lockname) == 0;
}

/* mbox_lock_dot - create path.lock exclusively, waiting at most `wait` s */
int
mbox_lock_dot(const char *path, const char *user, int wait,
    struct buf *lockname, struct mbox_status *st)
{
	long long deadline = now_ms() + (long long)wait * 1000;
	unsigned seed = (unsigned)getpid() ^ (unsigned)now_ms();
	int fd;

	buf_reset(lockname);
	buf_addf(lockname, "%s.lock", path);
	for (;;) {
		fd = open(buf_str(lockname),
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0) {
			char pid[32];
			int n = snprintf(pid, sizeof(pid), "%ld\n",
			    (long)getpid());

			/* the pid is a courtesy for the administrator */
			if (n > 0 && write(fd, pid, (size_t)n) != n)
				n = 0;	/* not needed for the lock */
			if (close(fd) != 0) {
				mbox_status_errno(st, errno, 0, user,
				    "cannot create lock file");
				(void)unlink(buf_str(lockname));
				return -1;
			}
			return 0;
		}
		if (errno != EEXIST) {
			mbox_status_errno(st, errno, 0, user,
			    "cannot create lock file");
			return -1;
		}
		if (break_stale(buf_str(lockname)))
			continue;
		if (now_ms() >= deadline) {
			mbox_status_set(st, EX_TEMPFAIL, "450 4.2.0",
			    "<%s>... mailbox is locked by another process",
			    user);
			return -1;
		}
		pause_a_little(&seed);
	}
}

/* mbox_lock_dot_release - remove our dot lock */
void
mbox_lock_dot_release(const char *lockname)
{
	(void)unlink(lockname);
}

/* mbox_lock_fd - an fcntl write lock on the whole mailbox */
int
mbox_lock_fd(int fd, const char *user, int wait, struct mbox_status *st)
{
	long long deadline = now_ms() + (long long)wait * 1000;
	unsigned seed = (unsigned)getpid();
	struct flock fl;

	for (;;) {
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		fl.l_start = 0;
		fl.l_len = 0;
		if (fcntl(fd, F_SETLK, &fl) == 0)
			return 0;
		if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
			mbox_status_errno(st, errno, 0, user,
			    "cannot lock mailbox");
			return -1;
		}
		if (now_ms() >= deadline) {
			mbox_status_set(st, EX_TEMPFAIL, "450 4.2.0",
			    "<%s>... mailbox is locked by another process",
			    user);
			return -1;
		}
		pause_a_little(&seed);
	}
}
