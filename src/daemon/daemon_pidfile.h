/*
 * daemon_pidfile - PidFile as sendmail writes it: the daemon's pid on
 * the first line, its command line (the arguments joined by blanks) on
 * the second.  Written by the master (root) with mode 0644, replacing
 * the file; a symbolic link at the path is refused (O_NOFOLLOW), as
 * sendmail's safefopen refuses links.
 */
#ifndef TERN_DAEMON_PIDFILE_H
#define TERN_DAEMON_PIDFILE_H

#include <sys/types.h>

struct buf;

/* daemon_pidfile_write - 0, or -1 with errno (the caller logs) */
int daemon_pidfile_write(const char *path, pid_t pid, char *const *argv,
    int argc);

/* daemon_pidfile_remove - remove it if it still names pid */
void daemon_pidfile_remove(const char *path, pid_t pid);

#endif
