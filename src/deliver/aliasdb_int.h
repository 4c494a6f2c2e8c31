/*
 * aliasdb_int - what the newaliases files share; not for callers.
 *
 * aliasdb.c drives (specs, order, opening and locking the text file),
 * aliasdb_read.c interprets the text, aliasdb_write.c builds the
 * database under a temporary name and renames it into place.
 */
#ifndef TERN_ALIASDB_INT_H
#define TERN_ALIASDB_INT_H

#include <stdbool.h>
#include <stdio.h>

#include <db.h>

#include "util/buf.h"

struct cf;

#define ALIASDB_INCLNULL	0x01	/* -N: keys and values end in NUL */
#define ALIASDB_NOFOLD		0x02	/* -f: keep the keys' case */
#define ALIASDB_APPEND		0x04	/* -A: duplicates are joined */
#define ALIASDB_OPTIONAL	0x08	/* -o: a missing file is not said */

#define ALIASDB_BUFSIZ		8192	/* sendmail's line buffer (BUFSIZ) */
#define ALIASDB_MAXKEY		256	/* keys are cut to MAXNAME bytes */

/* One database being written (aliasdb_write.c). */
struct aliasdb_writer {
	DB *db;
	char *path;		/* FILE.db */
	char *tmp;		/* the temporary it is built in */
	unsigned flags;		/* ALIASDB_* */
};

/* One rebuild: the file, where messages go, and the sticky status. */
struct aliasdb_run {
	struct cf *cf;
	FILE *out;
	const char *file;	/* the text file, as named in AliasFile */
	int lineno;		/* > 0 while reading: messages say "line N" */
	int status;		/* EX_SOFTWARE after a syserr-class error */
	struct aliasdb_writer w;
	long naliases, longest, bytes;
};

/*
 * aliasdb_say - one message line on run->out, prefixed "FILE: line N: "
 * while a file is being read (sendmail's FileName/LineNumber prefix).
 */
void aliasdb_say(struct aliasdb_run *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* aliasdb_read - interpret the text file in, storing through run->w */
void aliasdb_read(struct aliasdb_run *, FILE *in);

/*
 * aliasdb_write_open - start FILE.db (type DB_HASH or DB_BTREE) under a
 * temporary name.  0 or an errno / libdb error for db_strerror.
 */
int aliasdb_write_open(struct aliasdb_writer *, const char *file,
    DBTYPE type, unsigned flags);

/*
 * aliasdb_write_store - store key -> value (key folded to lower case
 * unless ALIASDB_NOFOLD).  *dup is set when the key was there already
 * (the new value replaces the old, or with ALIASDB_APPEND becomes
 * "new,old").  lkey gets the key as stored, for the duplicate warning.
 * 0 or a libdb error.
 */
int aliasdb_write_store(struct aliasdb_writer *, const char *key,
    const char *value, bool *dup, struct buf *lkey);

/*
 * aliasdb_write_commit - add "@" -> "@", flush, fsync, rename the
 * temporary over FILE.db and fsync the directory.  0 or an error
 * number; the writer is closed either way.
 */
int aliasdb_write_commit(struct aliasdb_writer *);

/* aliasdb_write_abort - close and remove the temporary */
void aliasdb_write_abort(struct aliasdb_writer *);

#endif
