/* queue_read.c - a control file from disk into an envelope */
#include "queue/queue.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define QUEUE_READ_MAX	(64L * 1024 * 1024)	/* no qf is this big */

/* queue_read_qf - read a control file from disk into e (see qf_read) */
int
queue_read_qf(const char *path, const char *rel, struct envelope *e,
    struct buf *err)
{
	struct buf data = BUF_INIT;
	char chunk[8192];
	ssize_t n;
	int fd, rc;

	if (rel == NULL)
		rel = path;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		buf_reset(err);
		buf_addf(err, "readqf: no control file %s: %s", rel,
		    strerror(errno));
		return QF_ERR;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf_add(&data, chunk, (size_t)n);
		if (data.len > QUEUE_READ_MAX) {
			n = -1;
			errno = EFBIG;
			break;
		}
	}
	if (n < 0) {
		buf_reset(err);
		buf_addf(err, "readqf: %s: %s", rel, strerror(errno));
		(void)close(fd);
		buf_free(&data);
		return QF_ERR;
	}
	(void)close(fd);
	rc = qf_read(data.data != NULL ? data.data : "", data.len, rel, e, err);
	buf_free(&data);
	return rc;
}
