/*
 * queue_io.c - the small file operations every writer of queue files
 * shares: exclusive creation with sendmail's umask rule, whole writes,
 * directory fsync, and one-line failure reasons.
 */
#include "queue/queue_io.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* queue_io_fail - reason (with errno text if e != 0) into err; -1 */
int
queue_io_fail(struct buf *err, const char *what, const char *path, int e)
{
	buf_reset(err);
	if (e != 0)
		buf_addf(err, "%s %s: %s", what, path, strerror(e));
	else
		buf_addf(err, "%s %s", what, path);
	errno = e;
	return -1;
}

/* queue_io_create - open(2) a new queue file with sendmail's umask rule */
int
queue_io_create(const char *path, mode_t mode)
{
	mode_t old = 0;
	int fd;

	/* sendmail: a group-writable QueueFileMode gets umask 002 */
	if (mode & S_IWGRP)
		old = umask(002);
	do
		fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode);
	while (fd < 0 && errno == EINTR);
	if (mode & S_IWGRP)
		(void)umask(old);
	return fd;
}

/* queue_io_syncdir - fsync the directory holding path */
int
queue_io_syncdir(const char *path)
{
	char *copy = xstrdup(path);
	int fd, r, e;

	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return -1;
	r = fsync(fd);
	e = errno;
	(void)close(fd);
	errno = e;
	return r;
}

/* queue_io_dirof - the directory part of path, for comparisons */
char *
queue_io_dirof(const char *path)
{
	const char *s = strrchr(path, '/');

	return s == NULL ? xstrdup(".") : xstrndup(path, (size_t)(s - path));
}

/* queue_io_write - all of buf to fd */
int
queue_io_write(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

