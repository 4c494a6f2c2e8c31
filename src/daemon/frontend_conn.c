/*
 * frontend_conn.c - one client connection of the front end: buffers,
 * timers, and the session's actions carried out.
 */
#include "daemon/frontend_int.h"
#include "daemon/daemon_port.h"
#include "smtp/smtp_server.h"
#include "util/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include <event2/buffer.h>

static bool fe_conn_handle(struct frontend_conn *, int act);
static void fe_conn_drain(struct frontend_conn *);

/* fe_conn_outlen - bytes queued for the client */
static size_t
fe_conn_outlen(const struct frontend_conn *c)
{
	return evbuffer_get_length(bufferevent_get_output(c->bev));
}

/*
 * fe_conn_send_now - as much of p as the socket takes at once, when
 * nothing is queued before it: most replies go out here, without
 * asking the event loop to watch for writability first (two epoll_ctl
 * calls and a wakeup per reply).  What is left, and any error, is for
 * the buffer event.  Returns the bytes sent.
 */
static size_t
fe_conn_send_now(struct frontend_conn *c, const char *p, size_t len)
{
	ssize_t n;

	if (fe_conn_outlen(c) > 0)
		return 0;
	do
		n = send(bufferevent_getfd(c->bev), p, len,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n > 0 ? (size_t)n : 0;
}

/* fe_conn_flush - the session's replies into the socket (encrypted once
 * TLS is on; never in clear during a handshake) */
static void
fe_conn_flush(struct frontend_conn *c)
{
	size_t sent;

	if (c->out.len == 0 || c->tls == FE_TLS_HANDSHAKE)
		;
	else if (c->tls == FE_TLS_ON) {
		if (!fe_tls_write(c, c->out.data, c->out.len))
			c->closing = true;
	} else if ((sent = fe_conn_send_now(c, c->out.data, c->out.len)) <
	    c->out.len && bufferevent_write(c->bev, c->out.data + sent,
	    c->out.len - sent) < 0)
		c->closing = true;	/* out of memory: give up on it */
	buf_reset(&c->out);
}

/* fe_conn_inlen - input the session has not seen (TLS: decrypted) */
static size_t
fe_conn_inlen(struct frontend_conn *c)
{
	if (c->tls == FE_TLS_ON) {
		fe_tls_pump(c);
		return c->plain.len;
	}
	if (c->tls == FE_TLS_HANDSHAKE)
		return 0;
	return evbuffer_get_length(bufferevent_get_input(c->bev));
}

/* fe_conn_take - up to max bytes of that input into p; how many */
static size_t
fe_conn_take(struct frontend_conn *c, unsigned char *p, size_t max)
{
	size_t n;
	int k;

	if (c->tls == FE_TLS_HANDSHAKE)
		return 0;
	if (c->tls == FE_TLS_NONE) {
		k = evbuffer_remove(bufferevent_get_input(c->bev), p, max);
		return k > 0 ? (size_t)k : 0;
	}
	fe_tls_pump(c);
	n = c->plain.len < max ? c->plain.len : max;
	if (n == 0)
		return 0;
	memcpy(p, c->plain.data, n);
	memmove(c->plain.data, c->plain.data + n, c->plain.len - n);
	buf_truncate(&c->plain, c->plain.len - n);
	return n;
}

/* fe_conn_can_serve - may input be handed to the session now? */
static bool
fe_conn_can_serve(const struct frontend_conn *c)
{
	return !c->closing && !c->delayed && !c->waiting && !c->fe->paused &&
	    !c->resolving && c->tls != FE_TLS_HANDSHAKE &&
	    fe_conn_outlen(c) < FE_OUT_HIGH;
}

void
fe_conn_update_read(struct frontend_conn *c)
{
	/* during a delay reading goes on (bounded by the watermark), so the
	 * session sees a client that talks too early; while a command waits
	 * (the queue writer's commit) too, as the watermark bounds it and
	 * turning reading off and on would cost two epoll_ctl a message */
	bool want = !c->closing && !c->fe->paused && !c->resolving &&
	    !c->rdone && fe_conn_outlen(c) < FE_OUT_HIGH &&
	    evbuffer_get_length(bufferevent_get_input(c->bev)) < FE_IN_HIGH;

	/* adding a pending event or deleting one that is not is a no-op */
	if (want)
		(void)event_add(c->rev, NULL);
	else
		(void)event_del(c->rev);
}

/* fe_conn_arm - the timer: seconds from now; 0 seconds and not a delay:
 * no command timeout */
void
fe_conn_arm(struct frontend_conn *c, long seconds, bool delay)
{
	struct timeval tv;

	(void)event_del(c->timer);
	c->timer_is_delay = delay;
	if (seconds <= 0 && !delay)
		return;
	tv.tv_sec = seconds > 0 ? seconds : 0;
	tv.tv_usec = 0;
	(void)event_add(c->timer, &tv);
}

void
fe_conn_free(struct frontend_conn *c)
{
	struct frontend *fe = c->fe;

	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		fe->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	fe->nconns--;
	c->l->nconns--;
	fe_resolver_cancel(c);
	free(c->resolved.name);
	if (c->sess != NULL)
		fe->ops->close(c->sess);
	event_free(c->timer);
	event_free(c->rev);		/* before the socket closes */
	bufferevent_free(c->bev);	/* closes the socket */
	fe_tls_free(c);
	buf_free(&c->out);
	buf_free(&c->held);
	buf_free(&c->plain);
	free(c);
	if (fe->stopping && fe->nconns == 0)
		(void)event_base_loopexit(fe->base, NULL);
}

/* fe_conn_close_if_done - closing and everything sent: free; false then */
bool
fe_conn_close_if_done(struct frontend_conn *c)
{
	if (!c->closing || fe_conn_outlen(c) > 0)
		return true;
	fe_conn_free(c);
	return false;
}

/*
 * fe_conn_handle - carry out act after a session call that filled
 * c->out.  Returns false if c is gone.
 */
static bool
fe_conn_handle(struct frontend_conn *c, int act)
{
	struct frontend *fe = c->fe;

	if (act & SMTP_ACT_DELAY) {
		/* the replies go out after the delay, not before */
		buf_add(&c->held, c->out.data, c->out.len);
		buf_reset(&c->out);
		c->delayed = true;
		fe_conn_arm(c, fe->ops->delay(c->sess), true);
		fe_conn_update_read(c);
		return true;
	}
	fe_conn_flush(c);
	if (act & SMTP_ACT_CLOSE) {
		fe_tls_close(c);
		c->closing = true;
		(void)event_del(c->timer);
		fe_conn_update_read(c);
		return fe_conn_close_if_done(c);
	}
	if (act & SMTP_ACT_STARTTLS) {
		/* the 220 is in the output, in clear: now the handshake */
		if (fe->cfg->tls != NULL && c->tls == FE_TLS_NONE &&
		    !c->closing)
			return fe_tls_start(c);
		act = fe->ops->tls_done(c->sess, false, &c->out);
		return fe_conn_handle(c, act | SMTP_ACT_CLOSE);
	}
	if (act & SMTP_ACT_WAIT) {
		c->waiting = true;
		(void)event_del(c->timer);	/* no command timeout meanwhile */
		fe_conn_update_read(c);
		return true;
	}
	if (fe->stopping) {
		c->closing = true;	/* the last reply went out: done */
		fe_conn_update_read(c);
		return fe_conn_close_if_done(c);
	}
	fe_conn_arm(c, fe->ops->timeout(c->sess), false);
	fe_conn_update_read(c);
	return true;
}

/* fe_conn_greet - the greet_pause is over: early (input came) or not */
static bool
fe_conn_greet(struct frontend_conn *c, bool early)
{
	struct timeval now;
	long ms;
	int act;

	c->pausing = false;
	(void)event_del(c->timer);
	(void)gettimeofday(&now, NULL);
	ms = (now.tv_sec - c->pause_start.tv_sec) * 1000 +
	    (now.tv_usec - c->pause_start.tv_usec) / 1000;
	act = c->fe->ops->greet(c->sess, early, ms, &c->out);
	return fe_conn_handle(c, act);
}

/*
 * fe_conn_drain - hand buffered input to the session while it may take
 * it; then, if the client has closed and everything is served, the EOF.
 */
static void
fe_conn_drain(struct frontend_conn *c)
{
	unsigned char chunk[FE_READ_CHUNK];
	size_t n;
	int act;

	if (c->tls == FE_TLS_HANDSHAKE) {
		fe_tls_handshake(c);	/* may free c */
		return;
	}
	/* talking during the greet_pause (closing is not talking) */
	if (c->pausing && !fe_conn_greet(c, fe_conn_inlen(c) > 0))
		return;
	while (fe_conn_can_serve(c) &&
	    (n = fe_conn_take(c, chunk, sizeof(chunk))) > 0) {
		act = c->fe->ops->input(c->sess, chunk, n, &c->out);
		if (!fe_conn_handle(c, act))
			return;
		if (c->tls == FE_TLS_HANDSHAKE)
			return;		/* STARTTLS: the rest was dropped */
	}
	if (c->eof && fe_conn_can_serve(c) && fe_conn_inlen(c) == 0) {
		c->eof = false;
		act = c->fe->ops->eof(c->sess, &c->out);
		(void)fe_conn_handle(c, act | SMTP_ACT_CLOSE);
		return;
	}
	if (c->closing)		/* a TLS failure while decrypting */
		(void)fe_conn_close_if_done(c);
}

/*
 * fe_conn_sock_read_cb - the client's bytes into the input buffer, up to
 * FE_IN_HIGH at a time.  The front end reads for itself: libevent 2.1's
 * buffer events read at most 4 KiB a call, sixteen calls (each with its
 * FIONREAD ioctl and its pass through the session) for a 64 KiB message.
 */
static void
fe_conn_sock_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct frontend_conn *c = arg;
	struct evbuffer *in = bufferevent_get_input(c->bev);
	struct evbuffer_iovec v[2];
	size_t have = evbuffer_get_length(in);
	ssize_t n;
	int nv;

	(void)what;
	if (have >= FE_IN_HIGH) {
		fe_conn_update_read(c);
		return;
	}
	/* a buffer event keeps its input's end frozen but for itself */
	(void)evbuffer_unfreeze(in, 0);
	nv = evbuffer_reserve_space(in, (ev_ssize_t)(FE_IN_HIGH - have), v, 2);
	if (nv <= 0) {
		(void)evbuffer_freeze(in, 0);
		fe_conn_free(c);	/* out of memory: give up on it */
		return;
	}
	do
		n = readv(fd, (struct iovec *)v, nv);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int e = errno;

		(void)evbuffer_commit_space(in, v, 0);
		(void)evbuffer_freeze(in, 0);
		if (e != EAGAIN && e != EWOULDBLOCK)
			fe_conn_free(c);	/* reset by the client */
		return;
	}
	if ((size_t)n <= v[0].iov_len) {
		v[0].iov_len = (size_t)n;
		nv = 1;
	} else
		v[1].iov_len = (size_t)n - v[0].iov_len;
	(void)evbuffer_commit_space(in, v, nv);
	(void)evbuffer_freeze(in, 0);
	if (n == 0) {
		/* the client closed its side */
		c->rdone = true;
		(void)event_del(c->rev);
		c->eof = true;
		if (c->closing || c->tls_dead) {
			fe_conn_free(c);
			return;
		}
	}
	fe_conn_drain(c);
}

static void
fe_conn_write_cb(struct bufferevent *bev, void *arg)
{
	struct frontend_conn *c = arg;

	(void)bev;
	if (!fe_conn_close_if_done(c))
		return;
	/* the client read its replies: take its input again */
	fe_conn_update_read(c);
	fe_conn_drain(c);
}

static void
fe_conn_event_cb(struct bufferevent *bev, short what, void *arg)
{
	struct frontend_conn *c = arg;

	(void)bev;
	(void)what;
	/* a write error, or output stuck past the write timeout (reading
	 * is fe_conn_sock_read_cb's): drop it */
	fe_conn_free(c);
}

/* fe_conn_delay_done - the delay is over: held replies, early input,
 * then resume */
static void
fe_conn_delay_done(struct frontend_conn *c)
{
	unsigned char chunk[FE_READ_CHUNK];
	size_t n;
	int act;

	c->delayed = false;
	buf_add(&c->out, c->held.data, c->held.len);
	buf_reset(&c->held);
	fe_conn_flush(c);
	/* what arrived meanwhile is only buffered by the engine, which so
	 * learns the client did not wait */
	while ((n = fe_conn_take(c, chunk, sizeof(chunk))) > 0)
		(void)c->fe->ops->input(c->sess, chunk, n, &c->out);
	act = c->fe->ops->resume(c->sess, &c->out);
	if (fe_conn_handle(c, act))
		fe_conn_drain(c);
}

static void
fe_conn_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct frontend_conn *c = arg;
	int act;

	(void)fd;
	(void)what;
	if (c->tls == FE_TLS_HANDSHAKE) {
		fe_tls_timeout(c);
		return;
	}
	if (c->pausing) {
		(void)fe_conn_greet(c, false);
		return;
	}
	if (c->timer_is_delay) {
		fe_conn_delay_done(c);
		return;
	}
	act = c->fe->ops->timeout_expired(c->sess, &c->out);
	(void)fe_conn_handle(c, act | SMTP_ACT_CLOSE);
}

void
fe_conn_refuse(int fd, const char *line)
{
	/* best effort on a fresh socket: its buffer has room */
	if (write(fd, line, strlen(line)) < 0) {
		/* the client is gone already */
	}
	close(fd);
}

void
fe_conn_new(struct frontend *fe, struct fe_listener *l, int fd,
    const struct sockaddr *sa, socklen_t salen)
{
	struct frontend_conn *c = xcalloc(1, sizeof(*c));
	struct timeval wto = { FE_WRITE_TIMEOUT, 0 };

	c->fe = fe;
	c->l = l;
	buf_init(&c->out);
	buf_init(&c->held);
	buf_init(&c->plain);
	if (salen > sizeof(c->addr))
		salen = sizeof(c->addr);
	memcpy(&c->addr, sa, salen);
	c->addr_len = salen;
	c->local_len = sizeof(c->local);
	if (getsockname(fd, (struct sockaddr *)&c->local, &c->local_len) < 0)
		c->local_len = 0;
	c->bev = bufferevent_socket_new(fe->base, fd, BEV_OPT_CLOSE_ON_FREE);
	c->timer = evtimer_new(fe->base, fe_conn_timer_cb, c);
	c->rev = event_new(fe->base, fd, EV_READ | EV_PERSIST,
	    fe_conn_sock_read_cb, c);
	if (c->bev == NULL || c->timer == NULL || c->rev == NULL) {
		log_line(LOG_ERR, "front end: out of memory for a connection");
		if (c->rev != NULL)
			event_free(c->rev);
		if (c->bev != NULL)
			bufferevent_free(c->bev);
		else
			close(fd);
		if (c->timer != NULL)
			event_free(c->timer);
		free(c);
		return;
	}
	bufferevent_setcb(c->bev, NULL, fe_conn_write_cb, fe_conn_event_cb, c);
	(void)bufferevent_set_timeouts(c->bev, NULL, &wto);
	c->next = fe->conns;
	if (fe->conns != NULL)
		fe->conns->prev = c;
	fe->conns = c;
	fe->nconns++;
	l->nconns++;

	/* the client's name first, off the loop; the greeting follows */
	c->resolving = true;
	fe_conn_update_read(c);
	if (fe_resolver_submit(c) == 0)
		return;
	frontend_resolve_lookup((struct sockaddr *)&c->addr, c->addr_len,
	    &c->resolved);
	fe_conn_resolved(c);
}

void
fe_conn_resolved(struct frontend_conn *c)
{
	struct frontend *fe = c->fe;
	const struct fe_listener *l = c->l;
	int act;

	c->resolving = false;
	if (c->closing) {		/* shut down meanwhile */
		fe_conn_update_read(c);
		(void)fe_conn_close_if_done(c);
		return;
	}
	if (daemon_port_flag(l->port, 's')) {
		/* SMTPS: TLS from the first byte, the greeting after it */
		c->smtps = true;
		if (fe->cfg->tls != NULL) {
			(void)fe_tls_start(c);
			return;
		}
		log_line(LOG_ERR, "daemon %s: SMTPS (M=s) without a TLS "
		    "context: connection closed", l->port->name);
		c->closing = true;
		(void)fe_conn_close_if_done(c);
		return;
	}
	act = fe_conn_open(c);
	if (c->sess != NULL && fe->ops->greet_pause != NULL &&
	    fe->ops->greet_pause(c->sess) > 0) {
		/* FEATURE(greet_pause): wait, listening for early talkers */
		long ms = fe->ops->greet_pause(c->sess);
		struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

		c->pausing = true;
		(void)gettimeofday(&c->pause_start, NULL);
		c->timer_is_delay = false;
		(void)event_add(c->timer, &tv);
		fe_conn_update_read(c);
		return;
	}
	(void)fe_conn_handle(c, act);
}

int
fe_conn_open(struct frontend_conn *c)
{
	struct frontend *fe = c->fe;
	struct frontend_client client;
	int act = 0;

	memset(&client, 0, sizeof(client));
	client.addr = (const struct sockaddr *)&c->addr;
	client.addr_len = c->addr_len;
	client.local = c->local_len > 0 ?
	    (const struct sockaddr *)&c->local : NULL;
	client.local_len = c->local_len;
	client.port = c->l->port;
	client.tls_offer = fe->cfg->tls != NULL && !c->smtps;
	client.tls_active = c->smtps;
	client.name = c->resolved.name;
	client.resolve = c->resolved.resolve != NULL ? c->resolved.resolve :
	    "FAIL";
	c->sess = fe->ops->open(fe->ops->arg, c, &client, &c->out, &act);
	free(c->resolved.name);	/* the session has copied it */
	c->resolved.name = NULL;
	if (c->sess == NULL)
		act |= SMTP_ACT_CLOSE;
	return act;
}

void
fe_conn_shutdown(struct frontend_conn *c)
{
	if (c->waiting || c->closing)
		return;		/* its commit finishes first; then it closes */
	if (c->tls == FE_TLS_HANDSHAKE) {
		fe_conn_free(c);	/* nothing may be said in clear now */
		return;
	}
	buf_reset(&c->held);
	buf_adds(&c->out, "421 4.3.2 Shutting down\r\n");
	(void)fe_conn_handle(c, SMTP_ACT_CLOSE);
}

struct buf *
frontend_conn_out(struct frontend_conn *c)
{
	return &c->out;
}

void
frontend_conn_act(struct frontend_conn *c, int act)
{
	c->waiting = false;
	if (fe_conn_handle(c, act))
		fe_conn_drain(c);
}
