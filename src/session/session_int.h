/*
 * session_int - the session's insides, shared by the files in src/session only.
 *
 * session.c (life, engine settings, the driver's entry points),
 * session_macro.c (the per-session macro overlay), session_client.c
 * (who is talking: macros, check_relay), session_addr.c (HELO, MAIL,
 * RCPT: parseaddr, check_* rulesets, local users), session_vrfy.c
 * (VRFY/EXPN), session_data.c (the message: intake, the store),
 * session_direct.c (the store -bs uses).
 */
#ifndef TERN_SESSION_INT_H
#define TERN_SESSION_INT_H

#include "session/session.h"
#include "addr/parseaddr.h"
#include "cf/macro.h"
#include "msg/intake.h"
#include "util/arena.h"

#include <stdint.h>

struct auth_sasl;

/* one macro value: the session's own, or the shared one set aside */
struct session_mv {
	int id;
	char *value;		/* NULL: unset */
	bool cf;		/* expandable (set from the configuration) */
};

struct session_mvs {
	struct session_mv *v;
	size_t n, cap;
};

/* where the current message is */
enum session_msg {
	SESSION_MSG_NONE,	/* no message */
	SESSION_MSG_OPEN,	/* store begun, text coming */
	SESSION_MSG_ENDING	/* store end said SMTP_PENDING */
};

struct session {
	struct cf *cf;
	struct session_store store;
	struct smtp_server *srv;	/* from session_start on */
	void *data;			/* the driver's */

	/* macros: the overlay, and the shared values while applied */
	struct session_mvs over, saved;
	/* the last RCPT address parsed ("<...>") and what it parsed to:
	   check_rcpt's local-user test takes it instead of parsing again */
	char *rcpt_addr;
	struct addr_result rcpt_res;
	uint64_t saved_ids[MACRO_MAXID / 64];	/* the ids in saved */
	int depth;			/* session_enter nesting */

	/* the client */
	bool network;
	char *client;			/* $_, CurSmtpClient */
	char *relay;			/* RealHostName */
	char *addr;			/* ${client_addr}, NULL in -bs */
	char *sasl_local, *sasl_remote;	/* "a.b.c.d;port" for SASL */
	enum smtp_tls tls;
	bool auth_required;	/* M=a */
	bool early_talker;	/* spoke before a greet_pause greeting */
	bool connect_done;
	int connect_rc;
	struct smtp_reply connect_reply;

	/* engine settings that must outlive it */
	char *hostname, *version;
	char *nulltext;			/* the refusal, for nullserver mode */
	struct buf greeting;
	struct auth_sasl *sasl;

	/*
	 * $#discard from a check ruleset: the message is accepted and then
	 * dropped.  From check_relay it holds for the session; from
	 * check_mail or check_rcpt for the transaction (until the next MAIL).
	 * discarding: the message in progress is being thrown away.
	 */
	bool discard_conn, discard_msg, discarding;
	/*
	 * "$#error $@ quarantine $: reason" from a check ruleset: the
	 * message is accepted and held (an hf file, -qQ lists it); from
	 * check_relay for the session, else for the transaction
	 */
	char *quarantine_conn, *quarantine_msg;

	/* the message */
	enum session_msg msg;
	struct intake in;
	bool in_open;
	struct buf body;		/* body bytes intake set aside */
	char qid[QID_MAX];
	long msgsize;			/* bytes intake took, for the log */

	struct arena arena;
	bool vrfy_only;			/* VRFY shows an alias, EXPN opens it */
	int helo;			/* 0 none, 1 HELO, 2 EHLO */
	int exitstat;
};

/* session_macro.c */
void session_enter(struct session *);
void session_leave(struct session *);
void session_macro(struct session *, const char *name, const char *value);
void session_macro_id(struct session *, int id, const char *value);
void session_mvs_free(struct session_mvs *);
void session_rcpt_forget(struct session *);

/* session_client.c */
void session_client_setup(struct session *, const struct session_client *);

/* session_addr.c */
int session_helo(void *, bool, const char *, struct smtp_reply *);
void session_protocol(struct session *);
int session_parse_mail(void *, const char *, size_t *, struct smtp_reply *);
int session_parse_rcpt(void *, const char *, size_t *, struct smtp_reply *);
int session_check_mail(void *, const char *, const struct smtp_params *,
    struct envelope *, struct smtp_reply *);
int session_check_rcpt(void *, const char *, const struct smtp_params *,
    struct envelope *, struct rcpt *, struct smtp_reply *);
int session_parse(struct session *, const char *addr, int flags,
    struct addr_result *, struct smtp_reply *);
void session_status(struct session *, const struct smtp_reply *);

/* session_vrfy.c */
int session_vrfy(void *, bool, const char *, struct smtp_lines *);

/* session_etrn.c */
int session_etrn(void *, const char *, struct smtp_reply *);

/* session_data.c */
int session_data_start(void *, struct envelope *, struct smtp_reply *);
int session_data_body(void *, const char *, size_t, struct smtp_reply *);
int session_data_end(void *, struct envelope *, struct smtp_reply *);
void session_data_abort(void *, struct envelope *);
void session_data_accepted(struct session *, const struct envelope *,
    struct smtp_reply *);

#endif
