/*
 * frontend.c - the front end's loop: listeners, limits, shutdown.
 */
#include "daemon/frontend_int.h"
#include "daemon/daemon_port.h"
#include "util/loadavg.h"
#include "util/log.h"

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FE_ACCEPT_BURST	64	/* accepts per wakeup, so one listener
				   cannot starve the others */
#define FE_READY_WAIT	10	/* s: accept even if the owner is not ready */
#define FE_READY_POLL	5	/* ms between looks at the owner */

/* fe_listener_pause_tv - stop accepting on l for tv */
static void
fe_listener_pause_tv(struct fe_listener *l, struct timeval *tv)
{
	if (l->throttled)
		return;
	l->throttled = true;
	(void)event_del(l->ev);
	(void)event_add(l->unthrottle, tv);
}

/* fe_listener_pause - stop accepting on l until the next second */
static void
fe_listener_pause(struct fe_listener *l)
{
	struct timeval now, tv;

	(void)gettimeofday(&now, NULL);
	tv.tv_sec = 0;
	tv.tv_usec = 1000000 - now.tv_usec;
	fe_listener_pause_tv(l, &tv);
}

static void
fe_listener_unthrottle_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fe_listener *l = arg;

	(void)fd;
	(void)what;
	l->throttled = false;
	if (!l->fe->stopping && l->ev != NULL)
		(void)event_add(l->ev, NULL);
}

/*
 * fe_not_ready - true (and l paused a moment) while the owner cannot
 * store a message yet: at the start the queue writer has not opened a
 * transaction, and a client that reached DATA at once would get 451.
 * After FE_READY_WAIT seconds connections are taken anyway (the store
 * answers for itself then).
 */
static bool
fe_not_ready(struct fe_listener *l)
{
	struct frontend *fe = l->fe;
	struct timeval tv = { 0, FE_READY_POLL * 1000 };
	struct timespec now;

	if (fe->ready)
		return false;
	if (fe->ops->ready == NULL || fe->ops->ready(fe->ops->arg)) {
		fe->ready = true;
		return false;
	}
	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - fe->started.tv_sec >= FE_READY_WAIT) {
		log_line(LOG_WARNING, "front end: the queue writer has not "
		    "answered in %d s: accepting connections anyway",
		    FE_READY_WAIT);
		fe->ready = true;
		return false;
	}
	fe_listener_pause_tv(l, &tv);
	return true;
}

/* fe_throttle - ConnectionRateThrottle: true if l may not accept now */
static bool
fe_throttle(struct fe_listener *l)
{
	int rate = l->fe->cfg->rate_throttle;
	long now = (long)time(NULL);

	if (rate <= 0)
		return false;
	if (now != l->second) {
		l->second = now;
		l->accepted = 0;
	}
	if (l->accepted >= rate) {
		fe_listener_pause(l);
		return true;
	}
	return false;
}

/*
 * fe_overloaded - RefuseLA: at or above it, sendmail stops accepting on
 * the port (clients wait in the listen queue) and says so once in the
 * log; the listener looks again every second
 */
static bool
fe_overloaded(struct fe_listener *l)
{
	int limit = l->port->refuse_la != DAEMON_UNSET ? l->port->refuse_la :
	    l->fe->cfg->refuse_la;
	int la;

	if (limit <= 0)
		return false;
	la = loadavg_get();
	if (la < limit) {
		if (l->refusing)
			log_line(LOG_INFO, "accepting connections again for "
			    "daemon %s", l->port->name);
		l->refusing = false;
		return false;
	}
	if (!l->refusing)
		log_line(LOG_INFO, "rejecting connections on daemon %s: load "
		    "average: %d", l->port->name, la);
	l->refusing = true;
	fe_listener_pause(l);
	return true;
}

/*
 * fe_delayed - DelayLA: at or above it sendmail sleeps a second before
 * each connection; here the listener takes one a second (the loop and
 * the other sessions go on).  The second is kept on the monotonic clock
 * and checked again on each wakeup, so a timer that fires early (the
 * loop's cached time is as old as its last wakeup) cannot let a burst in.
 */
static bool
fe_delayed(struct fe_listener *l)
{
	int limit = l->port->delay_la != DAEMON_UNSET ? l->port->delay_la :
	    l->fe->cfg->delay_la;
	struct timeval second = { 1, 0 };

	if (limit <= 0 || loadavg_get() < limit)
		return false;
	(void)clock_gettime(CLOCK_MONOTONIC, &l->delay_until);
	l->delay_until.tv_sec += 1;
	fe_listener_pause_tv(l, &second);
	return true;
}

/* fe_still_delayed - true (and paused for the rest) inside a DelayLA second */
static bool
fe_still_delayed(struct fe_listener *l)
{
	struct timespec now;
	struct timeval rest;
	long long ns;

	if (l->delay_until.tv_sec == 0)
		return false;
	(void)clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (long long)(l->delay_until.tv_sec - now.tv_sec) * 1000000000LL +
	    (l->delay_until.tv_nsec - now.tv_nsec);
	if (ns <= 0) {
		l->delay_until.tv_sec = 0;
		return false;
	}
	rest.tv_sec = (time_t)(ns / 1000000000LL);
	rest.tv_usec = (suseconds_t)(ns % 1000000000LL / 1000 + 1);
	fe_listener_pause_tv(l, &rest);
	return true;
}

static void
fe_accept_cb(evutil_socket_t fd, short what, void *arg)
{
	struct fe_listener *l = arg;
	struct frontend *fe = l->fe;
	struct sockaddr_storage ss;
	socklen_t len;
	int i, cfd;

	(void)what;
	if (fe_not_ready(l) || fe_overloaded(l) || fe_still_delayed(l))
		return;
	for (i = 0; i < FE_ACCEPT_BURST && !fe->stopping; i++) {
		if (fe_throttle(l))
			return;
		len = sizeof(ss);
		cfd = accept4(fd, (struct sockaddr *)&ss, &len,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (cfd < 0) {
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				log_line(LOG_ERR, "daemon %s: accept: %s",
				    l->port->name, strerror(errno));
				fe_listener_pause(l);
			}
			return;		/* EAGAIN, ECONNABORTED, EINTR ... */
		}
		l->accepted++;
		if ((fe->cfg->max_sessions > 0 &&
		    fe->nconns >= (size_t)fe->cfg->max_sessions) ||
		    (l->port->children > 0 &&
		    l->nconns >= (size_t)l->port->children)) {
			fe_conn_refuse(cfd, "421 4.3.2 Too many sessions\r\n");
			continue;
		}
		fe_conn_new(fe, l, cfd, (struct sockaddr *)&ss, len);
		if (fe_delayed(l))
			return;
	}
}

/* fe_close_listeners - no more connections (shutdown) */
static void
fe_close_listeners(struct frontend *fe)
{
	size_t i;

	if (fe->ls == NULL)
		return;
	for (i = 0; i < fe->nls; i++) {
		if (fe->ls[i].ev != NULL) {
			event_free(fe->ls[i].ev);
			fe->ls[i].ev = NULL;
		}
		if (fe->ls[i].unthrottle != NULL) {
			event_free(fe->ls[i].unthrottle);
			fe->ls[i].unthrottle = NULL;
		}
		if (fe->ls[i].fd >= 0)
			close(fe->ls[i].fd);
		fe->ls[i].fd = -1;
	}
}

/* fe_begin_stop - close the listeners, tell every session */
static void
fe_begin_stop(struct frontend *fe)
{
	struct frontend_conn *c, *next;

	if (fe->stopping)
		return;
	fe->stopping = true;
	fe_close_listeners(fe);
	(void)gettimeofday(&fe->drain_until, NULL);
	fe->drain_until.tv_sec += FE_DRAIN_SECONDS;
	for (c = fe->conns; c != NULL; c = next) {
		next = c->next;
		fe_conn_shutdown(c);	/* may free c */
	}
	if (fe->nconns == 0)
		(void)event_base_loopexit(fe->base, NULL);
}

static void
fe_tick_cb(evutil_socket_t fd, short what, void *arg)
{
	struct frontend *fe = arg;
	struct timeval now;

	(void)fd;
	(void)what;
	if (!fe->stopping && fe->cfg->stop != NULL && *fe->cfg->stop)
		fe_begin_stop(fe);
	if (!fe->stopping)
		return;
	(void)gettimeofday(&now, NULL);
	if (timercmp(&now, &fe->drain_until, >)) {
		log_line(LOG_WARNING, "front end: %zu sessions dropped at "
		    "shutdown", fe->nconns);
		while (fe->conns != NULL)
			fe_conn_free(fe->conns);
		(void)event_base_loopexit(fe->base, NULL);
	}
}

void
frontend_fail(struct frontend *fe)
{
	fe->exitcode = 1;
	fe_begin_stop(fe);
}

void
frontend_pause(struct frontend *fe, bool pause)
{
	struct frontend_conn *c, *next;

	if (fe->paused == pause)
		return;
	fe->paused = pause;
	for (c = fe->conns; c != NULL; c = next) {
		next = c->next;
		fe_conn_update_read(c);
	}
	/* buffered input waits for new bytes otherwise: nudge each reader */
	if (!pause)
		for (c = fe->conns; c != NULL; c = c->next)
			bufferevent_trigger(c->bev, EV_READ,
			    BEV_TRIG_IGNORE_WATERMARKS | BEV_TRIG_DEFER_CALLBACKS);
}

size_t
frontend_sessions(const struct frontend *fe)
{
	return fe->nconns;
}

/* fe_setup - the base, the listeners' events, the tick */
static int
fe_setup(struct frontend *fe)
{
	struct timeval tick = { 0, FE_TICK_MS * 1000 };
	size_t i;

	/*
	 * the heap grows in steps of a quarter MiB and gives back only what
	 * passes a MiB: each message grew and shrank it (six brk calls)
	 */
	(void)mallopt(M_TOP_PAD, 256 * 1024);
	(void)mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
	(void)clock_gettime(CLOCK_MONOTONIC, &fe->started);
	if ((fe->base = event_base_new()) == NULL)
		return -1;
	fe->ls = xcalloc(fe->nls > 0 ? fe->nls : 1, sizeof(*fe->ls));
	for (i = 0; i < fe->nls; i++) {
		struct fe_listener *l = &fe->ls[i];

		l->fe = fe;
		l->fd = fe->cfg->listeners[i].fd;
		l->port = fe->cfg->listeners[i].port;
		l->ev = event_new(fe->base, l->fd, EV_READ | EV_PERSIST,
		    fe_accept_cb, l);
		l->unthrottle = evtimer_new(fe->base,
		    fe_listener_unthrottle_cb, l);
		if (l->ev == NULL || l->unthrottle == NULL ||
		    event_add(l->ev, NULL) < 0)
			return -1;
	}
	fe->tick = event_new(fe->base, -1, EV_PERSIST, fe_tick_cb, fe);
	if (fe->tick == NULL || event_add(fe->tick, &tick) < 0)
		return -1;
	return 0;
}

int
frontend_run(const struct frontend_config *cfg,
    const struct frontend_session_ops *ops)
{
	struct frontend fe;
	int rc = -1;

	memset(&fe, 0, sizeof(fe));
	fe.cfg = cfg;
	fe.ops = ops;
	fe.nls = cfg->nlisteners;
	if (fe_setup(&fe) < 0) {
		log_line(LOG_ERR, "front end: cannot set up the event loop");
		goto out;
	}
	if (fe_resolver_start(&fe, fe.base) < 0)
		log_line(LOG_WARNING, "front end: no resolver threads: client "
		    "names are looked up on the loop");
	if (ops->attach != NULL && ops->attach(ops->arg, &fe, fe.base) < 0) {
		log_line(LOG_ERR, "front end: cannot attach the sessions' store");
		goto out;
	}
	if (event_base_dispatch(fe.base) < 0)
		log_line(LOG_ERR, "front end: event loop failed");
	while (fe.conns != NULL)
		fe_conn_free(fe.conns);
	fe_resolver_stop(&fe);
	if (ops->detach != NULL)
		ops->detach(ops->arg);
	rc = fe.exitcode;
out:
	fe_close_listeners(&fe);
	free(fe.ls);
	if (fe.tick != NULL)
		event_free(fe.tick);
	if (fe.base != NULL)
		event_base_free(fe.base);
	return rc;
}
