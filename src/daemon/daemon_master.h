/*
 * daemon_master - the mail server's master process (sendmail -bd/-bD).
 *
 * Root.  Binds every DaemonPortOptions socket, goes to the background
 * (-bd: fork, setsid, stdio on /dev/null; -bD stays), writes PidFile,
 * logs "starting daemon (tern-0.1): SMTP+queueing@01:00:00", then starts
 * and supervises its children (daemon_child.h): the queue writer and
 * the front end as a pair joined by a SOCK_SEQPACKET socketpair, and
 * with -q<interval> the queue runner.  The master itself reads nothing
 * from the network.
 *
 * A child that dies is restarted after a backoff (1 s, doubling to
 * 60 s; back to 1 s once a child has lived a minute).  The writer and
 * the front end live and die together: when one goes the other is told
 * to stop and both are started afresh.
 *
 * Signals only set flags; the loop waits in ppoll with them unblocked.
 *   SIGTERM, SIGINT: close the listeners, stop the front end (it
 *     finishes pending commits, 421s the rest) and the runner, then the
 *     writer (open, unacknowledged transactions are removed), each
 *     waited for a bounded time and killed after; remove the pid file;
 *     exit 0.
 *   SIGHUP: the same stop, then execv of the saved argv[0] with the
 *     saved arguments (sendmail's restart: the new process reads the
 *     .cf afresh).  argv[0] must be an absolute path, as in sendmail
 *     ("could not restart: need full path"); exec failure exits
 *     EX_OSFILE.  Committed mail is never at risk: it is in the queue.
 */
#ifndef TERN_DAEMON_MASTER_H
#define TERN_DAEMON_MASTER_H

#include <stdbool.h>

struct cf;

struct daemon_master_args {
	struct cf *cf;
	char *const *argv;	/* the command line, for PidFile and SIGHUP */
	int argc;
	bool foreground;	/* -bD */
	bool smtp;		/* serve SMTP (always, for -bd/-bD) */
	long queue_interval;	/* -q<interval>, seconds; 0: no runner */
};

/* daemon_master_run - returns the exit status (only on failure to start,
 * or after SIGTERM; the background parent returns 0 at once) */
int daemon_master_run(const struct daemon_master_args *);

#endif
