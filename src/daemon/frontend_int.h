/*
 * frontend_int.h - what frontend.c (the loop) and frontend_conn.c (one
 * connection) share.  Not for other files.
 */
#ifndef TERN_FRONTEND_INT_H
#define TERN_FRONTEND_INT_H

#include "daemon/frontend.h"
#include "daemon/frontend_resolve.h"

#include <event2/event.h>
#include <event2/bufferevent.h>
#include <sys/socket.h>
#include <time.h>

struct fe_listener {
	struct frontend *fe;
	int fd;
	const struct daemon_port *port;
	struct event *ev;		/* EV_READ|EV_PERSIST */
	struct event *unthrottle;	/* timer: accept again next second */
	long second;			/* the throttle's current second */
	int accepted;			/* connections in that second */
	bool throttled;
	struct timespec delay_until;	/* DelayLA: no accept before this
					   (CLOCK_MONOTONIC) */
	bool refusing;			/* paused for RefuseLA (logged once) */
	size_t nconns;			/* its open connections (children=) */
};

/* where a connection's TLS stands (frontend_tls.c) */
enum fe_tls_state {
	FE_TLS_NONE,		/* plain text */
	FE_TLS_HANDSHAKE,	/* socket bytes go to the handshake only */
	FE_TLS_ON		/* every byte goes through tc */
};

struct tls_conn;

struct frontend_conn {
	struct frontend *fe;
	struct fe_listener *l;
	struct frontend_conn *prev, *next;
	struct bufferevent *bev;	/* its output; input: rev fills
					   bev's input buffer */
	struct event *rev;		/* the socket readable */
	bool rdone;			/* read its end (EOF): no more */
	struct event *timer;		/* command timeout or delay */
	void *sess;
	struct buf out;			/* replies from the session */
	struct buf held;		/* replies held back during a delay */
	struct sockaddr_storage addr, local;
	socklen_t addr_len, local_len;
	bool closing;			/* close once output is sent */
	bool delayed;			/* a DELAY timer runs */
	bool waiting;			/* WAIT: a commit pending */
	bool eof;			/* the client closed its side */
	bool timer_is_delay;
	bool pausing;			/* greet_pause: no greeting yet */
	bool resolving;			/* the client's name is being looked
					   up (frontend_resolver.c): no
					   session, no reading yet */
	struct fe_rjob *rjob;		/* that lookup, while it runs */
	struct frontend_resolved resolved;	/* its answer, until the
					   session has taken it (open) */
	struct timeval pause_start;
	/* TLS (frontend_tls.c) */
	enum fe_tls_state tls;
	struct tls_conn *tc;
	struct buf plain;		/* decrypted input for the session */
	bool smtps;			/* handshake before the greeting */
	bool tls_dead;			/* failed: write nothing more */
	bool tls_shut;			/* our close_notify is queued */
	bool tls_closed;		/* the client's close_notify came */
};

struct frontend {
	const struct frontend_config *cfg;
	const struct frontend_session_ops *ops;
	struct event_base *base;
	struct fe_listener *ls;
	size_t nls;
	struct frontend_conn *conns;	/* every open connection */
	size_t nconns;
	struct event *tick;
	bool stopping;
	bool paused;
	bool ready;			/* ops->ready said yes, or waited out */
	struct timespec started;	/* CLOCK_MONOTONIC */
	int exitcode;
	struct timeval drain_until;
};

/* fe_conn_new - serve fd (accepted on l); closes fd on failure */
void fe_conn_new(struct frontend *, struct fe_listener *l, int fd,
    const struct sockaddr *, socklen_t);

/* fe_conn_resolved - the lookup of c's name is done: greet (may free c) */
void fe_conn_resolved(struct frontend_conn *c);

/* fe_conn_refuse - write one line to a fresh fd and close it */
void fe_conn_refuse(int fd, const char *line);

/* fe_conn_shutdown - the stop: 421 and close unless a commit is pending */
void fe_conn_shutdown(struct frontend_conn *);

/* fe_conn_free - close now */
void fe_conn_free(struct frontend_conn *);

/* fe_conn_update_read - enable or disable reading as the state says */
void fe_conn_update_read(struct frontend_conn *);

/* fe_conn_close_if_done - closing and everything sent: free; false then */
bool fe_conn_close_if_done(struct frontend_conn *);

/* fe_conn_open - the session for c (greeting into c->out); SMTP_ACT_* */
int fe_conn_open(struct frontend_conn *);

/* fe_conn_arm - the timer: seconds from now (delay: a DELAY timer) */
void fe_conn_arm(struct frontend_conn *, long seconds, bool delay);

/* ---- frontend_tls.c: the TLS plumbing of one connection */

/*
 * fe_tls_start - TLS from now on: after the 220 to STARTTLS went into
 * the output (clear), or at accept on an SMTPS port.  Unread input is
 * dropped (CVE-2011-0411) and the handshake starts under
 * Timeout.starttls.  False if c is gone.
 */
bool fe_tls_start(struct frontend_conn *);

/* fe_tls_handshake - go on with the handshake on what was read; at its
 * end the session learns the outcome */
void fe_tls_handshake(struct frontend_conn *);

/* fe_tls_timeout - the handshake took longer than Timeout.starttls */
void fe_tls_timeout(struct frontend_conn *);

/*
 * fe_tls_pump - FE_TLS_ON: decrypt what was read into c->plain, up to
 * FE_TLS_PLAIN_MAX bytes (the rest waits in the socket buffer, so the
 * watermarks still bound memory).  A failure sets c->closing and
 * c->tls_dead; a close_notify sets c->eof.
 */
void fe_tls_pump(struct frontend_conn *);

/* fe_tls_write - encrypt n bytes into the output; false on failure */
bool fe_tls_write(struct frontend_conn *, const void *, size_t);

/* fe_tls_close - queue our close_notify (once; nothing if failed) */
void fe_tls_close(struct frontend_conn *);

/* fe_tls_free - the connection's TLS state */
void fe_tls_free(struct frontend_conn *);

#define FE_TLS_PLAIN_MAX	(4 * FE_READ_CHUNK)

#endif
