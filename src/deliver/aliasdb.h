/*
 * aliasdb - rebuild alias databases from their text sources, as
 * sendmail 8.17's newaliases (sendmail -bi) does.
 *
 * Every AliasFile map of a rebuildable class (hash, btree, implicit) is
 * rebuilt, in the order sendmail walks its symbol table ("Alias0",
 * "Alias1", ... hashed), each from its text file:
 *
 *  - the text file is opened only if it passes sendmail's safety check
 *    (regular file, not group or world writable unless DontBlameSendmail
 *    says so) and locked (flock, LOCK_NB): "newaliases: cannot open
 *    FILE: REASON" or "Alias file FILE is locked (maybe being rebuilt)";
 *  - lines are read as readaliases reads them (aliasdb_read.c): a
 *    BUFSIZ (8192) line buffer, backslash-newline and leading-blank
 *    continuations, the left side through parseaddr (rulesets 3 and 0)
 *    to a mailer with F=A, the right side stored as written;
 *  - the database is written to a temporary file next to FILE.db and
 *    renamed over it when complete (with the "@" -> "@" entry sendmail
 *    waits for), so a reader never sees a half-built database.  The old
 *    database's mode and owner are kept; a new one is 0640.
 *
 * Diagnostics and the summary ("FILE: N aliases, longest L bytes, T
 * bytes total") go to out (stdout), byte for byte as 8.17 prints them.
 * The result is the exit status: EX_SOFTWARE (70) after any error
 * sendmail reports with syserr (missing colon, non-local name, missing
 * value, line too long, ...), else 0 -- also when a file is missing.
 */
#ifndef TERN_ALIASDB_H
#define TERN_ALIASDB_H

#include <stdio.h>

struct cf;

/* aliasdb_newaliases - rebuild every AliasFile database; exit status */
int aliasdb_newaliases(struct cf *, FILE *out);

#endif
