/*
 * daemon_pidfile.c - write and remove the PidFile.
 */
#include "daemon/daemon_pidfile.h"
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
daemon_pidfile_write(const char *path, pid_t pid, char *const *argv, int argc)
{
	struct buf text = BUF_INIT;
	ssize_t w;
	int fd, i, e;

	buf_addf(&text, "%ld\n", (long)pid);
	for (i = 0; i < argc && argv[i] != NULL; i++) {
		if (i > 0)
			buf_addc(&text, ' ');
		buf_adds(&text, argv[i]);
	}
	buf_addc(&text, '\n');
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
	    0644);
	if (fd < 0) {
		e = errno;
		buf_free(&text);
		errno = e;
		return -1;
	}
	w = write(fd, text.data, text.len);
	e = errno;
	if (close(fd) < 0 && w >= 0) {
		w = -1;
		e = errno;
	}
	if (w < 0 || (size_t)w != text.len) {
		buf_free(&text);
		errno = w < 0 ? e : EIO;
		return -1;
	}
	buf_free(&text);
	return 0;
}

void
daemon_pidfile_remove(const char *path, pid_t pid)
{
	char line[32];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (n <= 0)
		return;
	line[n] = '\0';
	/* a newer daemon's file stays */
	if (strtol(line, NULL, 10) == (long)pid)
		(void)unlink(path);
}
