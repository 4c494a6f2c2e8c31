/*
 * mode_bm - a message on standard input (sendmail -bm, -t): the parts of
 * sendmail's main() and collect() around intake, private to
 * src/main/mode_bm*.c.
 *
 *   mode_bm.c         the whole: the sender, the recipients, intake into
 *                     a queue transaction, the commit, failures, then
 *                     delivery as DeliveryMode says
 *   mode_bm_sender.c  who sends: the caller's login, -f and whether the
 *                     caller may use it, the full name, the
 *                     X-Authentication-Warning headers
 *   mode_bm_rcpt.c    the recipients (argv, -t): parsed as recipient()
 *                     does, duplicates left out, refusals kept for the
 *                     bounce, the send queue's order
 */
#ifndef TERN_MODE_BM_H
#define TERN_MODE_BM_H

#include <stdbool.h>
#include <stddef.h>

#include "msg/intake.h"
#include "util/arena.h"
#include "util/buf.h"

struct cf;
struct cmdline;
struct envelope;
struct hdr_list;

/* ---- mode_bm_sender.c */

struct bm_sender {
	char *login;		/* the caller (sendmail's RealUserName) */
	char *paddr;		/* the envelope sender as given: -f, else
				   the login; "<>" for the null sender */
	bool null;		/* -f '<>' or -f '' */
	bool trusted;		/* may set the sender (root, class t,
				   TrustedUser) */
	bool from_flag;		/* -f/-r was given */
	char flag;		/* 'f' or 'r' */
	bool self;		/* the sender is the caller at a local
				   mailer (F=l), as -f may name it */
	int exitstat;		/* a -f that did not parse: its sysexits
				   (the caller sends instead) */
	struct intake_sender in;	/* for intake */
	struct buf fullname;
	struct buf esender;	/* in.sender: the sender through rulesets
				   3, 1 and 4 */
	char *user;
};

/* bm_sender_setup - the sender of a message from the command line */
void bm_sender_setup(struct bm_sender *, struct cf *, const struct cmdline *);
/*
 * bm_sender_warnings - X-Authentication-Warning headers as sendmail's
 * main adds them for an untrusted caller (PrivacyOptions authwarnings):
 * a -C configuration, the queue it names, a -f sender
 */
void bm_sender_warnings(const struct bm_sender *, struct cf *,
    const struct cmdline *, struct hdr_list *);
void bm_sender_free(struct bm_sender *);

/* ---- mode_bm_rcpt.c */

/* one recipient refused at intake */
struct bm_refusal {
	char *addr;		/* as given */
	int code;		/* 553, 550 ... */
	char dsn[16];		/* "5.1.3" */
	char *text;		/* "User unknown" */
	int exitstat;		/* sysexits */
};

/* one recipient taken (it is e->rcpts[seq]) */
struct bm_rcpt {
	char *key;		/* mailer, host and user: the duplicate test */
	char *host;		/* the sort key: "" for local */
	char *mailer;		/* its mailer's name, for the log */
	size_t seq;
};

struct bm_rcpts {
	struct cf *cf;
	struct envelope *env;	/* where taken recipients go at once
				   (intake's NoRecipientAction and hop
				   count read them) */
	struct arena arena;
	struct bm_rcpt *v;
	size_t n, cap;
	struct bm_refusal *bad;
	size_t nbad, badcap;
	bool tell;		/* print each refusal as it comes */
	int exitstat;		/* the first refusal's */
};

void bm_rcpts_init(struct bm_rcpts *, struct cf *, struct envelope *);
/* bm_rcpt_add - intake's add_rcpt (hdr_rcpt_fn): one address */
bool bm_rcpt_add(void *arg, const char *addr);
/* bm_rcpt_refuse - refuse an address with a reply ("553 5.1.3" + text) */
void bm_rcpt_refuse(struct bm_rcpts *, const char *addr, int code,
    const char *dsn, const char *text, int exitstat);
/*
 * bm_rcpts_finish - the taken recipients put in the send queue's order
 * (local ones first, then by host, as sendmail keeps it for a message
 * that is queued); with all_reply (a reply such as "552 5.6.0 Headers
 * too large") every one of them refused with it; then the refused ones
 * appended, marked done (not in the qf; for the bounce) with their
 * status and reply.  notify: RCPT_NOTIFY_* from -N, 0 for none.
 * Returns the index in e->rcpts of the first refused one.
 */
size_t bm_rcpts_finish(struct bm_rcpts *, unsigned notify,
    const char *all_reply);
void bm_rcpts_free(struct bm_rcpts *);

#endif
