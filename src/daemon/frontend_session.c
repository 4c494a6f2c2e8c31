/*
 * frontend_session.c - sessions (session/session.h) for the front end,
 * with a store that streams to the queue writer (qwriter/qwriter.h).
 * The only file of the front end that knows either API.
 */
#include "daemon/frontend_session.h"
#include "daemon/daemon_port.h"
#include "daemon/frontend_resolve.h"
#include "qwriter/qwriter.h"
#include "session/session.h"
#include "smtp/smtp_server.h"
#include "tls/tls_server.h"
#include "util/log.h"

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

enum fs_state { FS_OPENING, FS_READY, FS_BOUND, FS_COMMITTING };

struct fs_sess;

struct fs_txn {
	uint32_t txid;
	enum fs_state state;
	char qid[QID_MAX];
	struct fs_sess *owner;		/* BOUND, COMMITTING; NULL: orphan */
	struct fs_txn *prev, *next;
};

struct fs_sess {
	struct frontend_store *st;
	struct frontend_conn *conn;
	struct session *s;
	struct fs_txn *txn;
	long pause_ms;		/* greet_pause still to wait, 0: greeted */
};

struct frontend_store {
	struct cf *cf;
	struct qw_client *qw;
	struct frontend *fe;
	struct event *rev, *wev;
	struct fs_txn *txns;
	uint32_t next_txid;
	size_t nopening, nready, nbound;
	size_t most;			/* most sessions seen, to FS_RESERVE_MAX */
	bool dead;
	bool opened;			/* the writer has answered an OPEN */
	struct session_store store;
};

/* ---- transactions */

static struct fs_txn *
fs_txn_find(struct frontend_store *st, uint32_t txid)
{
	struct fs_txn *t;

	for (t = st->txns; t != NULL; t = t->next)	/* XXX linear */
		if (t->txid == txid)
			return t;
	return NULL;
}

static void
fs_txn_count(struct frontend_store *st, enum fs_state state, int delta)
{
	size_t *n = state == FS_OPENING ? &st->nopening :
	    state == FS_READY ? &st->nready : &st->nbound;

	*n = (size_t)((long)*n + delta);
}

static void
fs_txn_free(struct frontend_store *st, struct fs_txn *t)
{
	if (t->prev != NULL)
		t->prev->next = t->next;
	else
		st->txns = t->next;
	if (t->next != NULL)
		t->next->prev = t->prev;
	fs_txn_count(st, t->state, -1);
	if (t->owner != NULL && t->owner->txn == t)
		t->owner->txn = NULL;
	free(t);
}

/* fs_kick - send what is queued; watch for writability if not all went;
 * pause the clients while the writer is behind */
static void
fs_kick(struct frontend_store *st)
{
	if (st->dead)
		return;
	if (qw_client_want_write(st->qw) &&
	    qw_client_on_writable(st->qw) < 0)
		return;			/* DISCONNECTED was handled */
	if (qw_client_want_write(st->qw))
		(void)event_add(st->wev, NULL);
	if (st->fe != NULL)
		frontend_pause(st->fe, qw_client_full(st->qw));
}

/*
 * fs_fill - keep one transaction open ahead for each session (at least
 * FS_RESERVE, at most FS_RESERVE_MAX) more than are in use.  A begin
 * cannot wait for OPENED: so each begin sends its replacement OPEN
 * before that message's COMMIT (the writer answers in order: the
 * replacement is ready before the session can begin again), and the
 * sessions that reach DATA together find one each.
 */
static void
fs_fill(struct frontend_store *st)
{
	size_t n = st->fe != NULL ? frontend_sessions(st->fe) : 0;
	size_t want;
	struct fs_txn *t;

	if (n > FS_RESERVE_MAX)
		n = FS_RESERVE_MAX;
	/* the pool does not shrink with the sessions: a quiet spell (one
	 * session) would drain it, and the next burst reaches DATA before
	 * a busy writer answers the OPENs its connections sent */
	if (n > st->most)
		st->most = n;
	want = (st->most > FS_RESERVE ? st->most : FS_RESERVE) + st->nbound;
	if (want > QW_MAX_TXNS / 2)
		want = QW_MAX_TXNS / 2;
	while (!st->dead && st->nopening + st->nready < want &&
	    st->nopening + st->nready + st->nbound < QW_MAX_TXNS) {
		t = xcalloc(1, sizeof(*t));
		if (++st->next_txid == 0)
			st->next_txid = 1;
		t->txid = st->next_txid;
		if (qw_client_open(st->qw, t->txid) < 0) {
			free(t);
			break;
		}
		t->state = FS_OPENING;
		t->next = st->txns;
		if (st->txns != NULL)
			st->txns->prev = t;
		st->txns = t;
		fs_txn_count(st, FS_OPENING, 1);
	}
	fs_kick(st);
}

/* fs_done - a pending end is settled: the session's reply goes out */
static void
fs_done(struct fs_sess *g, int status, const struct smtp_reply *r)
{
	struct buf *out = frontend_conn_out(g->conn);
	int act = session_store_done(g->s, status, r, out);

	frontend_conn_act(g->conn, act);	/* may free g */
}

/* fs_disconnected - the writer is gone: pending messages get 451 */
static void
fs_disconnected(struct frontend_store *st, const char *why)
{
	struct fs_txn *t, *list = st->txns;
	struct smtp_reply r;

	st->dead = true;
	log_line(LOG_ERR, "front end: queue writer lost: %s", why);
	st->txns = NULL;
	st->nopening = st->nready = st->nbound = 0;
	smtp_reply_set(&r, 451, "4.3.0", "Temporary system failure: "
	    "queue writer unavailable");
	while ((t = list) != NULL) {
		struct fs_sess *g = t->owner;

		list = t->next;
		if (g != NULL)
			g->txn = NULL;
		if (g != NULL && t->state == FS_COMMITTING)
			fs_done(g, SMTP_REJECT, &r);
		free(t);
	}
	if (st->fe != NULL)
		frontend_fail(st->fe);
}

static void
fs_on_event(void *arg, uint32_t txid, enum qw_event ev, const char *text)
{
	struct frontend_store *st = arg;
	struct fs_txn *t;
	struct smtp_reply r;
	struct fs_sess *g;

	if (ev == QW_EV_DISCONNECTED) {
		fs_disconnected(st, text);
		return;
	}
	if ((t = fs_txn_find(st, txid)) == NULL)
		return;
	if (ev == QW_EV_OPENED || ev == QW_EV_ERROR)
		st->opened = true;	/* the writer answers: fs_ready */
	switch (ev) {
	case QW_EV_OPENED:
		if (t->state != FS_OPENING)
			break;
		snprintf(t->qid, sizeof(t->qid), "%s", text);
		fs_txn_count(st, FS_OPENING, -1);
		t->state = FS_READY;
		fs_txn_count(st, FS_READY, 1);
		break;
	case QW_EV_ERROR:
		log_line(LOG_ERR, "front end: queue writer: %s", text);
		(void)qw_client_abort(st->qw, txid);
		fs_txn_free(st, t);
		break;
	case QW_EV_COMMITTED:
	case QW_EV_FAILED:
		g = t->owner;
		fs_txn_free(st, t);
		if (g == NULL)
			break;		/* aborted while committing */
		if (ev == QW_EV_COMMITTED) {
			fs_done(g, SMTP_OK, NULL);
		} else {
			smtp_reply_parse(&r, text);
			fs_done(g, SMTP_REJECT, &r);
		}
		break;
	default:
		break;
	}
	fs_kick(st);
}

static void
fs_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct frontend_store *st = arg;

	(void)fd;
	(void)what;
	if (!st->dead && qw_client_on_readable(st->qw) == 0)
		fs_kick(st);
}

static void
fs_write_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	fs_kick(arg);
}

/* ---- the session store */

static int
fs_store_begin(void *ctx, struct session *s, struct envelope *env,
    char qid[QID_MAX], struct smtp_reply *r)
{
	struct frontend_store *st = ctx;
	struct fs_sess *g = session_data(s);
	struct fs_txn *t;

	(void)env;
	for (t = st->txns; t != NULL; t = t->next)
		if (t->state == FS_READY)
			break;
	if (t == NULL || st->dead) {
		fs_fill(st);
		smtp_reply_set(r, 451, "4.3.0", "Temporary system failure, "
		    "please try again later");
		return SMTP_REJECT;
	}
	fs_txn_count(st, FS_READY, -1);
	t->state = FS_BOUND;
	fs_txn_count(st, FS_BOUND, 1);
	t->owner = g;
	g->txn = t;
	memcpy(qid, t->qid, QID_MAX);
	fs_fill(st);
	return SMTP_OK;
}

static int
fs_store_body(void *ctx, struct session *s, const char *p, size_t n,
    struct smtp_reply *r)
{
	struct frontend_store *st = ctx;
	struct fs_sess *g = session_data(s);

	if (g->txn == NULL || st->dead ||
	    qw_client_body(st->qw, g->txn->txid, p, n) < 0) {
		smtp_reply_set(r, 451, "4.3.0", "Temporary system failure, "
		    "please try again later");
		return SMTP_REJECT;
	}
	fs_kick(st);
	return SMTP_OK;
}

static int
fs_store_end(void *ctx, struct session *s, struct envelope *env,
    struct smtp_reply *r)
{
	struct frontend_store *st = ctx;
	struct fs_sess *g = session_data(s);
	struct buf err = BUF_INIT;

	if (g->txn == NULL || st->dead ||
	    qw_client_commit(st->qw, g->txn->txid, env, &err) < 0) {
		if (err.len > 0)
			log_line(LOG_ERR, "%s: front end: %s", env->qid,
			    buf_str(&err));
		buf_free(&err);
		smtp_reply_set(r, 451, "4.3.0", "Message not stored");
		return SMTP_REJECT;	/* abort follows */
	}
	buf_free(&err);
	g->txn->state = FS_COMMITTING;
	fs_kick(st);
	return SMTP_PENDING;
}

static void
fs_store_abort(void *ctx, struct session *s)
{
	struct frontend_store *st = ctx;
	struct fs_sess *g = session_data(s);
	struct fs_txn *t = g != NULL ? g->txn : NULL;

	if (t == NULL)
		return;
	g->txn = NULL;
	t->owner = NULL;
	if (t->state == FS_COMMITTING)
		return;		/* the answer is ignored when it comes */
	if (!st->dead)
		(void)qw_client_abort(st->qw, t->txid);
	fs_txn_free(st, t);
	fs_kick(st);
}

/* fs_store_run - ETRN: the queue writer (root) starts the run */
static bool
fs_store_run(void *ctx, struct session *s, const char *what)
{
	struct frontend_store *st = ctx;

	(void)s;
	if (qw_client_run(st->qw, what) < 0)
		return false;
	fs_kick(st);
	return true;
}

/* ---- the session ops */

static int
fs_attach(void *arg, struct frontend *fe, struct event_base *base)
{
	struct frontend_store *st = arg;
	int fd = qw_client_fd(st->qw);

	st->fe = fe;
	st->rev = event_new(base, fd, EV_READ | EV_PERSIST, fs_read_cb, st);
	st->wev = event_new(base, fd, EV_WRITE, fs_write_cb, st);
	if (st->rev == NULL || st->wev == NULL || event_add(st->rev, NULL) < 0)
		return -1;
	fs_fill(st);
	return 0;
}

static void *
fs_open(void *arg, struct frontend_conn *conn,
    const struct frontend_client *fc, struct buf *out, int *act)
{
	struct frontend_store *st = arg;
	struct fs_sess *g = xcalloc(1, sizeof(*g));
	struct session_client c;

	memset(&c, 0, sizeof(c));
	c.addr = fc->addr;
	c.addr_len = fc->addr_len;
	c.name = c.ptr = fc->name;
	c.resolve = fc->resolve;
	c.local = fc->local;
	c.local_len = fc->local_len;
	c.listen = &fc->port->addr.sa;
	c.listen_len = sizeof(fc->port->addr);
	c.daemon_name = fc->port->name;
	c.daemon_flags = fc->port->mflags;
	/* XXX SMTPS: the engine has no "TLS from the start" yet: OFF */
	c.tls = daemon_port_flag(fc->port, 'S') || fc->tls_active ?
	    SMTP_TLS_OFF : fc->tls_offer ? SMTP_TLS_OFFER : SMTP_TLS_BROKEN;
	c.auth_required = daemon_port_flag(fc->port, 'a');
	g->st = st;
	g->conn = conn;
	g->s = session_new(st->cf, &c, &st->store);
	session_set_data(g->s, g);
	/* FEATURE(greet_pause): the greeting waits; the loop calls fs_greet */
	g->pause_ms = session_greet_pause(g->s);
	if (g->pause_ms > 0) {
		*act = 0;
		return g;
	}
	*act = session_start(g->s, out);
	fs_fill(st);		/* one more session may begin a message */
	return g;
}

static long
fs_greet_pause(void *sess)
{
	return ((struct fs_sess *)sess)->pause_ms;
}

static int
fs_greet(void *sess, bool early, long waited_ms, struct buf *out)
{
	struct fs_sess *g = sess;

	g->pause_ms = 0;
	if (early)
		session_early_talker(g->s, waited_ms);
	fs_fill(g->st);
	return session_start(g->s, out);
}

static int
fs_input(void *sess, const void *p, size_t n, struct buf *out)
{
	return smtp_server_input(session_engine(((struct fs_sess *)sess)->s),
	    p, n, out);
}

static int
fs_resume(void *sess, struct buf *out)
{
	return smtp_server_resume(session_engine(((struct fs_sess *)sess)->s),
	    out);
}

static int
fs_timeout_expired(void *sess, struct buf *out)
{
	return smtp_server_timeout_expired(
	    session_engine(((struct fs_sess *)sess)->s), out);
}

static int
fs_eof(void *sess, struct buf *out)
{
	return smtp_server_eof(session_engine(((struct fs_sess *)sess)->s),
	    out);
}

/* fs_tls_info - the handshake's facts: ${tls_version} ..., SASL's SSF */
static void
fs_tls_info(void *sess, const struct tls_info *ti)
{
	struct session_tls t;

	memset(&t, 0, sizeof(t));
	t.version = ti->version;
	t.cipher = ti->cipher;
	t.cipher_bits = ti->cipher_bits;
	t.verify = ti->verify;
	t.cert_subject = ti->cert_subject;
	t.cert_issuer = ti->cert_issuer;
	t.cn_subject = ti->cn_subject;
	t.cn_issuer = ti->cn_issuer;
	session_tls_done(((struct fs_sess *)sess)->s, &t);
}

static int
fs_tls_done(void *sess, bool ok, struct buf *out)
{
	return smtp_server_tls_done(
	    session_engine(((struct fs_sess *)sess)->s), ok, out);
}

static long
fs_timeout(void *sess)
{
	return smtp_server_timeout(session_engine(((struct fs_sess *)sess)->s));
}

static long
fs_delay(void *sess)
{
	return smtp_server_delay(session_engine(((struct fs_sess *)sess)->s));
}

static void
fs_close(void *sess)
{
	struct fs_sess *g = sess;

	session_free(g->s);	/* an open message: fs_store_abort */
	free(g);
}

/* fs_ready - the writer has answered an OPEN (a transaction waits, or
   it said why not), or it is gone: either way begin answers for itself */
static bool
fs_ready(void *arg)
{
	struct frontend_store *st = arg;

	return st->opened || st->dead;
}

static void
fs_detach(void *arg)
{
	struct frontend_store *st = arg;

	if (st->rev != NULL)
		event_free(st->rev);
	if (st->wev != NULL)
		event_free(st->wev);
	st->rev = st->wev = NULL;
	st->fe = NULL;
}

struct frontend_store *
frontend_session_new(struct cf *cf, int qw_fd, struct frontend_session_ops *ops)
{
	struct frontend_store *st = xcalloc(1, sizeof(*st));

	st->cf = cf;
	st->qw = qw_client_new(qw_fd, fs_on_event, st);
	st->store.ctx = st;
	st->store.begin = fs_store_begin;
	st->store.body = fs_store_body;
	st->store.end = fs_store_end;
	st->store.abort = fs_store_abort;
	st->store.run = fs_store_run;
	memset(ops, 0, sizeof(*ops));
	ops->arg = st;
	ops->attach = fs_attach;
	ops->open = fs_open;
	ops->greet_pause = fs_greet_pause;
	ops->greet = fs_greet;
	ops->input = fs_input;
	ops->resume = fs_resume;
	ops->timeout_expired = fs_timeout_expired;
	ops->eof = fs_eof;
	ops->tls_info = fs_tls_info;
	ops->tls_done = fs_tls_done;
	ops->timeout = fs_timeout;
	ops->delay = fs_delay;
	ops->close = fs_close;
	ops->detach = fs_detach;
	ops->ready = fs_ready;
	return st;
}

void
frontend_session_free(struct frontend_store *st)
{
	struct fs_txn *t;

	if (st == NULL)
		return;
	while ((t = st->txns) != NULL) {
		st->txns = t->next;
		free(t);
	}
	qw_client_free(st->qw);
	free(st);
}
