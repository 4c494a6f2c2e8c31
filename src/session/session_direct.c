/*
 * session_direct.c - the store that commits in this process (-bs): the
 * body goes straight into a df, the end is queue_commit, so the 250
 * follows a durable commit (queue/queue.h's state table).  One message
 * at a time: a direct store serves one session.
 */
#include "session/session_int.h"
#include "deliver/queue_run.h"
#include "util/detach.h"
#include "cf/cf.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#define SESSION_DIRECT_KEEP	8	/* accepted messages remembered */

struct session_direct {
	struct cf *cf;
	struct queue_dirs qd;
	bool qd_ready;
	struct queue_txn txn;
	bool txn_open;
	struct session_accepted acc[SESSION_DIRECT_KEEP];
	size_t nacc;
};

/* session_direct_new - a store on cf's queue */
struct session_direct *
session_direct_new(struct cf *cf)
{
	struct session_direct *d = xcalloc(1, sizeof(*d));

	d->cf = cf;
	return d;
}

/* direct_ready - the queue directories, once */
static bool
direct_ready(struct session_direct *d, struct smtp_reply *r)
{
	struct buf err = BUF_INIT;

	if (!d->qd_ready) {
		if (queue_dir_setup(d->cf, &d->qd, &err) != 0) {
			smtp_reply_set(r, 451, "4.3.0", "Temporary system failure: %s",
			    buf_str(&err));
			buf_free(&err);
			return false;
		}
		d->qd_ready = true;
	}
	buf_free(&err);
	return true;
}

/* direct_begin - a queue ID and its df */
static int
direct_begin(void *ctx, struct session *s, struct envelope *env,
    char qid[QID_MAX], struct smtp_reply *r)
{
	struct session_direct *d = ctx;
	struct buf err = BUF_INIT;

	(void)s;
	(void)env;
	if (d->txn_open) {	/* a second session on one direct store */
		smtp_reply_set(r, 451, "4.3.0", "Temporary system failure");
		return SMTP_REJECT;
	}
	if (!direct_ready(d, r))
		return SMTP_REJECT;
	if (queue_commit_begin(&d->txn, d->cf, &d->qd, &d->qd.groups[0], 0,
	    &err) != 0) {
		smtp_reply_set(r, 451, "4.3.0", "Temporary system failure: %s",
		    buf_str(&err));
		buf_free(&err);
		return SMTP_REJECT;
	}
	buf_free(&err);
	d->txn_open = true;
	snprintf(qid, QID_MAX, "%s", d->txn.qid);
	return SMTP_OK;
}

/* direct_body - bytes into the df */
static int
direct_body(void *ctx, struct session *s, const char *p, size_t n,
    struct smtp_reply *r)
{
	struct session_direct *d = ctx;

	(void)s;
	if (!d->txn_open || fwrite(p, 1, n, d->txn.df) != n) {
		smtp_reply_set(r, 452, "4.3.1",
		    "Insufficient disk space; try again later");
		return SMTP_REJECT;
	}
	return SMTP_OK;
}

/* direct_end - queue_commit; the message is safe when it returns 0 */
static int
direct_end(void *ctx, struct session *s, struct envelope *env,
    struct smtp_reply *r)
{
	struct session_direct *d = ctx;
	struct buf err = BUF_INIT;

	(void)s;
	if (!d->txn_open) {
		smtp_reply_set(r, 451, "4.3.0", "Message not stored");
		return SMTP_REJECT;
	}
	if (queue_commit(&d->txn, env, &err) != 0) {
		smtp_reply_set(r, 451, "4.3.0", "Temporary system failure: %s",
		    buf_str(&err));
		queue_commit_abort(&d->txn);
		d->txn_open = false;
		buf_free(&err);
		return SMTP_REJECT;
	}
	buf_free(&err);
	smtp_reply_set(r, 250, "2.0.0", "%s Message accepted for delivery",
	    d->txn.qid);
	if (d->nacc < SESSION_DIRECT_KEEP) {
		struct session_accepted *a = &d->acc[d->nacc++];

		snprintf(a->qid, sizeof(a->qid), "%s", d->txn.qid);
		a->path = d->txn.path;
	}
	queue_commit_close(&d->txn);
	d->txn_open = false;
	return SMTP_OK;
}

/* direct_abort - remove the df (and tf) of an uncommitted message */
static void
direct_abort(void *ctx, struct session *s)
{
	struct session_direct *d = ctx;

	(void)s;
	if (d->txn_open) {
		queue_commit_abort(&d->txn);
		d->txn_open = false;
	}
}

/* direct_run - ETRN in -bs: a detached child runs the queue for it */
static bool
direct_run(void *ctx, struct session *s, const char *what)
{
	struct session_direct *d = ctx;
	struct smtp_reply r;

	(void)s;
	memset(&r, 0, sizeof(r));
	if (!direct_ready(d, &r))
		return false;
	switch (proc_detach()) {
	case DETACH_FAILED:
		return false;
	case DETACH_CHILD:
		(void)queue_run_etrn(d->cf, &d->qd, what);
		_exit(0);
	default:
		break;
	}
	return true;
}

/* session_direct_store - the store's functions */
void
session_direct_store(struct session_direct *d, struct session_store *st)
{
	memset(st, 0, sizeof(*st));
	st->ctx = d;
	st->begin = direct_begin;
	st->body = direct_body;
	st->end = direct_end;
	st->abort = direct_abort;
	st->run = direct_run;
}

/* session_direct_take - the accepted messages, oldest first */
size_t
session_direct_take(struct session_direct *d, struct session_accepted *v,
    size_t max)
{
	size_t n = d->nacc < max ? d->nacc : max;

	memcpy(v, d->acc, n * sizeof(*v));
	memmove(d->acc, d->acc + n, (d->nacc - n) * sizeof(*v));
	d->nacc -= n;
	return n;
}

/* session_direct_queue - the queue directories, NULL until used */
struct queue_dirs *
session_direct_queue(struct session_direct *d)
{
	return d->qd_ready ? &d->qd : NULL;
}

/* session_direct_free - after every session using it */
void
session_direct_free(struct session_direct *d)
{
	if (d == NULL)
		return;
	direct_abort(d, NULL);
	if (d->qd_ready)
		queue_dir_free(&d->qd);
	free(d);
}
