/*
 * smtp_server - the SMTP server protocol engine, sans I/O.
 *
 * Bytes in, replies out.  The engine never reads or writes a file
 * descriptor, never sleeps and never looks at a clock: a driver (-bs on
 * stdin/stdout, the daemon's event loop, the fuzzer, the unit tests)
 * hands it the bytes the client sent and writes what it gets back.  It
 * speaks sendmail 8.17's dialect of RFC 5321 (its reply codes, enhanced
 * status codes and texts, recorded in tests/golden/bs) with sendmail
 * 8.18's defences against SMTP smuggling and transaction stuffing.
 *
 * Driving it:
 *
 *	s = smtp_server_new(&config, &callbacks);
 *	act = smtp_server_start(s, &out);	   greeting into out
 *	loop:
 *		write out to the client (after sleeping smtp_server_delay(s)
 *		    seconds if act has SMTP_ACT_DELAY), empty out;
 *		if act & SMTP_ACT_CLOSE: close, done;
 *		if act & SMTP_ACT_STARTTLS: do the TLS handshake, then
 *		    act = smtp_server_tls_done(s, ok, &out); continue;
 *		if act & SMTP_ACT_DELAY: feed what arrived meanwhile with
 *		    smtp_server_input (it is only buffered), then
 *		    act = smtp_server_resume(s, &out); continue;
 *		if act & SMTP_ACT_WAIT: data_end returned SMTP_PENDING; stop
 *		    reading (what is fed meanwhile is only buffered; no
 *		    timeout applies), and when the store has answered,
 *		    act = smtp_server_data_done(s, status, &r, &out);
 *		    continue;  (end of input meanwhile: smtp_server_eof,
 *		    which calls data_abort)
 *		wait for input at most smtp_server_timeout(s) seconds (0: no
 *		    limit); on timeout act = smtp_server_timeout_expired(s, &out),
 *		    on end of input act = smtp_server_eof(s, &out), else
 *		    act = smtp_server_input(s, bytes, n, &out);
 *	smtp_server_free(s);
 *
 * Every entry point appends to out (never truncates it) and returns the
 * actions (SMTP_ACT_*) the driver must take once out has been written.
 * The engine consumes all bytes it is given; a client that pipelines a
 * lot is answered command by command, in order.  Memory stays bounded:
 * a command line is at most SMTP_LINE_MAX bytes (longer ones are
 * counted, not stored, and end the session), message text is passed on
 * as it arrives, and input fed while a delay is pending is buffered
 * (the driver should stop reading then).
 *
 * Policy and storage are the caller's, through struct smtp_server_cb
 * (below).  Every callback may be NULL; the engine then does what a
 * sendmail without that feature does (documented per callback).  The
 * engine never answers 250 to the end of a message unless data_end
 * said the message is safe.
 *
 * Line ends.  Commands end at LF; a CR before it is dropped, a CR
 * elsewhere is kept (sendmail 8.17 does the same), a NUL ends the
 * command's text.  In message text (DATA) the only end is
 * <CR><LF>.<CR><LF>; a bare LF or a bare CR gets sendmail 8.18's
 * "421 4.5.0 Bare linefeed (LF) not allowed" / "... carriage return
 * (CR) ..." and the session ends, unless the config relaxes it
 * (SMTP_SRV_BARE_LF_OK, SMTP_SRV_BARE_CR_OK, or the _SPACE variants that
 * store a blank instead); relaxed bare line ends are then plain data and
 * never end the message either (a line after a bare LF is no line start,
 * so <LF>.<CRLF> is text).  A client that
 * sends more before the HELO/EHLO reply gets "554 5.5.0 SMTP protocol
 * error" and only QUIT, HELO, EHLO, NOOP, RSET afterwards; before the
 * 354 reply to DATA, the same reply and the session ends (8.18's
 * transaction-stuffing check; SMTP_SRV_STUFFING_OK turns it off).
 *
 * Message text reaches data_body dot-unstuffed with every <CR><LF>
 * turned into LF (sendmail's df holds LF), headers included, in pieces
 * of any size.  MaxMessageSize counts those bytes; past it the rest is
 * read and dropped and the end gets "552 5.2.3 Message exceeds maximum
 * fixed size (N)".  BDAT chunks (CHUNKING, RFC 3030; only when
 * config.chunking) are taken as they are, with <CR><LF> turned into LF
 * likewise and no dot handling.
 *
 * Replies: the engine writes each line as "CODE[- ]ENH TEXT\r\n"; the
 * high bit of every text byte is cleared and a resulting NUL ends the
 * line (sendmail 8.17 does both), so a reply never holds LF or 8-bit
 * bytes.  Texts it quotes from the client are cut to 100 + "..." + 100
 * bytes (sendmail's shortenstring).
 *
 * Nothing here aborts on any input; allocation failure panics
 * (util/buf).
 */
#ifndef TERN_SMTP_SERVER_H
#define TERN_SMTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "msg/envelope.h"
#include "util/buf.h"

struct options;

/* limits (sendmail 8.17's) */
#define SMTP_LINE_MAX	2048	/* bytes in a command line, LF included */
#define SMTP_AUTH_LINE_MAX 12288 /* bytes in a SASL response line */
#define SMTP_TEXT_MAX	2048	/* bytes of one reply line's text */
#define SMTP_MAX_BADCMDS 25	/* unknown/rejected commands before 421 */
#define SMTP_MAX_HELO	3	/* HELO/EHLO before slowing down */
#define SMTP_MAX_VRFY	6	/* VRFY/EXPN before slowing down */
#define SMTP_MAX_ETRN	8	/* ETRN before slowing down */
#define SMTP_MAX_DELAY	240	/* longest slow-down, seconds */

/* actions: what the driver does after writing out */
#define SMTP_ACT_CLOSE		0x01	/* close the connection */
#define SMTP_ACT_STARTTLS	0x02	/* handshake, then smtp_server_tls_done */
#define SMTP_ACT_DELAY		0x04	/* sleep smtp_server_delay(s) BEFORE
					   writing out, then smtp_server_resume */
#define SMTP_ACT_WAIT		0x08	/* data_end is pending: stop reading
					   until smtp_server_data_done */

/* callback results */
#define SMTP_OK		0	/* accept, go on */
#define SMTP_REJECT	1	/* refuse; the reply says how */
#define SMTP_MORE	2	/* auth only: send the 334 reply, want more */
#define SMTP_PENDING	3	/* data_end only: the answer comes later,
				   through smtp_server_data_done */

/*
 * config.flags: sendmail 8.18's srv_features relaxations (the letters of
 * its access-map Srv_Features: entries).  8.18's 'O' (a message may end
 * at something other than CRLF.CRLF) is deliberately not offered.
 */
#define SMTP_SRV_BARE_LF_OK	0x01	/* 'G': bare LF in message text is data */
#define SMTP_SRV_BARE_CR_OK	0x02	/* 'U': bare CR in message text is data */
#define SMTP_SRV_STUFFING_OK	0x04	/* 'F': no check for early input */
#define SMTP_SRV_NO_PIPELINING	0x08	/* 'p': do not announce PIPELINING */
#define SMTP_SRV_BARE_LF_SPACE	0x10	/* 'g2': a bare LF becomes a blank */
#define SMTP_SRV_BARE_CR_SPACE	0x20	/* 'u2': a bare CR becomes a blank */

/* STARTTLS availability */
enum smtp_tls {
	SMTP_TLS_BROKEN,	/* compiled in, not usable: "454 4.3.3 TLS not
				   available after start" (sendmail without
				   certificates; the default) */
	SMTP_TLS_OFF,		/* turned off: "503 5.5.0 TLS not available" */
	SMTP_TLS_OFFER		/* announced; STARTTLS gives SMTP_ACT_STARTTLS */
};

/*
 * A reply from a callback: one line, or SMTP_REPLY_LINES lines of a
 * multi-line reply (VRFY/EXPN).  code 0 means "not set": the engine
 * then uses its default text for that step.  enh is the enhanced
 * status code ("5.1.1"), or "" for none; text excludes code and CRLF.
 */
struct smtp_reply {
	int code;
	char enh[16];
	char text[SMTP_TEXT_MAX];
};

/* smtp_reply_set - fill a reply; text is cut to fit */
void smtp_reply_set(struct smtp_reply *, int code, const char *enh,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * smtp_reply_parse - a reply line "550 5.1.1 text" (the enhanced code is
 * optional: "553 text") into a reply; without a 3-digit code the whole
 * line becomes the text of a "451 4.3.0" reply.
 */
void smtp_reply_parse(struct smtp_reply *, const char *line);

/* lines of a multi-line reply (VRFY, EXPN): add them in order */
struct smtp_lines {
	struct smtp_reply *v;
	size_t n, cap;
};

/* smtp_lines_add - append one line */
void smtp_lines_add(struct smtp_lines *, int code, const char *enh,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * MAIL and RCPT parameters as the engine parsed them (RFC 1870, 1652,
 * 3461, 2852, 4954, 6531).  Strings point into the engine's copy of the
 * command and live until the callback returns.
 */
struct smtp_params {
	/* MAIL */
	bool has_size;
	long size;		/* SIZE=, strtol'd as sendmail does */
	const char *body;	/* "7BIT", "8BITMIME" or NULL */
	const char *envid;	/* ENVID=, xtext as given, or NULL */
	enum env_ret ret;	/* RET= */
	const char *auth;	/* AUTH=, xtext as given, or NULL */
	bool smtputf8;		/* SMTPUTF8 */
	bool has_by;		/* BY= (DELIVERBY) */
	long by_time;
	int by_mode;		/* 'N' or 'R' */
	bool by_trace;
	/* RCPT */
	unsigned notify;	/* RCPT_NOTIFY_*, 0 if no NOTIFY= */
	const char *orcpt;	/* ORCPT=, xtext as given, or NULL */
	/* both */
	const char *rest;	/* the parameter text after the address */
};

/*
 * Policy and storage.  ctx is passed back to every call.  "r" is zeroed
 * before each call.  Unless said otherwise a callback returns SMTP_OK
 * or SMTP_REJECT with r set (an unset r on reject becomes "550 5.0.0
 * Command rejected"; a code of 421 in r also ends the session).
 */
struct smtp_server_cb {
	void *ctx;

	/*
	 * helo - HELO/EHLO name accepted by the engine's syntax check.
	 * r->text on SMTP_OK replaces "pleased to meet you".  NULL: accept.
	 */
	int (*helo)(void *ctx, bool ehlo, const char *name,
	    struct smtp_reply *r);

	/*
	 * parse_mail / parse_rcpt - sendmail's parseaddr on the text after
	 * "MAIL FROM:" / "RCPT TO:" (blanks skipped), before the engine
	 * looks at parameters, so its complaints come first: "553 5.1.3
	 * <a@>... Hostname required", "553 5.0.0 <a... Unbalanced '<'"
	 * (which quotes the whole rest of the line).  *addrlen comes set to
	 * where the engine thinks the address ends (the first blank outside
	 * quotes, comments and <>, as prescan stops at its ' ' delimiter);
	 * the callback may move it.  Judge only, keep nothing: check_mail /
	 * check_rcpt follow if all is well.  NULL: accept.
	 */
	int (*parse_mail)(void *ctx, const char *text, size_t *addrlen,
	    struct smtp_reply *r);
	int (*parse_rcpt)(void *ctx, const char *text, size_t *addrlen,
	    struct smtp_reply *r);

	/*
	 * check_mail - after the parameters passed the engine's checks:
	 * check_mail ruleset and friends.  env is the transaction's
	 * envelope, already holding what the engine parsed (sender without
	 * <>, envid, ret, auth, bodytype, smtputf8, declared_size, BY=);
	 * the callback may change it (a canonical sender, sender_paddr).
	 * r on SMTP_OK replaces "ADDR... Sender ok".  The engine then
	 * still refuses a SIZE over MaxMessageSize (calling txn_reset).
	 * NULL: accept.
	 */
	int (*check_mail)(void *ctx, const char *addr,
	    const struct smtp_params *, struct envelope *env,
	    struct smtp_reply *r);

	/*
	 * check_rcpt - check_rcpt ruleset, recipient(), aliases ...
	 * rcpt is the new recipient, the last in env (addr without <>,
	 * paddr as typed, notify, orcpt decoded, orcpt_xtext), not yet
	 * counted: on SMTP_REJECT the engine removes it again (recipients
	 * the callback added after it stay).  rcpt points into env->rcpts:
	 * envelope_add_rcpt may move it.  r on SMTP_OK replaces
	 * "ADDR... Recipient ok" (sendmail names the parsed address there:
	 * "<bob@mx.example.com>... Recipient ok").  NULL: accept.
	 */
	int (*check_rcpt)(void *ctx, const char *addr,
	    const struct smtp_params *, struct envelope *env,
	    struct rcpt *rcpt, struct smtp_reply *r);

	/*
	 * data_start - DATA or the first BDAT accepted by the engine:
	 * check_data ruleset, open the data file.  NULL: accept.  Only
	 * after SMTP_OK is the message "started": data_end or data_abort
	 * follows exactly once.
	 */
	int (*data_start)(void *ctx, struct envelope *env,
	    struct smtp_reply *r);

	/*
	 * data_body - the next bytes of the message (see "Line ends").
	 * SMTP_REJECT (disk full ...): the engine drops the rest and
	 * answers r at the end (unset: "451 4.3.0 Error writing message")
	 * instead of calling data_end; data_abort follows.  NULL: drop.
	 */
	int (*data_body)(void *ctx, const char *p, size_t n,
	    struct smtp_reply *r);

	/*
	 * data_end - the whole message arrived (env->msgsize is its size):
	 * check_eom, then COMMIT.  Return SMTP_OK only when the message is
	 * safe on disk, with r = "250 2.0.0 QID Message accepted for
	 * delivery" (unset: the engine says that without a queue ID); else
	 * SMTP_REJECT with the failure (unset, or not a 4xx/5xx code: "451
	 * 4.3.0 Message not stored").  Either way the transaction ends.
	 * Or SMTP_PENDING: the commit goes on elsewhere; the engine holds
	 * the session (SMTP_ACT_WAIT, input only buffered) until the
	 * driver calls smtp_server_data_done with the outcome; if the
	 * session ends first, data_abort is called instead.
	 * NULL: nothing can be stored: "451 4.3.0 Message not stored".
	 */
	int (*data_end)(void *ctx, struct envelope *env, struct smtp_reply *r);

	/* data_abort - a started message is abandoned.  NULL: nothing. */
	void (*data_abort)(void *ctx, struct envelope *env);

	/*
	 * txn_reset - the transaction is over (RSET, HELO/EHLO, after the
	 * message, a MAIL refused after check_mail, QUIT, close); the
	 * engine then clears its envelope.  NULL: nothing.
	 */
	void (*txn_reset)(void *ctx);

	/*
	 * vrfy - VRFY (expn false) or EXPN after the engine's privacy,
	 * HELO and argument checks: add the reply lines ("250 2.1.5 Name
	 * <a@b>").  No lines: "554 5.5.2 Nothing to VRFY".  SMTP_REJECT
	 * with one line for a refusal.  NULL: answer as with novrfy/noexpn.
	 */
	int (*vrfy)(void *ctx, bool expn, const char *arg,
	    struct smtp_lines *lines);

	/*
	 * etrn - ETRN ARG after the engine's checks: check_etrn, start the
	 * queue run.  NULL or r unset on SMTP_OK: "250 2.0.0 Queuing for
	 * node ARG started" ("#group": "459 4.5.4 Queue group unknown").
	 */
	int (*etrn)(void *ctx, const char *arg, struct smtp_reply *r);

	/* verb - VERB accepted: deliver interactively.  NULL: nothing. */
	void (*verb)(void *ctx);

	/*
	 * expand - macro expansion of HelpFile lines (#vers 2 files).
	 * Append the expansion of in to out.  NULL: lines as they are.
	 */
	void (*expand)(void *ctx, const char *in, struct buf *out);

	/*
	 * auth - AUTH: first call with mech and the initial response (NULL
	 * if none), then with mech NULL and each client line.  Return
	 * SMTP_MORE with r = "334 challenge", SMTP_OK with r = "235 2.0.0
	 * OK Authenticated" (the session is then authenticated), or
	 * SMTP_REJECT ("535 5.7.0 authentication failed").  A client line
	 * "*" aborts ("501 5.0.0 AUTH aborted") without a call.  NULL with
	 * config.auth_mechs set: "454 4.7.0 Temporary authentication
	 * failure".
	 */
	int (*auth)(void *ctx, const char *mech, const char *resp,
	    struct smtp_reply *r);
};

/*
 * The session's settings.  smtp_server_config_init gives sendmail
 * 8.17's defaults; smtp_server_config_options copies what the .cf
 * options say.  Strings are borrowed: they must outlive the engine.
 */
struct smtp_server_config {
	const char *hostname;	/* $j: "mx.example.com" */
	const char *greeting;	/* SmtpGreetingMessage, expanded; lines split
				   at LF, "ESMTP" goes after its first word */
	int greet_code;		/* 220 */
	const char *client;	/* who is talking, for replies: sendmail's
				   CurSmtpClient ("root@localhost" in -bs,
				   "name [addr]" in the daemon) */
	const char *relay;	/* the client host for "collect:" replies
				   (RealHostName: "localhost" in -bs) */
	const char *version;	/* $v, for "HELP not implemented" */
	const char *nullserver;	/* non-NULL: refuse (almost) all commands
				   with "550 5.0.0 TEXT" (or TEXT itself
				   when it starts with a reply code) */
	unsigned long privacy;	/* PrivacyOptions (cf/option.h OPT_PRIV_*) */
	long max_message_size;	/* MaxMessageSize, 0: none */
	int max_rcpts;		/* MaxRecipientsPerMessage, 0: none */
	int bad_rcpt_throttle;	/* BadRcptThrottle, 0: none */
	int bad_rcpt_shutdown;	/* BadRcptShutdown, 0: none */
	int bad_rcpt_shutdown_good; /* BadRcptShutdownGood (percent) */
	int max_noop;		/* MaxNOOPCommands (NOOP and VERB) */
	long deliver_by_min;	/* DeliverByMin: <0 no DELIVERBY */
	bool send_mime_errors;	/* SendMimeErrors: DSN is offered only then */
	bool allow_bogus_helo;	/* AllowBogusHELO */
	bool reject_nul;	/* RejectNUL */
	bool smtputf8;		/* SmtpUTF8: announce and take SMTPUTF8 */
	bool chunking;		/* CHUNKING/BDAT (not in sendmail 8.17) */
	unsigned flags;		/* SMTP_SRV_* */
	enum smtp_tls tls;
	const char *auth_mechs;	/* space-separated, NULL/"": no AUTH */
	bool auth_required;	/* MAIL only after AUTH */
	const char *help_text;	/* HelpFile contents, NULL: no help file */
	size_t help_len;
	long timeout_command;	/* Timeout.command, seconds, 0: none */
	long timeout_datablock;	/* Timeout.datablock */
};

/* smtp_server_config_init - sendmail 8.17's defaults */
void smtp_server_config_init(struct smtp_server_config *);

/*
 * smtp_server_config_options - take PrivacyOptions, MaxMessageSize,
 * MaxRecipientsPerMessage, BadRcpt*, MaxNOOPCommands, DeliverByMin,
 * SendMimeErrors, AllowBogusHELO, RejectNUL, SmtpUTF8 and Timeout.*
 * from parsed options.  (Host names, greeting, help text: the caller.)
 */
void smtp_server_config_options(struct smtp_server_config *,
    const struct options *);

struct smtp_server;

/* smtp_server_new - a session; config and cb are copied */
struct smtp_server *smtp_server_new(const struct smtp_server_config *,
    const struct smtp_server_cb *);

/* smtp_server_free - end a session (aborts a transaction: txn_reset) */
void smtp_server_free(struct smtp_server *);

/* smtp_server_start - the greeting; input given before it is kept */
int smtp_server_start(struct smtp_server *, struct buf *out);

/* smtp_server_input - bytes from the client */
int smtp_server_input(struct smtp_server *, const void *, size_t,
    struct buf *out);

/* smtp_server_resume - go on after SMTP_ACT_DELAY */
int smtp_server_resume(struct smtp_server *, struct buf *out);

/*
 * smtp_server_eof - the client closed.  During a message: "421 4.4.1
 * collect: relay=R, from=F, info=unexpected close" (sendmail writes it
 * even then); otherwise nothing.  Always SMTP_ACT_CLOSE.
 */
int smtp_server_eof(struct smtp_server *, struct buf *out);

/*
 * smtp_server_timeout_expired - no input for smtp_server_timeout(s)
 * seconds.  During a message "421 4.4.1 collect: ... info=read
 * timeout"; otherwise the session just ends, as in sendmail.
 */
int smtp_server_timeout_expired(struct smtp_server *, struct buf *out);

/*
 * smtp_server_tls_done - after SMTP_ACT_STARTTLS: ok true when the
 * handshake worked (the session starts over: no HELO, no transaction,
 * STARTTLS no longer offered), false to end the session.
 */
int smtp_server_tls_done(struct smtp_server *, bool ok, struct buf *out);

/*
 * smtp_server_data_done - the outcome of a data_end (DATA or BDAT LAST)
 * that returned SMTP_PENDING: status SMTP_OK (r the 250 reply, NULL or
 * unset: "250 2.0.0 Message accepted for delivery") or SMTP_REJECT (r
 * the failure; NULL, unset or not 4xx/5xx: "451 4.3.0 Message not
 * stored").  Writes the reply, ends the transaction and goes on with
 * the input buffered meanwhile.  Without a pending data_end: nothing.
 */
int smtp_server_data_done(struct smtp_server *, int status,
    const struct smtp_reply *r, struct buf *out);

/* smtp_server_waiting - is a data_end pending */
bool smtp_server_waiting(const struct smtp_server *);

/*
 * smtp_server_set_auth_mechs - a new AUTH list (after STARTTLS the SASL
 * layer computes it again); borrowed like the config's strings
 */
void smtp_server_set_auth_mechs(struct smtp_server *, const char *mechs);

/* smtp_server_timeout - seconds to wait for input now (0: no limit) */
long smtp_server_timeout(const struct smtp_server *);

/* smtp_server_delay - seconds to sleep for SMTP_ACT_DELAY */
long smtp_server_delay(const struct smtp_server *);

/* smtp_server_envelope - the current transaction's envelope */
struct envelope *smtp_server_envelope(struct smtp_server *);

/* what the engine knows of the session, for logging and macros */
enum smtp_helo { SMTP_HELO_NONE, SMTP_HELO_HELO, SMTP_HELO_EHLO };
enum smtp_helo smtp_server_helo_kind(const struct smtp_server *);
const char *smtp_server_helo_name(const struct smtp_server *); /* or NULL */
bool smtp_server_authenticated(const struct smtp_server *);
bool smtp_server_tls_active(const struct smtp_server *);
unsigned smtp_server_nrcpts(const struct smtp_server *);
unsigned smtp_server_nbadrcpts(const struct smtp_server *);

#endif
