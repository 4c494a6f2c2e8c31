/*
 * errstream.c - see errstream.h.
 */
#include "util/errstream.h"
#include "util/buf.h"

#include <stdio.h>

static __thread FILE *errstream_file;
static __thread struct buf errstream_buf;

/* errstream_write - the cookie stream's output: appended to the text */
static ssize_t
errstream_write(void *cookie, const char *p, size_t n)
{
	buf_add(cookie, p, n);
	return (ssize_t)n;
}

FILE *
errstream_begin(void)
{
	static const cookie_io_functions_t io = { NULL, errstream_write,
	    NULL, NULL };

	if (errstream_file == NULL)
		errstream_file = fopencookie(&errstream_buf, "w", io);
	else
		(void)fflush(errstream_file);
	buf_reset(&errstream_buf);
	return errstream_file;
}

const char *
errstream_text(void)
{
	if (errstream_file != NULL)
		(void)fflush(errstream_file);
	return buf_str(&errstream_buf);
}

void
errstream_free(void)
{
	if (errstream_file != NULL)
		(void)fclose(errstream_file);
	errstream_file = NULL;
	buf_free(&errstream_buf);
}
