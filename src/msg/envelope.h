/*
 * envelope - one message as the queue keeps it: the SMTP envelope
 * (sender, recipients and their DSN parameters), the headers, the
 * macros that travel with it, and where its body lives.
 *
 * This is the data model shared by intake (SMTP, -bs, -bm/-t), the
 * queue files (queue/qf.h writes and reads it in sendmail 8's version 8
 * qf format) and, later, delivery.  Every string is owned by the
 * envelope; envelope_free releases all.  Strings hold whatever bytes
 * came from outside (CR, LF, NUL-free): the qf writer is responsible
 * for encoding them so that no byte can become a control line.
 */
#ifndef TERN_ENVELOPE_H
#define TERN_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "msg/hdr.h"

/* DSN NOTIFY= (RFC 3461) */
#define RCPT_NOTIFY_SUCCESS	0x01
#define RCPT_NOTIFY_FAILURE	0x02
#define RCPT_NOTIFY_DELAY	0x04
#define RCPT_NOTIFY_NEVER	0x08

/* recipient state, as qf R-line flags record it */
#define RCPT_PRIMARY		0x0010	/* given by the sender (P) */
#define RCPT_DONE		0x0020	/* delivered or given up: not in qf */
#define RCPT_HASORCPT		0x0040
/* more qf R-line flag letters (queue issue); see queue/qf.h */
#define RCPT_INTBCC		0x0080	/* B: an internal Bcc recipient */
#define RCPT_ALIAS		0x0100	/* A: its C line came from an alias */
#define RCPT_DYNMAILER		0x0200	/* M: dynamic mailer flags (_FFR_RCPTFLAGS) */
#define RCPT_PINGS		0x0400	/* notify's S/F/D bits were set without
					   NOTIFY= (qf: no N letter); without
					   this flag notify == 0 means sendmail's
					   default, written as the letters F D */

/* DSN RET= */
enum env_ret { ENV_RET_NONE, ENV_RET_FULL, ENV_RET_HDRS };

struct rcpt {
	char *addr;		/* the recipient as given, without <> */
	char *orcpt;		/* ORCPT= value, decoded ("rfc822;a@b"), or NULL */
	char *final;		/* final recipient (qf r line), or NULL */
	unsigned notify;	/* RCPT_NOTIFY_* ; 0 = not given */
	unsigned flags;		/* RCPT_* */
	char *status;		/* DSN status of the last attempt, or NULL */
	char *reply;		/* last SMTP reply text, or NULL */
	time_t stattime;	/* when status was set */
	/* added by the queue issue (qf R, M and C lines) */
	char *paddr;		/* the address exactly as the qf R line holds
				   it (sendmail's q_paddr: "<a@b>" from SMTP,
				   "a@b" from the command line); NULL: the
				   writer uses "<" addr ">" */
	char *ctladdr;		/* the qf C line in force for this recipient
				   (text after the C), or NULL */
	char *orcpt_xtext;	/* ORCPT= exactly as the client spelled it
				   (xtext), or NULL; used by the qf writer
				   when it decodes to orcpt (qf.h) */
};

struct env_macro {
	char *name;		/* "r", "s", "{daemon_flags}" ... */
	char *value;
};

struct envelope {
	char qid[24];		/* sendmail-style queue ID, "" until assigned */
	char *sender;		/* envelope sender; "" is the null sender <> */
	char *envid;		/* DSN ENVID=, decoded, or NULL */
	enum env_ret ret;	/* DSN RET= */
	char *auth;		/* MAIL AUTH= parameter (xtext as given), or NULL */
	char *bodytype;		/* "7BIT", "8BITMIME", "BINARYMIME" or NULL */
	bool smtputf8;		/* SMTPUTF8 given on MAIL */
	long declared_size;	/* SIZE= on MAIL, 0 if none */
	long msgsize;		/* bytes of the body file (df) */
	time_t ctime;		/* when the message was accepted */
	time_t dtime;		/* last delivery attempt, 0 if none */
	int ntries;
	long priority;		/* sendmail's message priority */
	unsigned long flags;	/* qf F line letters as bits (qf.h) */
	char *ctladdr;		/* controlling user (qf C line) or NULL */
	char *errors_to;	/* qf E line, or NULL */
	char *message;		/* qf M line: last status message, or NULL */
	struct rcpt *rcpts;
	size_t nrcpts, rcap;
	struct hdr_list headers;
	struct env_macro *macros;	/* saved in qf as $ lines */
	size_t nmacros, mcap;
	unsigned long df_dev, df_ino;	/* the body file, qf I line */
	char *qdir;		/* queue directory holding it, or NULL */
	/* added by the queue issue */
	char *sender_paddr;	/* the sender exactly as the qf S line holds
				   it ("<a@b>", "<>", "a"); NULL: the writer
				   uses "<" sender ">" */
	char *quarantine;	/* qf q line: quarantine reason, or NULL
				   (the file is then named hf..., not qf...) */
	int dlvr_flag;		/* qf ! line: DELIVERBY flags as sendmail
				   keeps them (1 ";N" notify, 2 ";R" return,
				   0x10 trace), written as that raw byte;
				   0 if none */
	long deliver_by;	/* qf ! line: BY= seconds */
	char *dfdir;		/* qf d line: the queue directory (qp_name)
				   holding the df when not the qf's, or NULL */
	char *envid_xtext;	/* ENVID= exactly as the client spelled it
				   (xtext), or NULL; see orcpt_xtext */
};

void envelope_init(struct envelope *);
void envelope_free(struct envelope *);
struct rcpt *envelope_add_rcpt(struct envelope *, const char *addr);
/* envelope_set_macro - add or replace a saved macro (name as in macro.h) */
void envelope_set_macro(struct envelope *, const char *name, const char *value);
const char *envelope_macro(const struct envelope *, const char *name);

#endif
