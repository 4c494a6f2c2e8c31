/*
 * hoststat - persistent host status (HostStatusDirectory), in sendmail
 * 8.17's own files so its hoststat/purgestat and tern read each other's.
 *
 * One file per host, in a tree of the host's labels reversed: host
 * "mx1.sub.example.com" is DIR/com./example./sub./mx1, address
 * "127.0.0.3" (brackets dropped) is DIR/3./0./0./127, "[IPv6:::1]" is
 * DIR/ipv6:::1.  Names are lower-cased, a trailing dot dropped.  The
 * file (mode 0600) holds lines, each a key letter and a value:
 *	V0		version
 *	E<errno>	of a failed connection, else 0
 *	H<h_errno>	of a failed lookup, else 0
 *	S<sysexits>	the connection's outcome, 0 when it worked
 *	D<status>	enhanced status (optional)
 *	R<reply>	the server's last reply (optional)
 *	U<time_t>	when it was written
 *	.
 * hoststat_write replaces a file atomically: a locked temporary file
 * (".<name>.XXXXXX" in the same directory, skipped by walks) renamed
 * over it.  Readers need no lock.
 *
 * Limits: a host name of at most HOSTSTAT_HOST_MAX bytes, labels not
 * empty, no '/' or control character (else -1, EINVAL); a file of at
 * most HOSTSTAT_FILE_MAX bytes; a walk at most HOSTSTAT_DEPTH deep.
 */
#ifndef TERN_HOSTSTAT_H
#define TERN_HOSTSTAT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "util/buf.h"

#define HOSTSTAT_HOST_MAX	255
#define HOSTSTAT_FILE_MAX	8192
#define HOSTSTAT_DEPTH		64
#define HOSTSTAT_TIMEOUT	1800	/* Timeout.hoststatus default */

struct hoststat {
	int version;		/* V */
	int err;		/* E */
	int herr;		/* H */
	int exitstat;		/* S */
	char status[16];	/* D, "" when none */
	char reply[1024];	/* R (cut), "" when none */
	bool has_reply;
	long long updated;	/* U */
};

/* hoststat_path - the file of host under dir: 0, -1 (EINVAL) */
int hoststat_path(const char *dir, const char *host, struct buf *out);

/* hoststat_parse - a file's text; 0, or -1 with a message in err
 * ("Unknown host status version 1: 0 max": st is filled as far as
 * read, as sendmail shows it) */
int hoststat_parse(const char *text, size_t len, struct hoststat *st,
    int *line, struct buf *err);

/* hoststat_format - the file's text for st */
void hoststat_format(const struct hoststat *st, struct buf *out);

/* hoststat_read - 1 read, 0 no such file, -1 error (errno) */
int hoststat_read(const char *dir, const char *host, struct hoststat *st);

/* hoststat_write - create or replace: 0, -1 (errno) */
int hoststat_write(const char *dir, const char *host,
    const struct hoststat *st);

/* hoststat_result - the Results column of -bh (uncut) */
void hoststat_result(const struct hoststat *st, struct buf *out);

/* hoststat_print - -bh: the table on out, problems on err; 0, or -1
 * when dir cannot be read (the warning is printed) */
int hoststat_print(const char *dir, time_t now, FILE *out, FILE *err);

/* hoststat_purge - -bH: remove every status file not changed for more
 * than timeout seconds; the number removed, -1 when dir is unusable */
int hoststat_purge(const char *dir, time_t now, long timeout, FILE *err);

/* ---- delivery (mailer_ipc.c) */

/* hoststat_cached - hosts ("a:[10.0.0.1]", as in $h) all failed to
 * connect within timeout seconds: true, the deferral text ("Connection
 * refused by [10.0.0.1]") in why and its status in status[16] */
bool hoststat_cached(const char *dir, const char *hosts, time_t now,
    long timeout, struct buf *why, char *status);

/* hoststat_record - what one attempt said of host mta: code is the
 * last reply's (0: none, reply is then a local text such as
 * "Connection refused by X" or "Name server: X: host name lookup
 * failure"); sent: some recipient has the message; answered: the
 * server answered every recipient (recipient refusals are not the
 * host's).  0, or -1 (errno) */
int hoststat_record(const char *dir, const char *mta, int code,
    const char *status, const char *reply, bool sent, bool answered,
    time_t now);

struct smtpc_rcpt;
/* hoststat_record_rcpts - hoststat_record from an SMTP client's
 * recipients (their codes, statuses and replies say what the host did) */
int hoststat_record_rcpts(const char *dir, const char *mta,
    const struct smtpc_rcpt *v, size_t n, time_t now);

#endif
