/*
 * log - lines for syslog (facility mail), in sendmail's format:
 * "QID: to=<a@b>, delay=00:00:01, ..., stat=Sent".  The tag is msg_tag()
 * (-L sets it), with the pid, as sendmail opens its log.
 *
 * Tests cannot read syslog in CI, so when the environment names a file in
 * TERN_LOG_FILE (and the process is not set-id: a caller must not make a
 * set-group-ID program write where it likes) each line is also appended
 * there as "tag[pid]: text".
 */
#ifndef TERN_LOG_H
#define TERN_LOG_H

#include <syslog.h>
#include <time.h>

struct buf;

void log_line(int priority, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* log_delay - sendmail's pintvl: "00:00:05", "1+02:03:04" for days */
void log_delay(struct buf *out, time_t seconds);

#endif
