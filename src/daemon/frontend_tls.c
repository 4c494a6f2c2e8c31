/*
 * frontend_tls.c - STARTTLS and SMTPS for a front end connection: the
 * driver tls/tls_server.h asks for, over the connection's bufferevent.
 *
 * The rules (tls_server.h says why):
 *   - after the 220 to STARTTLS every unread byte is dropped
 *     (CVE-2011-0411): what a client pipelined behind STARTTLS is never
 *     given to the session, before or after the handshake;
 *   - from then on socket bytes go to the handshake, then through
 *     tls_conn_read_plain to the session; replies through
 *     tls_conn_write_plain; after every tls_conn_* call the ciphertext it
 *     produced is queued on the socket;
 *   - a failed handshake says nothing in clear: the alert, then close;
 *   - the handshake runs under Timeout.starttls, not the command timeout.
 */
#include "daemon/frontend_int.h"
#include "smtp/smtp_server.h"
#include "tls/tls_server.h"
#include "util/log.h"

#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>

/* fe_tls_relay - "[addr]" of the client, for log lines */
static void
fe_tls_relay(const struct frontend_conn *c, char *out, size_t n)
{
	char host[NI_MAXHOST];

	if (getnameinfo((const struct sockaddr *)&c->addr, c->addr_len, host,
	    sizeof(host), NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(host, sizeof(host), "unknown");
	snprintf(out, n, "[%s]", host);
}

/* fe_tls_send - queue what OpenSSL wants written; false on failure */
static bool
fe_tls_send(struct frontend_conn *c)
{
	struct buf w = BUF_INIT;
	bool ok = true;

	if (c->tc != NULL && tls_conn_take_cipher(c->tc, &w) > 0 &&
	    bufferevent_write(c->bev, w.data, w.len) < 0)
		ok = false;
	buf_free(&w);
	return ok;
}

/* fe_tls_dead - the connection's TLS failed: nothing more is said */
static void
fe_tls_dead(struct frontend_conn *c, const char *what)
{
	char relay[NI_MAXHOST + 3];

	fe_tls_relay(c, relay, sizeof(relay));
	log_line(LOG_NOTICE, "STARTTLS=server, error: %s, relay=%s", what,
	    relay);
	(void)fe_tls_send(c);	/* an alert, if any */
	c->tls_dead = true;
	c->closing = true;
	buf_reset(&c->plain);
	buf_reset(&c->out);
	buf_reset(&c->held);
	(void)event_del(c->timer);
	fe_conn_update_read(c);
}

bool
fe_tls_start(struct frontend_conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	size_t dropped = evbuffer_get_length(in);
	char relay[NI_MAXHOST + 3];

	/* CVE-2011-0411: plaintext behind STARTTLS is never a command */
	if (dropped > 0) {
		fe_tls_relay(c, relay, sizeof(relay));
		log_line(LOG_NOTICE, "STARTTLS=server: %zu bytes of input "
		    "pipelined after STARTTLS dropped, relay=%s", dropped,
		    relay);
		(void)evbuffer_drain(in, dropped);
	}
	c->tc = tls_conn_new(c->fe->cfg->tls);
	c->tls = FE_TLS_HANDSHAKE;
	fe_conn_arm(c, c->fe->cfg->tls_timeout > 0 ?
	    c->fe->cfg->tls_timeout : 3600, false);
	fe_conn_update_read(c);
	return true;
}

/* fe_tls_log - sendmail's line after a handshake (LogLevel > 8) */
static void
fe_tls_log(const struct frontend_conn *c, const struct tls_info *ti)
{
	char relay[NI_MAXHOST + 3];

	fe_tls_relay(c, relay, sizeof(relay));
	log_line(LOG_INFO, "STARTTLS=server, relay=%s, version=%s, "
	    "verify=%s, cipher=%s, bits=%d/%d", relay, ti->version,
	    ti->verify, ti->cipher, ti->cipher_bits, ti->alg_bits);
}

/* fe_tls_established - the handshake is done: the session takes over */
static void
fe_tls_established(struct frontend_conn *c)
{
	const struct frontend_session_ops *ops = c->fe->ops;
	struct tls_info ti;
	enum tls_status st;
	int act;

	c->tls = FE_TLS_ON;
	(void)event_del(c->timer);
	tls_conn_info(c->tc, &ti);
	fe_tls_log(c, &ti);
	/*
	 * The client's first command may have come with its Finished:
	 * decrypt it now (it was sent after the handshake, so it counts)
	 */
	st = tls_conn_read_plain(c->tc, &c->plain);
	if (!fe_tls_send(c) || st == TLS_FAILED) {
		fe_tls_dead(c, tls_conn_error(c->tc));
		(void)fe_conn_close_if_done(c);
		return;
	}
	if (st == TLS_CLOSED) {
		c->tls_closed = true;
		c->eof = true;
	}
	if (c->smtps) {
		act = fe_conn_open(c);	/* the greeting, encrypted */
		if (c->sess != NULL && ops->tls_info != NULL)
			ops->tls_info(c->sess, &ti);
	} else {
		if (ops->tls_info != NULL)
			ops->tls_info(c->sess, &ti);
		act = ops->tls_done(c->sess, true, &c->out);
	}
	frontend_conn_act(c, act);	/* replies, then any input */
}

void
fe_tls_handshake(struct frontend_conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	unsigned char chunk[FE_READ_CHUNK];
	enum tls_status st;
	int n;

	if (c->tls_dead) {
		(void)fe_conn_close_if_done(c);
		return;
	}
	/* bounded by the read watermark: at most one buffer's worth */
	while ((n = evbuffer_remove(in, chunk, sizeof(chunk))) > 0)
		tls_conn_feed_cipher(c->tc, chunk, (size_t)n);
	st = tls_conn_handshake(c->tc);
	if (!fe_tls_send(c))
		st = TLS_FAILED;
	if (st == TLS_WANT_MORE && !c->eof)
		return;
	if (st == TLS_DONE) {
		fe_tls_established(c);
		return;
	}
	fe_tls_dead(c, st == TLS_WANT_MORE ? "accept failed: connection "
	    "closed during the handshake" : tls_conn_error(c->tc));
	if (!c->smtps && c->sess != NULL) {
		struct buf junk = BUF_INIT;

		/* the session ends; it must not say anything in clear */
		(void)c->fe->ops->tls_done(c->sess, false, &junk);
		buf_free(&junk);
	}
	(void)fe_conn_close_if_done(c);
}

void
fe_tls_timeout(struct frontend_conn *c)
{
	fe_tls_dead(c, "accept failed: timeout (Timeout.starttls)");
	if (!c->smtps && c->sess != NULL) {
		struct buf junk = BUF_INIT;

		(void)c->fe->ops->tls_done(c->sess, false, &junk);
		buf_free(&junk);
	}
	(void)fe_conn_close_if_done(c);
}

void
fe_tls_pump(struct frontend_conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);
	unsigned char chunk[FE_READ_CHUNK];
	enum tls_status st;
	int n;

	if (c->tls != FE_TLS_ON || c->tls_dead)
		return;
	if (c->tls_closed) {
		/* after close_notify nothing the client sends counts */
		(void)evbuffer_drain(in, evbuffer_get_length(in));
		return;
	}
	while (c->plain.len < FE_TLS_PLAIN_MAX &&
	    (n = evbuffer_remove(in, chunk, sizeof(chunk))) > 0) {
		tls_conn_feed_cipher(c->tc, chunk, (size_t)n);
		st = tls_conn_read_plain(c->tc, &c->plain);
		if (!fe_tls_send(c) || st == TLS_FAILED) {
			fe_tls_dead(c, tls_conn_error(c->tc));
			return;
		}
		if (st == TLS_CLOSED) {
			c->tls_closed = true;
			c->eof = true;
			(void)evbuffer_drain(in, evbuffer_get_length(in));
			return;
		}
	}
}

bool
fe_tls_write(struct frontend_conn *c, const void *p, size_t n)
{
	if (c->tls_dead || c->tls_shut)
		return false;
	if (tls_conn_write_plain(c->tc, p, n) != TLS_DONE) {
		fe_tls_dead(c, tls_conn_error(c->tc));
		return false;
	}
	return fe_tls_send(c);
}

void
fe_tls_close(struct frontend_conn *c)
{
	if (c->tls != FE_TLS_ON || c->tls_dead || c->tls_shut)
		return;
	c->tls_shut = true;
	if (tls_conn_shutdown(c->tc) == TLS_DONE)
		(void)fe_tls_send(c);
}

void
fe_tls_free(struct frontend_conn *c)
{
	tls_conn_free(c->tc);
	c->tc = NULL;
}
