/*
 * qw_int.h - the writer's private structures, shared by qw_server.c
 * (the poll loop) and qw_conn.c (one connection's state machine).
 * Internal to src/qwriter.
 */
#ifndef TERN_QW_INT_H
#define TERN_QW_INT_H

#include "qwriter/qwriter.h"
#include "queue/queue.h"

#define QW_BUCKETS	1024	/* txid hash chains per connection */
#define QW_GROUP_MAX	128	/* prepared commits per group commit */

enum qw_txn_state {
	QW_TX_OPEN,		/* df open, body coming */
	QW_TX_FAILED,		/* refused (reply kept): waits for COMMIT or ABORT */
	QW_TX_COMMITTING,	/* prepared (tf written), in the server's group:
				   answered by qw_server_commit */
};

struct qw_txn {
	uint32_t txid;
	enum qw_txn_state state;
	bool have_q;		/* q holds an open df */
	bool in_env;		/* ENVELOPE began: no more BODY */
	struct queue_txn q;
	unsigned long long bodylen;
	char reply[QW_REPLY_MAX + 1];	/* QW_TX_FAILED: the answer to COMMIT */
	struct qw_txn *next;	/* hash chain */
	struct qw_conn *conn;	/* QW_TX_COMMITTING: its connection */
	size_t gidx;		/* QW_TX_COMMITTING: its index in s->group */
};

struct qw_conn {
	struct qw_server *s;
	int fd;			/* -1: driven directly (tests, fuzzer) */
	struct qw_txn *bucket[QW_BUCKETS];
	size_t ntxns;
	struct buf ctl;		/* control text of the txn in ENVELOPE */
	size_t ctl_len;		/* its bytes, counted even when discarded */
	uint32_t ctl_txid;
	bool ctl_active;
	struct buf out;		/* encoded answers not yet sent */
	size_t out_off;		/* first unsent byte of out */
	char violation[160];
};

struct qw_server {
	struct cf *cf;
	const struct queue_dirs *qd;
	struct qw_hooks hooks;
	struct qw_conn **conns;
	size_t nconns, conncap;
	volatile sig_atomic_t *stop;
	struct qw_stats stats;
	unsigned char *rbuf;	/* QW_FRAME_MAX + 1: one datagram */
	/* the group commit (qw_group.c): prepared COMMITs not yet answered */
	struct qw_txn **group;		/* QW_GROUP_MAX */
	size_t ngroup;
	struct queue_txn **gtv;		/* QW_GROUP_MAX, for queue_commit_group */
	struct queue_commit_result *gres;	/* QW_GROUP_MAX */
	struct qw_done {
		char qid[QID_MAX];
		const struct queue_path *qp;
	} *gdone;			/* QW_GROUP_MAX: for the hooks */
};

/* qw_group_init, qw_group_free - the group's arrays in s */
void qw_group_init(struct qw_server *);
void qw_group_free(struct qw_server *);

/* qw_group_add - t (prepared, QW_TX_COMMITTING) joins the group; a
 * full group is committed first */
void qw_group_add(struct qw_server *, struct qw_txn *);

/* qw_group_remove - t leaves the group uncommitted (its connection is
 * going); the caller aborts it */
void qw_group_remove(struct qw_server *, struct qw_txn *);

/* qw_conn_drop - abort t (df and tf removed), out of the group and
 * forgotten by its connection */
void qw_conn_drop(struct qw_txn *t);

/*
 * qw_conn_finish - the group's outcome r for t: COMMITTED (lock
 * released; its queue ID and directory to *done) or FAILED queued on
 * t's connection, t freed.  true if committed.
 */
bool qw_conn_finish(struct qw_txn *t, struct queue_commit_result *r,
    struct qw_done *done);

/* qw_conn_close_child - qw_server_child_close for one connection */
void qw_conn_close_child(struct qw_conn *);

#endif
