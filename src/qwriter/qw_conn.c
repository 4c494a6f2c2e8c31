/*
 * qw_conn.c - one front end connection of the queue writer: the
 * transaction state machine, sans I/O.  Every datagram from the front
 * end comes through qw_conn_input, which checks it against the rules in
 * qwriter.h before anything touches the disk; answers are appended to
 * c->out as encoded frames.  The front end is hostile: a violation is
 * reported (-1) and the caller drops the connection, aborting its
 * transactions.
 */
#include "qwriter/qw_int.h"
#include "cf/cf.h"
#include "cf/option.h"
#include "msg/envelope.h"
#include "util/msg.h"

#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REPLY_TEMP	"451 4.3.0 Temporary system failure. Please try again later."
#define REPLY_DISK	"452 4.3.1 Insufficient disk space; try again later"
#define REPLY_SIZE	"552 5.3.4 Message size exceeds fixed maximum message size"

/* slot - the hash chain of txid */
static struct qw_txn **
slot(struct qw_conn *c, uint32_t txid)
{
	return &c->bucket[(uint32_t)(txid * 2654435761u) >> 22 & (QW_BUCKETS - 1)];
}

/* find - the open transaction txid, or NULL */
static struct qw_txn *
find(struct qw_conn *c, uint32_t txid)
{
	struct qw_txn *t;

	for (t = *slot(c, txid); t != NULL; t = t->next)
		if (t->txid == txid)
			return t;
	return NULL;
}

/* unlink_txn - take t off its chain and free it (its df already dealt with) */
static void
unlink_txn(struct qw_conn *c, struct qw_txn *t)
{
	struct qw_txn **pp;

	for (pp = slot(c, t->txid); *pp != NULL; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	c->ntxns--;
	free(t);
}

/* drop - abort t (df, and tf if prepared, removed) and forget it */
static void
drop(struct qw_conn *c, struct qw_txn *t)
{
	if (t->state == QW_TX_COMMITTING)
		qw_group_remove(c->s, t);
	if (t->have_q)
		queue_commit_abort(&t->q);
	t->have_q = false;
	if (c->ctl_active && c->ctl_txid == t->txid) {
		c->ctl_active = false;
		buf_reset(&c->ctl);
		c->ctl_len = 0;
	}
	unlink_txn(c, t);
}

/* fail - the transaction is refused: df removed now, reply kept for COMMIT */
static void
fail(struct qw_txn *t, const char *reply)
{
	if (t->have_q)
		queue_commit_abort(&t->q);
	t->have_q = false;
	t->state = QW_TX_FAILED;
	(void)snprintf(t->reply, sizeof(t->reply), "%s", reply);
}

/* violation - note why the front end is cut off; always -1 */
static int
violation(struct qw_conn *c, const struct qw_frame *f, const char *why)
{
	(void)snprintf(c->violation, sizeof(c->violation), "%s txid %lu: %s",
	    f != NULL ? qw_frame_type_name(f->type) : "frame",
	    f != NULL ? (unsigned long)f->txid : 0UL, why);
	return -1;
}

/* answer - queue one frame for the front end */
static void
answer(struct qw_conn *c, uint8_t type, uint32_t txid, const char *text)
{
	if (qw_frame_encode(&c->out, type, txid, text, strlen(text)) < 0)
		msg_panic("qwriter: answer too long");
}

/* reply_for - what to tell the client about a failure with errno e */
static const char *
reply_for(int e)
{
	return e == ENOSPC || e == EDQUOT ? REPLY_DISK : REPLY_TEMP;
}

/* do_open - OPEN: a new transaction, its df and queue ID */
static int
do_open(struct qw_conn *c, const struct qw_frame *f)
{
	struct qw_server *s = c->s;
	struct buf err = BUF_INIT;
	struct qw_txn *t, **pp;

	if (f->len != 0)
		return violation(c, f, "payload not empty");
	if (find(c, f->txid) != NULL)
		return violation(c, f, "transaction already open");
	if (c->ntxns >= QW_MAX_TXNS)
		return violation(c, f, "too many open transactions");
	t = xcalloc(1, sizeof(*t));
	t->txid = f->txid;
	pp = slot(c, f->txid);
	t->next = *pp;
	*pp = t;
	c->ntxns++;
	if (queue_commit_begin(&t->q, s->cf, s->qd, NULL, 0, &err) < 0) {
		int e = errno;

		msg_warnx("qwriter: cannot start a queue file: %s", buf_str(&err));
		/* not queue_commit_abort: after a failed begin df_path may
		   name another message's df (ID collisions) */
		buf_free(&t->q.df_path);
		buf_free(&t->q.tf_path);
		buf_free(&t->q.qf_path);
		fail(t, reply_for(e));
		answer(c, QW_T_ERROR, f->txid, t->reply);
		s->stats.open_errors++;
	} else {
		t->have_q = true;
		t->state = QW_TX_OPEN;
		answer(c, QW_T_OPENED, f->txid, t->q.qid);
		s->stats.opened++;
	}
	buf_free(&err);
	return 0;
}

/* do_body - BODY: bytes of the df */
static int
do_body(struct qw_conn *c, struct qw_txn *t, const struct qw_frame *f)
{
	long max = c->s->cf->opts->max_message_size;

	if (f->len == 0)
		return violation(c, f, "empty body frame");
	if (t->in_env)
		return violation(c, f, "body after the envelope");
	if (t->state != QW_TX_OPEN)
		return 0;	/* refused already: discarded */
	t->bodylen += f->len;
	if (max > 0 && t->bodylen > (unsigned long long)max) {
		msg_warnx("%s: qwriter: body over MaxMessageSize %ld, refused",
		    t->q.qid, max);
		fail(t, REPLY_SIZE);
		return 0;
	}
	if (fwrite(f->payload, 1, f->len, t->q.df) != f->len) {
		int e = errno;

		msg_warn("%s: qwriter: cannot write the data file", t->q.qid);
		fail(t, reply_for(e));
	}
	return 0;
}

/* do_envelope - ENVELOPE: a piece of the control text */
static int
do_envelope(struct qw_conn *c, struct qw_txn *t, const struct qw_frame *f)
{
	if (f->len == 0)
		return violation(c, f, "empty envelope frame");
	if (!c->ctl_active) {
		c->ctl_active = true;
		c->ctl_txid = t->txid;
		c->ctl_len = 0;
		buf_reset(&c->ctl);
		t->in_env = true;
	}
	if (f->len > QW_CTL_MAX - c->ctl_len)
		return violation(c, f, "control text too long");
	c->ctl_len += f->len;
	if (t->state == QW_TX_OPEN)
		buf_add(&c->ctl, f->payload, f->len);
	return 0;
}

/* parse_env - the joined control text into e; 0 or -1 (violation) */
static int
parse_env(struct qw_conn *c, const struct qw_frame *f, struct envelope *e)
{
	struct buf err = BUF_INIT;
	char where[48];
	int r;

	(void)snprintf(where, sizeof(where), "qwriter txid %lu",
	    (unsigned long)f->txid);
	/* bounded: ctl never exceeds QW_CTL_MAX (do_envelope) */
	r = qf_read(c->ctl.data, c->ctl.len, where, e, &err);
	if (r != QF_OK) {
		(void)violation(c, f, r == QF_EMPTY ? "empty control text" :
		    buf_str(&err));
		buf_free(&err);
		return -1;
	}
	buf_free(&err);
	/* the writer alone chooses where files go */
	if (e->dfdir != NULL)
		return violation(c, f, "control text names a df directory");
	e->df_dev = e->df_ino = 0;
	free(e->qdir);
	e->qdir = NULL;
	e->qid[0] = '\0';
	return 0;
}

/* do_commit - COMMIT: parse the envelope, prepare; the group answers */
static int
do_commit(struct qw_conn *c, struct qw_txn *t, const struct qw_frame *f)
{
	struct qw_server *s = c->s;
	struct buf err = BUF_INIT;
	struct envelope e;

	if (f->len == 0 || f->len >= QID_MAX)
		return violation(c, f, "bad queue ID");
	if (t->state == QW_TX_FAILED) {
		answer(c, QW_T_FAILED, t->txid, t->reply);
		s->stats.failed++;
		drop(c, t);
		return 0;
	}
	if (f->len != strlen(t->q.qid) ||
	    memcmp(f->payload, t->q.qid, f->len) != 0)
		return violation(c, f, "queue ID is not this transaction's");
	if (!c->ctl_active || c->ctl_txid != t->txid)
		return violation(c, f, "commit without an envelope");
	envelope_init(&e);
	if (parse_env(c, f, &e) < 0) {
		envelope_free(&e);
		return -1;
	}
	buf_reset(&c->ctl);
	c->ctl_len = 0;
	c->ctl_active = false;
	if (queue_commit_prepare(&t->q, &e, &err) < 0) {
		int ec = errno;

		msg_warnx("%s: qwriter: commit failed: %s", t->q.qid,
		    buf_str(&err));
		fail(t, reply_for(ec));
		answer(c, QW_T_FAILED, t->txid, t->reply);
		s->stats.failed++;
		drop(c, t);
	} else {
		/* durable, and answered, with the rest of its group */
		t->state = QW_TX_COMMITTING;
		t->conn = c;
		qw_group_add(s, t);
	}
	envelope_free(&e);
	buf_free(&err);
	return 0;
}

/* qw_conn_drop - see qw_int.h */
void
qw_conn_drop(struct qw_txn *t)
{
	t->conn->s->stats.aborted++;
	drop(t->conn, t);
}

/* qw_conn_finish - the group commit's outcome for t (see qw_int.h) */
bool
qw_conn_finish(struct qw_txn *t, struct queue_commit_result *r,
    struct qw_done *done)
{
	struct qw_conn *c = t->conn;
	struct qw_server *s = c->s;

	/* out of the group already: drop must not look for it there */
	t->state = QW_TX_OPEN;
	if (r->rc != 0) {
		msg_warnx("%s: qwriter: commit failed: %s", t->q.qid,
		    buf_str(&r->err));
		fail(t, reply_for(r->errnum));
		answer(c, QW_T_FAILED, t->txid, t->reply);
		s->stats.failed++;
		drop(c, t);
		return false;
	}
	/* the commit point and the directory fsync have passed */
	(void)snprintf(done->qid, sizeof(done->qid), "%s", t->q.qid);
	done->qp = t->q.path;
	answer(c, QW_T_COMMITTED, t->txid, done->qid);
	s->stats.committed++;
	/* the lock goes before the hook, whose delivery child locks it */
	queue_commit_close(&t->q);
	t->have_q = false;
	drop(c, t);
	return true;
}

/* do_run - ETRN: a queue run for a host, if the argument is sane */
static int
do_run(struct qw_conn *c, const struct qw_frame *f)
{
	char what[QW_RUN_MAX + 1];
	size_t i;

	if (f->txid != 0 || f->len == 0 || f->len > QW_RUN_MAX)
		return violation(c, f, "bad RUN frame");
	for (i = 0; i < f->len; i++)
		if (f->payload[i] < 0x21 || f->payload[i] > 0x7e)
			return violation(c, f, "RUN argument not printable");
	memcpy(what, f->payload, f->len);
	what[f->len] = '\0';
	if (c->s->hooks.run != NULL)
		c->s->hooks.run(c->s->hooks.arg, c->s, what);
	return 0;
}

/* qw_conn_input - one datagram from the front end */
int
qw_conn_input(struct qw_conn *c, const void *p, size_t n)
{
	struct qw_frame f;
	struct qw_txn *t;
	const char *why;

	if (qw_frame_decode(p, n, &f, &why) < 0)
		return violation(c, NULL, why);
	/* a transaction's ENVELOPE pieces and COMMIT come back to back */
	if (c->ctl_active && (f.txid != c->ctl_txid ||
	    (f.type != QW_T_ENVELOPE && f.type != QW_T_COMMIT &&
	    f.type != QW_T_ABORT)))
		return violation(c, &f, "frame inside another transaction's envelope");
	if (f.type == QW_T_OPEN)
		return do_open(c, &f);
	if (f.type == QW_T_RUN)
		return do_run(c, &f);
	if (f.type != QW_T_BODY && f.type != QW_T_ENVELOPE &&
	    f.type != QW_T_COMMIT && f.type != QW_T_ABORT)
		return violation(c, &f, "unknown frame type");
	if ((t = find(c, f.txid)) == NULL)
		return violation(c, &f, "no such transaction");
	if (t->state == QW_TX_COMMITTING)
		return violation(c, &f, "transaction is being committed");
	switch (f.type) {
	case QW_T_BODY:
		return do_body(c, t, &f);
	case QW_T_ENVELOPE:
		return do_envelope(c, t, &f);
	case QW_T_COMMIT:
		return do_commit(c, t, &f);
	default:		/* QW_T_ABORT */
		if (f.len != 0)
			return violation(c, &f, "payload not empty");
		c->s->stats.aborted++;
		drop(c, t);
		return 0;
	}
}

/* qw_conn_new - a connection's state; fd -1 for direct use */
struct qw_conn *
qw_conn_new(struct qw_server *s, int fd)
{
	struct qw_conn *c = xcalloc(1, sizeof(*c));

	c->s = s;
	c->fd = fd;
	buf_init(&c->ctl);
	buf_init(&c->out);
	return c;
}

struct buf *
qw_conn_output(struct qw_conn *c)
{
	return &c->out;
}

size_t
qw_conn_ntxns(const struct qw_conn *c)
{
	return c->ntxns;
}

const char *
qw_conn_violation(const struct qw_conn *c)
{
	return c->violation;
}

/* qw_conn_free - abort every open transaction, close fd, free c */
void
qw_conn_free(struct qw_conn *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < QW_BUCKETS; i++)
		while (c->bucket[i] != NULL) {
			c->s->stats.aborted++;
			drop(c, c->bucket[i]);
		}
	if (c->fd >= 0)
		(void)close(c->fd);
	buf_free(&c->ctl);
	buf_free(&c->out);
	free(c);
}

/*
 * qw_conn_close_child - in a forked child: close the socket and every
 * df without flushing (the parent owns those files: buffered bytes are
 * purged, never written twice) and without unlinking anything.
 */
void
qw_conn_close_child(struct qw_conn *c)
{
	struct qw_txn *t;
	size_t i;

	for (i = 0; i < QW_BUCKETS; i++)
		for (t = c->bucket[i]; t != NULL; t = t->next)
			if (t->have_q && t->q.df != NULL) {
				__fpurge(t->q.df);
				(void)fclose(t->q.df);
				t->q.df = NULL;
				/* the tf too: the child must not keep its
				   lock alive after the parent lets go */
				if (t->q.tfd >= 0)
					(void)close(t->q.tfd);
				t->q.tfd = -1;
			}
	if (c->fd >= 0)
		(void)close(c->fd);
	c->fd = -1;
}
