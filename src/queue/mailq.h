/*
 * mailq - the queue listing of sendmail -bp (mailq), in sendmail 8.17's
 * exact format.
 *
 * For every queue group and directory (queue_dir.h order): "\t\tDIR (N
 * request[s][, only M printed])" and the column header, or "DIR is
 * empty"; then one entry per message in queue_scan order:
 *
 *   QID (13 wide) marker size time sender
 *       QUARANTINE: reason          (if q)
 *       bodytype   (status message) (if B or M)
 *       recipients, one a line
 *
 * marker: '*' locked, '?' lost (-qL), '-' too young, 'X' load too high,
 * else ' '.  Unprintable bytes show as \ooo, '\' as "\\", within
 * sendmail's column budgets (39 and 38, verbose 78 and 71).  At the end
 * "\t\tTotal requests: N".  Verbose (-v) shows priorities, the 'w' flag
 * ('+'), C lines and per-recipient messages.
 *
 * Departures, all for damaged queues: when a df is missing, sendmail
 * reads the whole qf (readqf) and may print address-parsing complaints
 * and rename a bad qf to Qf or delete an empty old one; tern prints
 * readqf's own complaint ("readqf: cannot open ./dfX: ...", a SECURITY
 * ALERT, a bad line) and changes nothing.  A T line so large that ctime
 * fails prints "(null)" as sendmail, and in verbose mode too (sendmail
 * crashes there).
 */
#ifndef TERN_MAILQ_H
#define TERN_MAILQ_H

#include <stdbool.h>
#include <stdio.h>

#include "queue/queue.h"

struct mailq_opts {
	bool verbose;			/* -v */
	struct queue_scan_opts scan;	/* mode, limits, sort ... */
	bool restrict_mailq;		/* PrivacyOptions=restrictmailq ... */
	bool privileged;		/* ... does not apply (real uid 0) */
};

/*
 * mailq_print - print the listing of every queue directory to out.
 * Returns the total number of requests.
 */
int mailq_print(FILE *out, const struct queue_dirs *, const struct mailq_opts *);

/*
 * mailq_prtstr - sendmail's prtstr: s within a budget of ml columns,
 * unprintables as \ooo (3 more columns), '\' doubled (1 more)
 */
void mailq_prtstr(FILE *out, const char *s, int ml);

/* mailq_load - the load average as sendmail rounds it */
int mailq_load(void);

#endif
