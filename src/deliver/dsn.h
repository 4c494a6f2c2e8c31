/*
 * dsn - compose a delivery status notification as sendmail 8.17 writes
 * it: a bounce, a delay warning, a return receipt (NOTIFY=SUCCESS) or a
 * postmaster copy of a double bounce.  tests/golden/dsn/ holds what the
 * real binary writes; check-dsn.sh compares this composer with it.
 *
 * The composer decides nothing about who is reported: the caller
 * (deliver/report.c) passes the recipients the report is about, each
 * with its action and texts, and the transcript lines it kept.  The
 * result is a message like any other: an envelope (null sender, one
 * recipient: the original sender, or the postmaster for a postmaster
 * copy) with the DSN's own headers (From, To, MIME-Version,
 * Content-Type, Subject, Auto-Submitted), and the body text (LF line
 * ends, not dot-stuffed), ready for queue_commit_begin/queue_commit.
 * The .cf's H-line headers (Received, Date, Message-Id) are not added
 * here: intake's hdr_cf does that for every message it queues.
 *
 * Layout (multipart/report; report-type=delivery-status):
 *   "This is a MIME-encapsulated message", the human-readable part
 *   (warning banner, "The original message was received at DATE",
 *   "from $_", "with id QID" for postmaster copies, the failed and the
 *   delivered recipients, the transcript), the message/delivery-status
 *   part (Original-Envelope-Id, Reporting-MTA, Received-From-MTA,
 *   Arrival-Date, then per recipient Original-Recipient,
 *   Final-Recipient, X-Actual-Recipient, Action, Status, Remote-MTA,
 *   Diagnostic-Code, Last-Attempt-Date, Will-Retry-Until), and the
 *   original message (message/rfc822) or its header (text/rfc822-headers
 *   for RET=HDRS and for receipts without RET=FULL).  The boundary is
 *   "QID.TIME/HOST".  Dates are sendmail's arpadate in local time.
 */
#ifndef TERN_DSN_H
#define TERN_DSN_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "msg/envelope.h"
#include "util/buf.h"

enum dsn_kind {
	DSN_BOUNCE,	/* "Returned mail: see transcript for details" */
	DSN_WARNING,	/* "Warning: could not send message for past T" */
	DSN_RECEIPT,	/* "Return receipt" (NOTIFY=SUCCESS only) */
	DSN_POSTMASTER,	/* "Postmaster notify: ..." (a double bounce) */
};

enum dsn_action {
	DSN_ACT_FAILED,		/* "failed" */
	DSN_ACT_DELAYED,	/* "delayed" (+ Will-Retry-Until) */
	DSN_ACT_DELIVERED,	/* "delivered (to mailbox)" */
	DSN_ACT_DELIVERED_LIST,	/* "delivered (to mailing list)" */
	DSN_ACT_RELAYED,	/* "relayed (to non-DSN-aware mailer)" */
	DSN_ACT_EXPANDED,	/* "expanded (to multi-recipient alias)" */
};

/* One recipient the report is about.  NULL strings are left out. */
struct dsn_rcpt {
	const char *paddr;	/* as given: "<bin@example.com>", "nosuch" */
	const char *alias;	/* "(expanded from: X)", or NULL */
	enum dsn_action action;
	bool list_failed;	/* listed as a fatal error (NOTIFY=FAILURE) */
	const char *reason;	/* "(reason: X)": "User unknown" */
	const char *orcpt;	/* ORCPT, decoded: "rfc822;bin@example.com" */
	const char *final_rcpt;	/* "RFC822; bin@example.com" */
	const char *actual_rcpt; /* "rfc822; bin@mx.example.com", or NULL */
	const char *status;	/* "5.1.1"; NULL: 5.0.0 / 4.0.0 / 2.0.0 */
	const char *remote_mta;	/* "dns; mx.other.org" (a final '.' cut) */
	const char *diag;	/* "X-Unix; 67", "smtp; 550 5.1.1 ..." */
	time_t last_attempt;	/* 0: now */
};

struct dsn_input {
	enum dsn_kind kind;
	const char *rcpt_addr;	/* the envelope recipient of the DSN */
	const char *to_header;	/* its To: text ("<alice@example.com>") */
	const char *envid;	/* ENVID, decoded, or NULL */
	enum env_ret ret;	/* RET= of the original */
	const char *from_text;	/* $_ of the original ("root@localhost") */
	const char *orig_qid;	/* the original's queue ID */
	const char *new_qid;	/* the DSN's own (for the boundary); NULL:
				   orig_qid */
	time_t arrival;		/* the original's ctime */
	time_t retry_until;	/* arrival + Timeout.queuereturn */
	const char *received_from_mta;	/* "dns; client.example.net" or NULL */
	const char *hostname;	/* $j */
	const char *mailer_daemon;	/* $n, "MAILER-DAEMON" */
	const char *warn_after;	/* DSN_WARNING: "4 hours" */
	const char *transcript;	/* lines ending in '\n'; NULL: unavailable */
	const char *headers;	/* the original header, as output, each line
				   ending in '\n', no blank line after */
	const char *body_path;	/* the df file; NULL with body_text */
	const char *body_text;	/* or the body itself */
	const char *cte;	/* Content-Transfer-Encoding of the returned
				   message part ("8bit", "binary") or NULL */
	const struct dsn_rcpt *rcpts;
	size_t nrcpts;
	time_t now;		/* 0: time(NULL) */
};

/*
 * dsn_compose - build the DSN.  out is initialized here (envelope_init)
 * and owned by the caller (envelope_free); body gets the text.  Returns
 * 0, or an errno when the body file cannot be read (then out is freed
 * and body is empty).
 */
int dsn_compose(const struct dsn_input *, struct envelope *out,
    struct buf *body);

#endif
