/*
 * frontend_int.h - what frontend.c (the loop) and frontend_conn.c (one
 * connection) share.  Not for other files.
 */
#ifndef TERN_FRONTEND_INT_H
#define TERN_FRONTEND_INT_H

#include "daemon/frontend.h"

#include <event2/event.h>
#include <event2/bufferevent.h>
#include <sys/socket.h>

struct fe_listener {
	struct frontend *fe;
	int fd;
	const struct daemon_port *port;
	struct event *ev;		/* EV_READ|EV_PERSIST */
	struct event *unthrottle;	/* timer: accept again next second */
	long second;			/* the throttle's current second */
	int accepted;			/* connections in that second */
	bool throttled;
};

struct frontend_conn {
	struct frontend *fe;
	struct frontend_conn *prev, *next;
	struct bufferevent *bev;
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
	int exitcode;
	struct timeval drain_until;
};

/* fe_conn_new - serve fd (accepted on l); closes fd on failure */
void fe_conn_new(struct frontend *, struct fe_listener *l, int fd,
    const struct sockaddr *, socklen_t);

/* fe_conn_refuse - write one line to a fresh fd and close it */
void fe_conn_refuse(int fd, const char *line);

/* fe_conn_shutdown - the stop: 421 and close unless a commit is pending */
void fe_conn_shutdown(struct frontend_conn *);

/* fe_conn_free - close now */
void fe_conn_free(struct frontend_conn *);

/* fe_conn_update_read - enable or disable reading as the state says */
void fe_conn_update_read(struct frontend_conn *);

#endif
