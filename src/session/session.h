/*
 * session - one SMTP session's policy and storage: what -bs and the
 * daemon's front end share.
 *
 * A session wraps the sans-I/O engine (smtp/smtp_server.h) and answers
 * its callbacks: HELO/EHLO ($s, $r), addresses through parseaddr, the
 * check_* rulesets (policy/), local users and aliases, VRFY/EXPN, AUTH
 * (auth/), and the message through intake (msg/intake.h) into a store.
 * It never reads or writes a socket: the driver does (-bs: fd 0/1 with
 * blocking reads, src/main/mode_bs.c; the daemon: one libevent loop).
 *
 * Driving it:
 *
 *	s = session_new(cf, &client, &store);
 *	(network clients: session_connect_check(s, &r) may be called to
 *	    log or count a refusal; session_start runs it anyway)
 *	act = session_start(s, &out);		greeting (or refusal) into out
 *	then drive session_engine(s) exactly as smtp_server.h describes
 *	    (smtp_server_input, _eof, _resume, _timeout_expired ...);
 *	after a STARTTLS handshake: session_tls_done(s, &info) first, then
 *	    smtp_server_tls_done(session_engine(s), true, &out);
 *	SMTP_ACT_WAIT: the store is committing; stop reading, and when the
 *	    store reports, act = session_store_done(s, status, &r, &out);
 *	session_free(s);
 *
 * The store: where accepted messages go (struct session_store below).
 * session_direct_* is the store -bs uses (queue_commit in this process,
 * as root or the MSP's group); the daemon's front end, which may not
 * write the queue, plugs in one that streams to the queue writer.
 *
 * Macros.  The rulesets, intake's Received: line and the qf's saved
 * macros read macros from cf->macros, and many sessions share one cf.
 * So each session keeps its own values (an overlay: $s $r $_ $f $i,
 * ${client_*}, ${daemon_*}, ${if_addr}, ${auth_*}, ${tls_version},
 * whatever a ruleset sets through the macro map ...) and applies them
 * to cf->macros around every piece of work it does (each callback,
 * session_connect_check, session_store_done, session_tls_done): set
 * before, and afterwards what changed is taken back into the overlay
 * and cf->macros restored to what it was.  Between calls cf->macros
 * holds no session's values.  XXX single-threaded use only: two
 * sessions must never run at the same time on one cf.
 *
 * Ownership: session_new copies client and store (their strings too);
 * cf must outlive the session.  Nothing here aborts on client input;
 * allocation failure panics (util/buf).
 */
#ifndef TERN_SESSION_H
#define TERN_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "msg/envelope.h"
#include "queue/queue.h"
#include "smtp/smtp_server.h"
#include "util/buf.h"

struct cf;
struct session;

/*
 * Who is talking, and where.  Zero it, then fill what is known.  -bs:
 * addr NULL, user set ("root"); the session says "root@localhost" in
 * replies and $_.  Network: addr set; sendmail's macros follow:
 *   ${client_addr}	addr: "192.0.2.1", "IPv6:2001:db8::1"
 *   ${client_port}	its port
 *   ${client_name}	name, or "[addr]" when unresolved (RealHostName)
 *   ${client_ptr}	ptr, else ${client_name}
 *   ${client_resolve}	resolve, else "OK" with a name, "FAIL" without
 *   $_			"name [addr]", with " (may be forged)" if FORGED
 *			(sendmail's CurSmtpClient, also used in replies)
 *   ${daemon_name}	daemon_name (Name=), ${daemon_flags} (M=)
 *   ${daemon_addr} ${daemon_port} ${daemon_family}  listen
 *   ${if_addr} ${if_family}  local, unless it is a loopback address
 * extra: more "name", "value" pairs, NULL-terminated, set as given
 * (${client_connections}, ${client_rate} ... from the master).
 */
struct session_client {
	const char *user;		/* -bs: who runs us; NULL: "root" */
	const struct sockaddr *addr;	/* the client; NULL in -bs */
	socklen_t addr_len;
	const struct sockaddr *local;	/* our end of this connection */
	socklen_t local_len;
	const struct sockaddr *listen;	/* the listening socket's address */
	socklen_t listen_len;
	const char *name;		/* resolved (forward-confirmed) name */
	const char *ptr;		/* what the PTR lookup said, or NULL */
	const char *resolve;		/* "OK" "FAIL" "FORGED" "TEMP", NULL */
	const char *daemon_name;	/* DaemonPortOptions Name= ("MTA") */
	const char *daemon_flags;	/* its M= flags as sendmail shows them */
	enum smtp_tls tls;		/* STARTTLS: offered, off, broken */
	bool auth_required;		/* M=a: MAIL only after AUTH */
	const char *const *extra;	/* "name", "value", ..., NULL */
};

/*
 * The store: where an accepted message goes.  ctx comes back in every
 * call, with the session the message belongs to.  Calls come in this
 * order for each message: begin, body (0 or more times), then exactly
 * one of end or abort (abort also after a failed body, and when the
 * session ends while end is pending).  All calls are made from inside
 * the session's callbacks, with its macros applied.
 *
 * begin	a message starts (DATA accepted): assign its queue ID into
 *		qid (the Received: line needs $i before any header is
 *		bound).  Must answer at once (a store that asks another
 *		process should reserve IDs ahead).  SMTP_OK, or
 *		SMTP_REJECT with r set ("451 4.3.0 ...").
 * body		the next bytes of the data file (df: body only, LF line
 *		ends, no dot stuffing), in order.  SMTP_OK or SMTP_REJECT
 *		with r ("452 4.3.1 Insufficient disk space ...").
 * end		the message is complete: env holds everything for the qf
 *		(qid, sender, recipients, headers, saved macros, priority,
 *		ctime, msgsize).  Commit it, then:
 *		  SMTP_OK: committed durably; r may say "250 2.0.0 QID
 *		    Message accepted for delivery" (unset: the session does);
 *		  SMTP_REJECT: not stored, r the failure (4xx/5xx);
 *		  SMTP_PENDING: the commit goes on elsewhere; the store
 *		    later calls session_store_done(s, status, r, out) exactly
 *		    once, unless abort comes first.  env is only valid
 *		    during the call: copy (serialize) what is needed.
 * abort	the message is abandoned (client gone, bad body, a
 *		refusal at end of data, session freed while pending):
 *		forget it; remove what was written.  After abort the store
 *		must not call session_store_done for that message.  (A
 *		commit already made stays made: the client may then send
 *		the message again, as with any lost 250.)
 */
struct session_store {
	void *ctx;
	int (*begin)(void *ctx, struct session *, struct envelope *env,
	    char qid[QID_MAX], struct smtp_reply *r);
	int (*body)(void *ctx, struct session *, const char *p, size_t n,
	    struct smtp_reply *r);
	int (*end)(void *ctx, struct session *, struct envelope *env,
	    struct smtp_reply *r);
	void (*abort)(void *ctx, struct session *);
	/* run - ETRN: start a queue run for what (a host, "#group") in the
	 * background; false if it cannot.  NULL: ETRN is only answered. */
	bool (*run)(void *ctx, struct session *, const char *what);
};

/*
 * session_new - a session for client on cf, storing through store.
 * Builds the engine's settings from the .cf (greeting, $j, HelpFile,
 * limits, AUTH mechanisms) and sets the client's macros in its
 * overlay.  Never NULL.
 */
struct session *session_new(struct cf *, const struct session_client *,
    const struct session_store *);

/*
 * session_free - end the session: an open message is aborted (store
 * abort, also while end is pending), the engine freed.  NULL is fine.
 */
void session_free(struct session *);

/*
 * session_connect_check - check_relay ("Connect:" in the access db) for
 * a network client, on "name $| addr".  SMTP_OK: go on.  SMTP_REJECT:
 * r is the refusal sendmail would give (the ruleset's text: "550 5.7.1
 * Access denied", or a 4xx for a temporary failure); the session then
 * greets with it and serves only QUIT (the engine's nullserver mode).
 * -bs sessions always pass.  Runs once; later calls return the first
 * answer.  Call before session_start, or let session_start call it.
 */
int session_connect_check(struct session *, struct smtp_reply *r);

/*
 * session_greet_pause - FEATURE(greet_pause): the .cf's greet_pause
 * ruleset on "name $| addr" ("GreetPause:" in the access db); the
 * milliseconds to wait before the greeting, 0 for none (and for -bs).
 * A client that talks before the greeting is an early talker:
 * session_early_talker, before session_start, makes the greeting
 * "554 HOST ESMTP not accepting messages" and refuses every command but
 * QUIT, as sendmail 8.17 does ("rejecting commands ... due to
 * pre-greeting traffic").
 */
long session_greet_pause(struct session *);
void session_early_talker(struct session *, long waited_ms);

/* session_start - the greeting (or the refusal) into out; SMTP_ACT_* */
int session_start(struct session *, struct buf *out);

/* session_engine - the engine to drive (valid from session_start on) */
struct smtp_server *session_engine(struct session *);

/*
 * session_store_done - the store reports a commit it left pending:
 * status SMTP_OK (r: the 250 reply, or NULL for "250 2.0.0 QID Message
 * accepted for delivery") or SMTP_REJECT (r: the failure; NULL or a
 * non-4xx/5xx code: "451 4.3.0 Message not stored").  The reply and
 * the answers to pipelined commands are appended to out.  Returns the
 * engine's SMTP_ACT_*; the driver goes on as after smtp_server_input.
 */
int session_store_done(struct session *, int status,
    const struct smtp_reply *r, struct buf *out);

/*
 * After a STARTTLS handshake: the connection's TLS facts, for
 * ${tls_version} ${cipher} ${cipher_bits} ${verify} ${cert_subject}
 * ${cert_issuer} ${cn_subject} ${cn_issuer} (tls_client, the relay
 * decision) and the SASL security strength.  NULL strings: unset.
 */
struct session_tls {
	const char *version;		/* "TLSv1.3" */
	const char *cipher;
	int cipher_bits;
	const char *verify;		/* "OK", "NO", "FAIL" ... */
	const char *cert_subject, *cert_issuer;
	const char *cn_subject, *cn_issuer;
};

/* session_tls_done - record a finished handshake (before smtp_server_tls_done) */
void session_tls_done(struct session *, const struct session_tls *);

/* session_exitstat - -bs's exit status: the first permanent refusal's */
int session_exitstat(const struct session *);

/* session_qid - the queue ID of the message in progress or last done, "" */
const char *session_qid(const struct session *);

/* the driver's own pointer, kept for it */
void session_set_data(struct session *, void *);
void *session_data(const struct session *);

/* ---- the direct store: commit in this process (session_direct.c) */

struct session_direct;

/* an accepted message, for delivery right after the 250 (DeliveryMode) */
struct session_accepted {
	char qid[QID_MAX];
	const struct queue_path *path;	/* in session_direct_queue's dirs */
};

/* session_direct_new - a store on cf's queue (directories set up on use) */
struct session_direct *session_direct_new(struct cf *);

/* session_direct_store - its struct session_store, for session_new */
void session_direct_store(struct session_direct *, struct session_store *);

/*
 * session_direct_take - move up to max accepted messages not yet taken
 * into v; returns how many.  (Only the last 8 are kept.)
 */
size_t session_direct_take(struct session_direct *,
    struct session_accepted *v, size_t max);

/* session_direct_queue - the queue directories (NULL until first used) */
struct queue_dirs *session_direct_queue(struct session_direct *);

/* session_direct_free - after every session using it is freed */
void session_direct_free(struct session_direct *);

#endif
