/*
 * qw_client.c - the front end's end of the queue writer connection.
 * Sans I/O in spirit: the calls only queue frames; the caller's event
 * loop says when the socket is readable or writable.  Outgoing frames
 * wait in one buffer whose size the caller watches (qw_client_full) to
 * stop reading from sessions while the writer is behind.
 */
#include "qwriter/qwriter.h"
#include "msg/envelope.h"
#include "queue/queue.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct qw_client {
	int fd;
	qw_event_fn cb;
	void *arg;
	struct buf out;		/* encoded frames not yet sent */
	size_t out_off;
	size_t nopen;		/* OPEN sent, no COMMITTED/FAILED/abort yet */
	bool dead;
	unsigned char *rbuf;	/* one datagram */
};

/* qw_client_new - see qwriter.h */
struct qw_client *
qw_client_new(int fd, qw_event_fn cb, void *arg)
{
	struct qw_client *c = xcalloc(1, sizeof(*c));
	int fl;

	c->fd = fd;
	c->cb = cb;
	c->arg = arg;
	buf_init(&c->out);
	c->rbuf = xmalloc(QW_FRAME_MAX + 1);
	if ((fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		c->dead = true;	/* every call then fails with EPIPE */
	return c;
}

void
qw_client_free(struct qw_client *c)
{
	if (c == NULL)
		return;
	if (c->fd >= 0)
		(void)close(c->fd);
	buf_free(&c->out);
	free(c->rbuf);
	free(c);
}

int
qw_client_fd(const struct qw_client *c)
{
	return c->fd;
}

void
qw_client_swap_cb(struct qw_client *c, qw_event_fn cb, void *arg,
    qw_event_fn *oldcb, void **oldarg)
{
	if (oldcb != NULL)
		*oldcb = c->cb;
	if (oldarg != NULL)
		*oldarg = c->arg;
	c->cb = cb;
	c->arg = arg;
}

size_t
qw_client_pending(const struct qw_client *c)
{
	return c->out.len - c->out_off;
}

bool
qw_client_full(const struct qw_client *c)
{
	return qw_client_pending(c) > QW_CLIENT_HIGH;
}

bool
qw_client_want_write(const struct qw_client *c)
{
	return !c->dead && qw_client_pending(c) > 0;
}

size_t
qw_client_open_count(const struct qw_client *c)
{
	return c->nopen;
}

/* fail - -1 with errno e */
static int
fail(int e)
{
	errno = e;
	return -1;
}

/* disconnect - the connection is dead: say so once; -1 */
static int
disconnect(struct qw_client *c, const char *why)
{
	if (!c->dead) {
		c->dead = true;
		if (c->cb != NULL)
			c->cb(c->arg, 0, QW_EV_DISCONNECTED, why);
	}
	return -1;
}

/* qw_client_open - queue OPEN */
int
qw_client_open(struct qw_client *c, uint32_t txid)
{
	if (c->dead)
		return fail(EPIPE);
	if (c->nopen >= QW_MAX_TXNS || qw_client_pending(c) > QW_CLIENT_HARD)
		return fail(EAGAIN);
	(void)qw_frame_encode(&c->out, QW_T_OPEN, txid, NULL, 0);
	c->nopen++;
	return 0;
}

/* qw_client_body - queue BODY frames for n bytes */
int
qw_client_body(struct qw_client *c, uint32_t txid, const void *p, size_t n)
{
	const char *s = p;

	if (c->dead)
		return fail(EPIPE);
	if (n > 0 && p == NULL)
		return fail(EINVAL);
	if (qw_client_pending(c) > QW_CLIENT_HARD)
		return fail(EAGAIN);
	while (n > 0) {
		size_t k = n < QW_PAYLOAD_MAX ? n : QW_PAYLOAD_MAX;

		(void)qw_frame_encode(&c->out, QW_T_BODY, txid, s, k);
		s += k;
		n -= k;
	}
	return 0;
}

/* qw_client_commit - the envelope as ENVELOPE frames, then COMMIT */
int
qw_client_commit(struct qw_client *c, uint32_t txid,
    const struct envelope *e, struct buf *err)
{
	struct buf qf = BUF_INIT, why = BUF_INIT;
	size_t off, qlen = strnlen(e->qid, sizeof(e->qid));

	if (c->dead)
		return fail(EPIPE);
	if (qlen == 0 || qlen >= QID_MAX) {
		if (err != NULL)
			buf_set(err, "no queue ID in the envelope");
		return fail(EINVAL);
	}
	if (qf_write(&qf, e, &why) < 0 || qf.len == 0 || qf.len > QW_CTL_MAX) {
		if (err != NULL)
			buf_set(err, why.len > 0 ? buf_str(&why) :
			    "control file too long");
		buf_free(&qf);
		buf_free(&why);
		return fail(EINVAL);
	}
	/* all of it at once: the writer wants the pieces back to back */
	for (off = 0; off < qf.len; off += QW_PAYLOAD_MAX) {
		size_t k = qf.len - off < QW_PAYLOAD_MAX ? qf.len - off :
		    QW_PAYLOAD_MAX;

		(void)qw_frame_encode(&c->out, QW_T_ENVELOPE, txid,
		    qf.data + off, k);
	}
	(void)qw_frame_encode(&c->out, QW_T_COMMIT, txid, e->qid, qlen);
	buf_free(&qf);
	buf_free(&why);
	return 0;
}

/* qw_client_abort - queue ABORT */
int
qw_client_abort(struct qw_client *c, uint32_t txid)
{
	if (c->nopen > 0)
		c->nopen--;
	if (c->dead)
		return fail(EPIPE);
	(void)qw_frame_encode(&c->out, QW_T_ABORT, txid, NULL, 0);
	return 0;
}

/* qw_client_run - queue RUN (ETRN); EINVAL for an unusable argument */
int
qw_client_run(struct qw_client *c, const char *what)
{
	size_t n = strlen(what), i;

	if (c->dead)
		return fail(EPIPE);
	if (n == 0 || n > QW_RUN_MAX)
		return fail(EINVAL);
	for (i = 0; i < n; i++)
		if ((unsigned char)what[i] < 0x21 || (unsigned char)what[i] > 0x7e)
			return fail(EINVAL);
	(void)qw_frame_encode(&c->out, QW_T_RUN, 0, what, n);
	return 0;
}

/* qw_client_on_writable - send whole frames until the socket is full,
 * several to a system call (a message's body, envelope and commit are
 * queued together: one call, and the writer is woken once) */
int
qw_client_on_writable(struct qw_client *c)
{
	enum { BATCH = 16 };
	struct mmsghdr mv[BATCH];
	struct iovec iov[BATCH];
	unsigned k;
	int n;

	if (c->dead)
		return -1;
	while (qw_client_pending(c) >= QW_HDR_LEN) {
		size_t off = c->out_off;

		memset(mv, 0, sizeof(mv));
		for (k = 0; k < BATCH && c->out.len - off >= QW_HDR_LEN; k++) {
			const unsigned char *h =
			    (const unsigned char *)c->out.data + off;
			size_t len = QW_HDR_LEN + ((size_t)h[8] << 24 |
			    (size_t)h[9] << 16 | (size_t)h[10] << 8 | h[11]);

			if (len > c->out.len - off)
				break;	/* never: only whole frames queue */
			iov[k].iov_base = (void *)h;
			iov[k].iov_len = len;
			mv[k].msg_hdr.msg_iov = &iov[k];
			mv[k].msg_hdr.msg_iovlen = 1;
			off += len;
		}
		n = sendmmsg(c->fd, mv, k, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0)
			return disconnect(c, n < 0 ? strerror(errno) :
			    "short send");
		for (k = 0; k < (unsigned)n; k++) {
			if (mv[k].msg_len != iov[k].iov_len)
				return disconnect(c, "short send");
			c->out_off += iov[k].iov_len;
		}
		if ((unsigned)n < BATCH && qw_client_pending(c) >= QW_HDR_LEN)
			break;	/* the socket took only some: it is full */
	}
	/* compact now and then, not on every frame */
	if (c->out_off == c->out.len) {
		buf_reset(&c->out);
		c->out_off = 0;
	} else if (c->out_off > 1024 * 1024 && c->out_off > c->out.len / 2) {
		memmove(c->out.data, c->out.data + c->out_off,
		    c->out.len - c->out_off);
		buf_truncate(&c->out, c->out.len - c->out_off);
		c->out_off = 0;
	}
	return 0;
}

/* dispatch - one answer from the writer, checked; -1: garbage */
static int
dispatch(struct qw_client *c, const struct qw_frame *f)
{
	char text[QW_REPLY_MAX + 1];
	enum qw_event ev;

	switch (f->type) {
	case QW_T_OPENED:
	case QW_T_COMMITTED:
		if (f->len == 0 || f->len >= QID_MAX)
			return -1;
		memcpy(text, f->payload, f->len);
		text[f->len] = '\0';
		if (!qid_valid(text) || strlen(text) != f->len)
			return -1;
		ev = f->type == QW_T_OPENED ? QW_EV_OPENED : QW_EV_COMMITTED;
		break;
	case QW_T_ERROR:
	case QW_T_FAILED:
		if (!qw_reply_valid(f->payload, f->len))
			return -1;
		memcpy(text, f->payload, f->len);
		text[f->len] = '\0';
		ev = f->type == QW_T_ERROR ? QW_EV_ERROR : QW_EV_FAILED;
		break;
	default:
		return -1;
	}
	if ((ev == QW_EV_COMMITTED || ev == QW_EV_FAILED) && c->nopen > 0)
		c->nopen--;
	if (c->cb != NULL)
		c->cb(c->arg, f->txid, ev, text);
	return 0;
}

/* qw_client_on_readable - every waiting answer to the callback */
int
qw_client_on_readable(struct qw_client *c)
{
	struct qw_frame f;
	const char *why;

	while (!c->dead) {
		ssize_t n = recv(c->fd, c->rbuf, QW_FRAME_MAX + 1,
		    MSG_DONTWAIT | MSG_TRUNC);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0)
			return disconnect(c, strerror(errno));
		if (n == 0)
			return disconnect(c, "the queue writer closed the connection");
		if ((size_t)n > QW_FRAME_MAX ||
		    qw_frame_decode(c->rbuf, (size_t)n, &f, &why) < 0 ||
		    dispatch(c, &f) < 0)
			return disconnect(c, "garbage from the queue writer");
	}
	return -1;
}
