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

enum qw_txn_state {
	QW_TX_OPEN,		/* df open, body coming */
	QW_TX_FAILED,		/* refused (reply kept): waits for COMMIT or ABORT */
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
};

/* qw_conn_close_child - qw_server_child_close for one connection */
void qw_conn_close_child(struct qw_conn *);

#endif
