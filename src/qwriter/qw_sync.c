/*
 * qw_sync.c - blocking use of a qw_client, for tests and simple callers:
 * poll the one descriptor until the answer for one transaction arrives.
 */
#include "qwriter/qwriter.h"
#include "msg/envelope.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

/* what the transaction being waited for was told */
struct qw_sync {
	uint32_t txid;
	bool got, gone;
	enum qw_event ev;
	char text[QW_REPLY_MAX + 1];
	qw_event_fn cb;		/* the client's own callback */
	void *arg;
};

/* collect - ours, or passed on to the client's callback */
static void
collect(void *arg, uint32_t txid, enum qw_event ev, const char *text)
{
	struct qw_sync *w = arg;

	if (ev == QW_EV_DISCONNECTED)
		w->gone = true;
	if (ev != QW_EV_DISCONNECTED && txid == w->txid && !w->got) {
		w->got = true;
		w->ev = ev;
		(void)snprintf(w->text, sizeof(w->text), "%s", text);
		return;
	}
	if (w->cb != NULL)
		w->cb(w->arg, txid, ev, text);
}

/* qw_sync_wait - one round of poll, send, receive */
int
qw_sync_wait(struct qw_client *c, int timeout_ms)
{
	struct pollfd p;
	int r;

	p.fd = qw_client_fd(c);
	p.events = POLLIN | (qw_client_want_write(c) ? POLLOUT : 0);
	p.revents = 0;
	while ((r = poll(&p, 1, timeout_ms)) < 0 && errno == EINTR)
		;
	if (r < 0)
		return -1;
	if (r == 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	if ((p.revents & POLLOUT) && qw_client_on_writable(c) < 0)
		return -1;
	if ((p.revents & (POLLIN | POLLHUP | POLLERR)) &&
	    qw_client_on_readable(c) < 0)
		return -1;
	return 0;
}

/* wait_for - until w has its answer; 0, or -1 */
static int
wait_for(struct qw_client *c, struct qw_sync *w, int timeout_ms)
{
	w->got = false;
	while (!w->got) {
		if (w->gone || qw_sync_wait(c, timeout_ms) < 0)
			return -1;
	}
	return 0;
}

/* run - the exchange, with the collector installed */
static int
run(struct qw_client *c, struct qw_sync *w, struct envelope *e,
    const void *body, size_t n, int timeout_ms, struct buf *reply)
{
	if (qw_client_open(c, w->txid) < 0 || wait_for(c, w, timeout_ms) < 0)
		return -1;
	if (w->ev == QW_EV_ERROR) {
		buf_set(reply, w->text);
		(void)qw_client_abort(c, w->txid);
		(void)qw_client_on_writable(c);
		return 1;
	}
	/* the client checked it: a valid queue ID, shorter than QID_MAX */
	if (strlen(w->text) >= sizeof(e->qid))
		return -1;
	memcpy(e->qid, w->text, strlen(w->text) + 1);
	if (qw_client_body(c, w->txid, body, n) < 0 ||
	    qw_client_commit(c, w->txid, e, reply) < 0) {
		(void)qw_client_abort(c, w->txid);
		(void)qw_client_on_writable(c);
		return -1;
	}
	if (wait_for(c, w, timeout_ms) < 0)
		return -1;
	if (w->ev != QW_EV_COMMITTED) {
		buf_set(reply, w->text);
		return 1;
	}
	return 0;
}

/* qw_sync_send - one whole message, blocking */
int
qw_sync_send(struct qw_client *c, uint32_t txid, struct envelope *e,
    const void *body, size_t n, int timeout_ms, struct buf *reply)
{
	struct qw_sync w;
	int r;

	memset(&w, 0, sizeof(w));
	w.txid = txid;
	qw_client_swap_cb(c, collect, &w, &w.cb, &w.arg);
	r = run(c, &w, e, body, n, timeout_ms, reply);
	qw_client_swap_cb(c, w.cb, w.arg, NULL, NULL);
	return r;
}
