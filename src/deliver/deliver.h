/*
 * deliver - one queued message to its destinations, as sendmail 8.17's
 * deliver does: every recipient through ruleset 0 to a mailer triple,
 * aliases, :include: lists and .forward files expanded (expand.c),
 * duplicates dropped, recipients grouped per mailer, host and
 * controlling user, each group handed to its mailer (mailer_exec.c for
 * programs, LMTP/SMTP over a pipe, mail.local; smtpc for [IPC]; the
 * built-in *file* mailer), and the outcome recorded: delivered and
 * permanently failed recipients leave the control file, temporarily
 * failed ones stay for the next queue run, failures and DSN requests
 * become reports to the sender.
 *
 * The pieces:
 *   expand.c       recipients -> struct dlv_list (aliases, .forward,
 *                  :include:, user checks, duplicates)
 *   msgout.c       the message as a mailer gets it: From_ line, headers
 *                  for that mailer, body with the mailer's escaping
 *   mailer_exec.c  running a program mailer (argv from A=, uid, D=),
 *                  with its exit code or its LMTP/SMTP replies
 *   mailer_file.c  the *file* mailer
 *   dlv_status.c   sysexits <-> DSN status and sendmail's texts
 *   deliver.c      the whole, plus the log lines
 */
#ifndef TERN_DELIVER_H
#define TERN_DELIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "addr/rewrite.h"
#include "util/arena.h"
#include "util/buf.h"

struct cf;
struct envelope;
struct mailer;
struct queue_path;

enum dlv_state {
	DLV_PENDING,		/* to be delivered */
	DLV_EXPANDED,		/* replaced by its alias/forward list */
	DLV_DUP,		/* the same as an earlier one */
	DLV_SENT,		/* delivered */
	DLV_TEMPFAIL,		/* try again later */
	DLV_FAILED,		/* permanent failure: bounce */
	DLV_DISCARD,		/* $#discard: dropped silently */
};

struct dlv_rcpt {
	size_t orig;		/* index in e->rcpts it came from */
	long parent;		/* dlv_rcpt it was expanded from, -1 */
	char *addr;		/* as written (envelope, alias, .forward) */
	struct mailer *m;	/* NULL if it did not resolve */
	char *host, *user;
	/* controlling user: who a program or file runs as */
	bool has_ctl;
	uid_t uid;
	gid_t gid;
	char *ctl_name;		/* user name, for ctladdr= and the qf C line */
	char *home;		/* $z, for a local user found in passwd */
	bool noalias;		/* "\user", or already expanded (qf 'A') */
	bool from_alias;	/* came out of an alias, :include: or .forward */
	int depth;
	enum dlv_state state;
	bool attempted;		/* handed to a mailer (or failed) and logged */
	int exitstat;		/* sysexits of the outcome */
	char status[16];	/* DSN status "5.1.1" */
	char *text;		/* stat=: "User unknown", "Sent (ok)" */
	char *reply;		/* the mailer's own reply to a failure
				   ("550 5.1.1 <x>... User unknown"), for
				   the DSN, or NULL */
	char *owner;		/* "owner-LIST" when it came out of a list
				   with an owner alias: its sender, and who
				   hears of its failure (sendmail's rule) */
	char *output;		/* what a failed program mailer printed
				   (first line), for the DSN transcript */
	char *relay;		/* relay= for the log, or NULL */
	char *remote_mta;	/* for DSN Remote-MTA, or NULL */
};

struct dlv_list {
	struct dlv_rcpt *v;
	size_t n, cap;
};

void dlv_list_free(struct dlv_list *);
struct dlv_rcpt *dlv_list_add(struct dlv_list *, size_t orig, long parent,
    const char *addr);
/* dlv_set - the outcome of one recipient (text copied) */
void dlv_set(struct dlv_rcpt *, enum dlv_state, int exitstat,
    const char *status, const char *text);

#define DLV_MAX_QUEUED	8	/* DSNs one attempt can queue */

/* the shared state of one delivery */
struct dlv_ctx {
	struct cf *cf;
	struct arena arena;
	struct rw_ctx rw;
	FILE *verbose;		/* -v: mailer dialogues and notes, or NULL */
	time_t now;
	bool is_root;		/* may change uid for mailers */
	/* DSNs queued by the last attempt, for the runner to deliver */
	struct {
		char qid[24];
		const struct queue_path *path;
	} queued[DLV_MAX_QUEUED];
	int nqueued;
	/* the last attempt's message is a postmaster notice that failed
	   too: the runner sets it aside as Qf (sendmail's lost queue
	   file) instead of removing it, so no mail is silently dropped */
	bool keep_lost;
};

void dlv_ctx_init(struct dlv_ctx *, struct cf *);
void dlv_ctx_free(struct dlv_ctx *);

/* ---- expand.c */

#define DLV_MAX_DEPTH	10	/* sendmail's MaxAliasRecursion default */

/*
 * dlv_expand - every recipient of e not done yet, through ruleset 0 and
 * aliasing, into list (in order: each expansion follows its parent).
 * Failures found here (User unknown, $#error, loops) are set on the
 * entries; they are not delivered.
 */
void dlv_expand(struct dlv_ctx *, const struct envelope *e,
    struct dlv_list *list);

/* ---- dlv_status.c */

/* dlv_status_of - the DSN status sendmail gives an exit code ("5.1.1") */
const char *dlv_status_of(int exitstat);
/* dlv_text_of - sendmail's short text for an exit code ("User unknown") */
const char *dlv_text_of(int exitstat);
/* dlv_state_of - the state an exit code leaves a recipient in */
enum dlv_state dlv_state_of(int exitstat);
/* dlv_age_text - a timeout in words: "5 days", "4 hours", "1 second" */
void dlv_age_text(long seconds, struct buf *out);
/* dlv_exit_of_reply - the exit code an SMTP/LMTP reply code means */
int dlv_exit_of_reply(int code);

/* ---- msgout.c */

struct msgout {
	const struct mailer *m;
	const char *unixfrom;	/* "From a@b Tue ..." or NULL: none */
	struct buf headers;	/* the header block, "\n" line ends */
	int dfd;		/* the body (df), read from its start */
	bool smtp_dots;		/* dot-stuff (SMTP/LMTP, or F=X) */
	bool crlf;		/* end lines with CRLF (SMTP/LMTP) */
};

/*
 * msgout_headers - the header block of e for mailer m (hdr_rewrite_put
 * with the macros of this delivery: $g is the sender as m sees it).
 * EX_OK or the failure of an address header.
 */
int msgout_headers(struct dlv_ctx *, const struct envelope *e,
    const struct mailer *m, struct buf *out);
/*
 * msgout_write - the whole message to fd: From_ line (unless F=n or
 * unixfrom is NULL), headers, blank line, body; line ends as E= (or
 * CRLF), F=E escapes body lines starting "From ", F=X / smtp_dots
 * doubles leading dots, F=7 strips bit 8, F=L... no line limit.
 * 0, or -1 with errno (EPIPE when the mailer went away).
 */
int msgout_write(const struct msgout *, int fd);

/* ---- mailer_exec.c */

/*
 * mailer_exec_group - deliver to recipients v[0..n) (same mailer, host
 * and controlling user) through a program mailer: argv from A= ($u
 * repeated per recipient; without $u the program speaks SMTP, or LMTP
 * with F=z, on its stdin/stdout), run as the mailer's U=, or the
 * controlling user, or DefaultUser, in D=.  Sets each recipient's
 * outcome.  sender: $f/$g as this mailer sees it.
 */
void mailer_exec_group(struct dlv_ctx *, const struct envelope *e,
    const char *dfpath, struct dlv_rcpt **v, size_t n, const char *sender);
/* mailer_exec_speaks - is m a program spoken to in SMTP/LMTP (no $u in
   A=)?  Its name is then the relay= of the log */
bool mailer_exec_speaks(const struct mailer *m);

/* ---- mailer_ipc.c */

/*
 * mailer_ipc_group - the [IPC] mailers (smtp, esmtp, smtp8, relay ...):
 * v[0..n) to host v[0]->host by SMTP through smtpc, MX and all
 */
void mailer_ipc_group(struct dlv_ctx *, const struct envelope *e,
    const char *dfpath, struct dlv_rcpt **v, size_t n, const char *sender);

/* ---- mailer_file.c */

/* mailer_file_deliver - append the message to the file rcpt->user */
void mailer_file_deliver(struct dlv_ctx *, const struct envelope *e,
    const char *dfpath, struct dlv_rcpt *r, const char *sender);

/* ---- deliver.c */

struct dlv_result {
	int sent, failed, deferred;	/* recipients (leaves) */
	bool done;			/* nothing left: remove the message */
};

/*
 * deliver_envelope - attempt every recipient of e (the message whose
 * body is dfpath) and update e: recipients whose every destination was
 * delivered or failed get RCPT_DONE, deferred ones keep status and reply;
 * destinations from aliases that were deferred become new recipients
 * (RCPT_ALIAS, with their controlling user) and their alias is done.
 * list (caller's, empty) keeps every destination and its outcome, for
 * the caller's DSNs: failed ones, and NOTIFY=SUCCESS reports.
 */
void deliver_envelope(struct dlv_ctx *, struct envelope *e,
    const char *dfpath, struct dlv_list *list, struct dlv_result *);

/* ---- report.c */

struct queue_dirs;

/*
 * dlv_report - the DSNs one attempt calls for, queued as new messages:
 * a bounce for the destinations that failed (unless NOTIFY=NEVER), a
 * success report for NOTIFY=SUCCESS, a delay warning for the deferred
 * ones when warn is set.  A failed report of the null sender goes to
 * the postmaster (DoubleBounceAddress) once; never a loop.
 */
void dlv_report(struct dlv_ctx *, const struct queue_dirs *,
    const struct envelope *e, const char *dfpath, const struct dlv_list *,
    bool warn);

/* deliver_log - the sendmail log line of one destination's attempt */
void deliver_log(struct dlv_ctx *, const struct envelope *e,
    const struct dlv_rcpt *r, time_t xstart);

#endif
