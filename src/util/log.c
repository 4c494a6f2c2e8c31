/*
 * log.c - syslog lines, and their copy to TERN_LOG_FILE for tests.
 */
#include "util/log.h"
#include "util/buf.h"
#include "util/msg.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

static int log_opened;

/* log_copy - the line to TERN_LOG_FILE when allowed; one write(2) per
 * line with O_APPEND, so lines of parallel processes do not mix */
static void
log_copy(const char *text)
{
	const char *path = getenv("TERN_LOG_FILE");
	char line[2200];
	int fd, n;

	if (path == NULL || *path == '\0' || getauxval(AT_SECURE))
		return;
	n = snprintf(line, sizeof(line), "%s[%ld]: %s\n", msg_tag(),
	    (long)getpid(), text);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1, line[n - 1] = '\n';
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)n) < 0) {
		/* a test log is best effort */
	}
	close(fd);
}

void
log_line(int priority, const char *fmt, ...)
{
	char text[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!log_opened) {
		openlog(msg_tag(), LOG_PID, LOG_MAIL);
		log_opened = 1;
	}
	syslog(priority, "%s", text);
	log_copy(text);
}

void
log_delay(struct buf *out, time_t s)
{
	char tmp[64];

	if (s < 0)
		s = 0;
	if (s >= 86400)
		snprintf(tmp, sizeof(tmp), "%ld+%02ld:%02ld:%02ld",
		    (long)(s / 86400), (long)(s % 86400 / 3600),
		    (long)(s % 3600 / 60), (long)(s % 60));
	else
		snprintf(tmp, sizeof(tmp), "%02ld:%02ld:%02ld",
		    (long)(s / 3600), (long)(s % 3600 / 60), (long)(s % 60));
	buf_adds(out, tmp);
}
