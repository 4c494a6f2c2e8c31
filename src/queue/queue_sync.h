/*
 * queue_sync - fdatasync of a set of files, several at once so that the
 * device's cache flushes merge (queue_sync.c has the measurements).
 */
#ifndef TERN_QUEUE_SYNC_H
#define TERN_QUEUE_SYNC_H

#include <stddef.h>

/* queue_sync_all - fdatasync each of fds[0..n); errs[i] = 0 or errno */
void queue_sync_all(const int *fds, size_t n, int *errs);

#endif
