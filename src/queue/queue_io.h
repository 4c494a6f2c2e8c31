/*
 * queue_io - file operations shared by the queue's writers (commit,
 * rewrite after a delivery attempt).  Internal to src/queue and its
 * immediate users.
 */
#ifndef TERN_QUEUE_IO_H
#define TERN_QUEUE_IO_H

#include "util/buf.h"

#include <stddef.h>
#include <sys/types.h>

/* queue_io_fail - "what path: strerror(e)" into err; errno = e; -1 */
int queue_io_fail(struct buf *err, const char *what, const char *path, int e);
/* queue_io_create - open(O_CREAT|O_EXCL|O_WRONLY), umask 002 for a
   group-writable mode as sendmail */
int queue_io_create(const char *path, mode_t mode);
/* queue_io_syncdir - fsync the directory holding path */
int queue_io_syncdir(const char *path);
/* queue_io_dirof - the directory part of path (malloc'd) */
char *queue_io_dirof(const char *path);
/* queue_io_write - all n bytes to fd, or -1 */
int queue_io_write(int fd, const char *p, size_t n);

#endif
