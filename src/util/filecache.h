/*
 * filecache - small configuration files read again only when they change.
 *
 * The host map reads HostsFile and the service switch file on every
 * lookup, as sendmail does, so an edit takes effect at once; the mail
 * server looks hosts up several times per message, each an open, a stat,
 * reads and a close.  Here a file's bytes are kept with its identity
 * (device, inode, size, modification time to the nanosecond) and one
 * stat per use decides whether they are still the file's.
 */
#ifndef TERN_FILECACHE_H
#define TERN_FILECACHE_H

#include <stdio.h>

/*
 * filecache_fopen - the file at path for reading, from the cache when it
 * is unchanged; NULL with errno as fopen.  Close it with fclose.
 */
FILE *filecache_fopen(const char *path);

/* filecache_clear - forget every file (tests: nothing is left over) */
void filecache_clear(void);

#endif
