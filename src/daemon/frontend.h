/*
 * frontend - the SMTP front end's event loop (libevent): accept on the
 * listening sockets, serve every connection with a session, enforce the
 * daemon-wide limits.  It runs unprivileged (daemon_privs.h) in one
 * process for all sessions.
 *
 * A session is opaque here: struct frontend_session_ops is the one place
 * the loop calls into it, with the same contract as the sans-I/O engine
 * (smtp/smtp_server.h): every call appends to out and returns SMTP_ACT_*
 * bits the loop acts on after out is written:
 *
 *	CLOSE	 stop reading; close once out has been sent
 *	DELAY	 stop reading; after delay(s) seconds call resume
 *	WAIT	 stop reading until the session's owner calls
 *		 frontend_conn_act (a commit finished elsewhere)
 *	STARTTLS out has the "220 Ready to start TLS": the loop sends it,
 *		 drops unread input (CVE-2011-0411), runs the handshake
 *		 (frontend_tls.c) and then calls tls_info and tls_done
 *
 * Per connection: bounded output (reading stops above FE_OUT_HIGH bytes
 * queued and resumes once the client has read them), the command timeout
 * from the session (timeout(s), seconds, 0: none) while reading, a
 * write timeout (FE_WRITE_TIMEOUT) while output is stuck, and EOF from
 * the client handed to the session once what it sent before is served.
 *
 * Limits: MaxDaemonChildren caps concurrent sessions, a port's
 * children= its own (a connection past a cap gets "421 4.3.2 Too many
 * sessions" and is closed); DelayLA (or delayLA=) slows a listener to
 * one connection a second while the load average is at or above it;
 * ConnectionRateThrottle N lets each listener accept at most N
 * connections per second (the rest wait in the kernel's backlog, as
 * sendmail's daemon sleeps).
 *
 * Shutdown (the stop flag, set by a signal handler): the listeners are
 * closed at once; sessions waiting for a commit finish it (their 250
 * goes out) and are then closed; all others get "421 4.3.2 Shutting
 * down" and are closed (the session aborts an open transaction: nothing
 * was acknowledged, the client sends again).  After FE_DRAIN_SECONDS
 * whatever is left is dropped.
 */
#ifndef TERN_FRONTEND_H
#define TERN_FRONTEND_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "util/buf.h"

struct daemon_port;
struct event_base;
struct tls_info;
struct tls_server;
struct frontend;
struct frontend_conn;

#define FE_OUT_HIGH		(64 * 1024)	/* stop reading above this */
#define FE_READ_CHUNK		(16 * 1024)	/* bytes handed over at once */
#define FE_IN_HIGH		(64 * 1024)	/* input buffered at most */
#define FE_WRITE_TIMEOUT	300		/* seconds output may stall */
#define FE_DRAIN_SECONDS	20		/* shutdown: pending commits */
#define FE_TICK_MS		200		/* stop flag polling */

/* what a session learns of its connection */
struct frontend_client {
	const struct sockaddr *addr;		/* the client */
	socklen_t addr_len;
	const struct sockaddr *local;		/* our end */
	socklen_t local_len;
	const struct daemon_port *port;		/* the listener's entry */
	bool tls_offer;		/* STARTTLS may be announced (a context,
				   not M=S, not an SMTPS port) */
	bool tls_active;	/* SMTPS (M=s): TLS is already on */
	/* the client's name (frontend_resolve.h), looked up before open */
	const char *name;	/* forward-confirmed or not; NULL: none */
	const char *resolve;	/* "OK" "FAIL" "FORGED" "TEMP" */
};

struct frontend_session_ops {
	void *arg;
	/* attach - once, before any session: the loop (for the owner's
	 * own events: the queue writer's socket).  May be NULL. */
	int (*attach)(void *arg, struct frontend *, struct event_base *);
	/* open - a session for conn: greeting into out, *act set.  NULL:
	 * cannot serve (the connection is closed after out is sent) */
	void *(*open)(void *arg, struct frontend_conn *,
	    const struct frontend_client *, struct buf *out, int *act);
	/* greet_pause - ms the greeting waits (open then said nothing);
	 * 0: greeted already.  May be NULL. */
	long (*greet_pause)(void *s);
	/* greet - after the pause: the greeting (early: the client spoke
	 * first, and gets sendmail's refusal) */
	int (*greet)(void *s, bool early, long waited_ms, struct buf *out);
	int (*input)(void *s, const void *p, size_t n, struct buf *out);
	int (*resume)(void *s, struct buf *out);
	int (*timeout_expired)(void *s, struct buf *out);
	int (*eof)(void *s, struct buf *out);
	/* tls_info - the handshake's facts (macros, SASL's external
	 * SSF): after a STARTTLS handshake before tls_done(true); on an
	 * SMTPS port right after open */
	void (*tls_info)(void *s, const struct tls_info *);
	int (*tls_done)(void *s, bool ok, struct buf *out);
	long (*timeout)(void *s);
	long (*delay)(void *s);
	/* close - free the session (aborts an open transaction) */
	void (*close)(void *s);
	/* detach - once, after the last session; may be NULL */
	void (*detach)(void *arg);
	/* ready - can sessions store messages yet?  Until then (at most
	 * FE_READY_WAIT seconds after the start) connections wait in the
	 * listen queue.  May be NULL: always. */
	bool (*ready)(void *arg);
};

struct frontend_listener {
	int fd;					/* listening, non-blocking */
	const struct daemon_port *port;
};

struct frontend_config {
	const struct frontend_listener *listeners;
	size_t nlisteners;
	int max_sessions;		/* MaxDaemonChildren; 0: no cap */
	int rate_throttle;		/* ConnectionRateThrottle; 0: none */
	int refuse_la;			/* RefuseLA (a port's refuseLA= wins);
					   <= 0: never refuse */
	int delay_la;			/* DelayLA (a port's delayLA= wins):
					   at or above it, one connection a
					   second; <= 0: never */
	volatile sig_atomic_t *stop;	/* set by SIGTERM/SIGHUP handlers */
	struct tls_server *tls;		/* NULL: no STARTTLS, no SMTPS */
	long tls_timeout;		/* Timeout.starttls: the handshake */
};

/*
 * frontend_run - serve until stopped and drained.  Takes the listening
 * fds (closes them).  Returns 0 after a clean stop, 1 after
 * frontend_fail, -1 if the loop could not be set up.
 */
int frontend_run(const struct frontend_config *,
    const struct frontend_session_ops *);

/* frontend_fail - the owner cannot go on (the queue writer is gone):
 * shut down as for the stop flag; frontend_run returns 1 */
void frontend_fail(struct frontend *);

/* frontend_pause - stop (true) or resume reading from every client
 * (the queue writer's backlog is full) */
void frontend_pause(struct frontend *, bool);

/* frontend_sessions - sessions now open */
size_t frontend_sessions(const struct frontend *);

/*
 * frontend_conn_out / frontend_conn_act - a session's result that
 * arrives later (after WAIT): append replies to frontend_conn_out(c),
 * then call frontend_conn_act(c, act) once; c may be freed by it.
 */
struct buf *frontend_conn_out(struct frontend_conn *);
void frontend_conn_act(struct frontend_conn *, int act);

#endif
