/* local_spool.c - read the message once, as root, into an unnamed file */
#include "local.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "deliver/mbox_deliver.h"
#include "deliver/mbox_input.h"

/* local_in_init - buffered reads from fd */
void
local_in_init(struct local_in *in, int fd)
{
	in->fd = fd;
	in->start = in->end = 0;
	in->eof = 0;
}

/* local_in_fill - more input when the buffer is empty; 0 at EOF/error */
int
local_in_fill(struct local_in *in)
{
	ssize_t r;

	if (in->start < in->end)
		return 1;
	if (in->eof)
		return 0;
	in->start = in->end = 0;
	do
		r = read(in->fd, in->data, sizeof(in->data));
	while (r < 0 && errno == EINTR);
	if (r <= 0) {
		in->eof = 1;
		return 0;
	}
	in->end = (size_t)r;
	return 1;
}

/* local_spool_open - an unnamed temporary file, readable only by us */
int
local_spool_open(void)
{
	const char *dir = "/tmp";
	char tmpl[] = "/tmp/mail.localXXXXXX";
	int fd;

	fd = open(dir, O_RDWR | O_TMPFILE | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	/* file systems without O_TMPFILE: a name for an instant */
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (unlink(tmpl) != 0) {
		(void)close(fd);
		return -1;
	}
	return fd;
}

/*
 * local_spool_read - the message from `in` into spool_fd.  In LMTP mode
 * up to the "." line; otherwise to EOF.  A failed spool write is kept in
 * *spool_err (errno) while the input is still read to its end, so the
 * LMTP session stays in step.  Returns 0, or -1 when LMTP input ended
 * before the "." line.
 */
int
local_spool_read(struct local_in *in, int lmtp, int spool_fd, int *spool_err)
{
	struct mbox_input conv;
	struct buf out = BUF_INIT;
	int rc = 0;

	*spool_err = 0;
	if (ftruncate(spool_fd, 0) != 0 || lseek(spool_fd, 0, SEEK_SET) != 0)
		*spool_err = errno;
	mbox_input_init(&conv, lmtp);
	while (!conv.done) {
		if (!local_in_fill(in)) {
			if (lmtp)
				rc = -1;
			break;
		}
		in->start += mbox_input_feed(&conv, in->data + in->start,
		    in->end - in->start, &out);
		if (out.len >= 65536) {
			if (*spool_err == 0 &&
			    mbox_deliver_write(spool_fd, out.data, out.len) != 0)
				*spool_err = errno;
			buf_reset(&out);
		}
	}
	mbox_input_finish(&conv, &out);
	if (*spool_err == 0 &&
	    mbox_deliver_write(spool_fd, out.data, out.len) != 0)
		*spool_err = errno;
	buf_free(&out);
	return rc;
}
