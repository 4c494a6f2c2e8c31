/*
 * map_db - Berkeley DB 5.3 files as sendmail's hash and btree maps
 * and makemap use them.
 *
 * The files are plain DB_HASH or DB_BTREE databases (no environment),
 * page size and hash parameters left to the library, as sendmail's
 * libsmdb leaves them, so the real makemap's files and ours read each
 * other.  libdb's own error messages are kept quiet: callers report.
 */
#ifndef TERN_MAP_DB_H
#define TERN_MAP_DB_H

#include <stdbool.h>
#include <stddef.h>

#include <db.h>

#include "util/buf.h"

/* map_db_path - name ".db" appended unless it already ends so */
void map_db_path(const char *name, struct buf *path);

/*
 * map_db_open - open path as type (DB_HASH, DB_BTREE or DB_UNKNOWN).
 * oflags: DB_RDONLY, or DB_CREATE|DB_TRUNCATE for a new map.
 * dup: allow duplicate keys (DB_DUP, only when creating).
 * cachesize: bytes, 0 for the default.  quiet: keep libdb's own
 * messages (e.g. "BDB0641 __db_meta_setup: ... unexpected file type or
 * format") off stderr, as makemap does; sendmail itself lets them out.
 * Returns 0 or an error number for db_strerror (errno values for
 * system errors).
 */
int map_db_open(const char *path, DBTYPE type, unsigned oflags, int mode,
    bool dup, size_t cachesize, bool quiet, DB **dbp);

#endif
