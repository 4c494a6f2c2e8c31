/*
 * qwriter - the queue writer and its protocol: how the unprivileged SMTP
 * front end hands accepted messages to the one process that may write
 * the queue.
 *
 * The writer (root, owns the queue directories) and the front end
 * (mailnull, parses network input) share an AF_UNIX SOCK_SEQPACKET
 * socketpair: one datagram is one frame, so boundaries are kept by the
 * kernel and a frame is never split or merged.  One front end process
 * multiplexes all its SMTP transactions over one connection, each
 * tagged with a transaction id (txid) of its own choosing.
 *
 * ---- Frames (version 1; all integers big-endian)
 *
 *   offset 0  u8   version   QW_VERSION
 *          1  u8   type      QW_T_*
 *          2  u16  flags     0 (reserved: anything else is refused)
 *          4  u32  txid
 *          8  u32  length    payload bytes; must equal the datagram's
 *                            size minus QW_HDR_LEN
 *         12  payload        0..QW_PAYLOAD_MAX bytes
 *
 *   front end -> writer
 *     OPEN      empty             start a transaction: the writer picks a
 *                                 queue directory and a queue ID and
 *                                 creates the df (queue_commit_begin)
 *     BODY      1..64 KiB         bytes of the df, as sendmail's df holds
 *                                 them: LF line ends, no dot stuffing
 *     ENVELOPE  1..64 KiB         a piece of the control file text, the
 *                                 envelope rendered by qf_write (queue/qf.h);
 *                                 pieces are joined in order.  A qf can
 *                                 exceed one frame (many recipients)
 *     COMMIT    the queue ID      commit what came: the writer parses the
 *                                 joined control text with qf_read and
 *                                 queue_commit's it with the df.  The
 *                                 payload must be the ID OPENED gave
 *     ABORT     empty             drop the transaction (df removed); no
 *                                 answer
 *   writer -> front end
 *     OPENED    the queue ID      answers OPEN; the front end needs it
 *                                 ($i) before it binds the Received: line
 *     ERROR     SMTP reply text   answers OPEN: no queue file could be
 *                                 made ("451 4.3.0 ...")
 *     COMMITTED the queue ID      answers COMMIT: the message is durable
 *                                 (queue.h's commit point passed); only
 *                                 now may the front end say 250
 *     FAILED    SMTP reply text   answers COMMIT: nothing was queued
 *                                 ("452 4.3.1 Insufficient disk space;
 *                                 try again later")
 *
 *   Reply texts are "ddd x.y.z text", 4xx or 5xx, at most QW_REPLY_MAX
 *   bytes, printable ASCII: the front end may send them to its client.
 *
 * ---- Transaction rules (the writer enforces them)
 *
 *   txid states: free -> OPEN -> (BODY*) -> (ENVELOPE+) -> COMMIT -> free
 *                any open state -> ABORT -> free
 *   - OPEN of a txid in use, BODY/ENVELOPE/COMMIT/ABORT of a free txid,
 *     BODY after ENVELOPE, COMMIT without ENVELOPE, a wrong queue ID,
 *     ENVELOPE pieces of one txid not back to back (nothing else may come
 *     between a transaction's first ENVELOPE and its COMMIT or ABORT:
 *     qw_client_commit queues them together), a control text that
 *     qf_read refuses, names a df directory (a d line) or exceeds
 *     QW_CTL_MAX, more than QW_MAX_TXNS open transactions, an unknown
 *     type, version, non-zero flags or a length that does not match: all
 *     are protocol violations.  The writer then disconnects that front
 *     end and aborts all its open transactions (their df removed).
 *   - After ERROR the txid stays open (the front end may have pipelined
 *     BODY frames already): BODY and ENVELOPE are discarded, COMMIT is
 *     answered FAILED with the same text, ABORT frees it.  The front end
 *     should ABORT it.
 *   - A body larger than MaxMessageSize (cf->opts) is not a violation
 *     (the front end should have refused it): the df is removed at once,
 *     further bytes are discarded and COMMIT gets FAILED "552 5.3.4
 *     Message size exceeds fixed maximum message size".  A write error
 *     (disk full) likewise fails the transaction at once and COMMIT gets
 *     FAILED "452 4.3.1 ...".
 *   - Nothing from the front end names a path: the writer picks the
 *     directory (queue_commit_begin on group "mqueue" of
 *     queue_dir_setup's dirs) and the ID; the qf I line (df inode) is
 *     ignored.
 *
 * ---- Trust and bounds
 *
 * The writer runs as root and treats the front end as hostile: every
 * length is checked against the datagram's real size (MSG_TRUNC), the
 * control text handed to qf_read is bounded by QW_CTL_MAX, each
 * connection holds at most QW_MAX_TXNS transactions (each one an open
 * df and tf: qw_server_new raises RLIMIT_NOFILE's soft limit to the
 * hard one), and a connection whose answers are not read stops being
 * read (its output is bounded by QW_OUT_MAX).
 *
 * ---- Group commit
 *
 * The writer commits the COMMITs of one burst of input together: each is
 * prepared as it is read (df flushed, locked tf written), and once the
 * loop has read what was waiting (or QW_GROUP_MAX are prepared) the
 * group is made durable at once -- every df and tf fsynced, each renamed
 * to its qf, then one fsync per queue directory (queue.h's
 * queue_commit_group) -- and only then is COMMITTED queued for each.
 * A member that fails gets FAILED alone; a member whose connection is
 * cut before the group commits is aborted (nothing was acknowledged).
 * While a transaction is being committed any frame for its txid is a
 * violation (the front end must wait for the answer).
 *
 * The front end trusts the writer but still decodes strictly (a reply
 * text that is not a well-formed SMTP reply, a queue ID that is not
 * qid_valid, an unknown type: the connection is treated as broken).
 */
#ifndef TERN_QWRITER_H
#define TERN_QWRITER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct cf;
struct envelope;
struct queue_dirs;
struct queue_path;

#define QW_VERSION	1
#define QW_HDR_LEN	12
#define QW_PAYLOAD_MAX	65536		/* bytes per frame */
#define QW_FRAME_MAX	(QW_HDR_LEN + QW_PAYLOAD_MAX)
#define QW_MAX_TXNS	2000		/* open transactions per connection */
#define QW_CTL_MAX	(4 * 1024 * 1024)	/* control text per message */
#define QW_REPLY_MAX	512		/* ERROR / FAILED text */
#define QW_RUN_MAX	255		/* a RUN frame's argument */
#define QW_OUT_MAX	(256 * 1024)	/* writer: answers queued per connection
					   before it stops reading that one */

enum qw_type {
	QW_T_OPEN = 1,
	QW_T_BODY = 2,
	QW_T_ENVELOPE = 3,
	QW_T_COMMIT = 4,
	QW_T_ABORT = 5,
	QW_T_RUN = 6,		/* ETRN: run the queue for ARG (txid 0,
				   payload 1..QW_RUN_MAX bytes); no answer */
	QW_T_OPENED = 0x81,
	QW_T_ERROR = 0x82,
	QW_T_COMMITTED = 0x83,
	QW_T_FAILED = 0x84,
};

/* ---- frames (qw_frame.c): pure encoding and decoding */

struct qw_frame {
	uint8_t type;
	uint32_t txid;
	const unsigned char *payload;	/* points into the decoded datagram */
	size_t len;
};

/* qw_frame_encode - append one frame to out; -1 if len > QW_PAYLOAD_MAX */
int qw_frame_encode(struct buf *out, uint8_t type, uint32_t txid,
    const void *payload, size_t len);

/*
 * qw_frame_decode - one datagram of n bytes into f (f->payload points
 * into p).  Checks the version, zero flags and that the length field
 * equals n - QW_HDR_LEN <= QW_PAYLOAD_MAX; not the type.  0, or -1 with
 * the reason (a static string) in *why.
 */
int qw_frame_decode(const void *p, size_t n, struct qw_frame *f,
    const char **why);

/* qw_frame_type_name - "OPEN", "COMMITTED" ...; "?" if unknown */
const char *qw_frame_type_name(int type);

/* qw_reply_valid - "ddd x.y.z text" as the writer may send: 4xx or 5xx,
 * printable ASCII, 1..QW_REPLY_MAX bytes */
bool qw_reply_valid(const unsigned char *p, size_t n);

/* ---- the writer (qw_server.c, qw_conn.c) */

struct qw_server;
struct qw_conn;

struct qw_hooks {
	/*
	 * committed - a message was committed (COMMITTED is queued for the
	 * front end, the qf's lock is released): start its delivery as
	 * DeliveryMode says (qw_deliver_hook does).  qp is the queue
	 * directory holding it (owned by the queue_dirs).  May be NULL.
	 */
	void (*committed)(void *arg, struct qw_server *, const char *qid,
	    const struct queue_path *qp);
	/*
	 * run - ETRN from a client: a queue run for the messages to the
	 * host arg ("#group": that queue group), in the background
	 * (qw_run_hook does).  arg is printable ASCII.  May be NULL.
	 */
	void (*run)(void *arg, struct qw_server *, const char *what);
	void *arg;
};

/* qw_run_hook - hooks.run for the daemon: a forked queue run limited
 * to recipients containing "@" ARG, or the queue group "#ARG" */
void qw_run_hook(void *arg, struct qw_server *, const char *what);

struct qw_stats {
	unsigned long opened;		/* OPENED sent */
	unsigned long open_errors;	/* ERROR sent */
	unsigned long committed;	/* COMMITTED sent */
	unsigned long failed;		/* FAILED sent */
	unsigned long aborted;		/* ABORT frames, and txns dropped with
					   their connection */
	unsigned long violations;	/* connections cut for a violation */
	unsigned long conns;		/* connections added */
	unsigned long groups;		/* group commits run (committed /
					   groups: the mean group size) */
};

/*
 * qw_server_new - a writer committing into qd with cf's options
 * (QueueFileMode, SuperSafe, MaxMessageSize).  cf, qd and hooks must
 * outlive it.  Raises the soft RLIMIT_NOFILE to the hard limit (each
 * open transaction holds its df and tf open).  Never NULL (allocation
 * failure panics).
 */
struct qw_server *qw_server_new(struct cf *, const struct queue_dirs *,
    const struct qw_hooks *);

/* qw_server_free - abort every open transaction (df removed), close
 * every connection, free s */
void qw_server_free(struct qw_server *);

/*
 * qw_server_add_conn - serve a front end on fd (one end of an AF_UNIX
 * SOCK_SEQPACKET socketpair); fd becomes non-blocking and the server's
 * to close.  0, or -1 (errno) if fd is not usable (it is then closed).
 */
int qw_server_add_conn(struct qw_server *, int fd);

/*
 * qw_server_set_stop - qw_server_run returns once *flag is non-zero; a
 * signal handler sets it (handlers only set flags).  Checked at least
 * every QW_POLL_MS.  Open transactions are left for qw_server_free.
 */
void qw_server_set_stop(struct qw_server *, volatile sig_atomic_t *flag);
#define QW_POLL_MS	250

/*
 * qw_server_run - the writer's poll loop: read frames, commit, answer,
 * call hooks.  Returns 0 when no connection is left or the stop flag is
 * set, -1 if poll fails (errno).  EINTR is not an error.
 */
int qw_server_run(struct qw_server *);

/*
 * qw_server_commit - commit the prepared group now (qw_server_run does
 * after each burst of input; direct callers of qw_conn_input do it
 * themselves): answers queued on each member's connection, hooks
 * called.  Returns how many were committed.
 */
size_t qw_server_commit(struct qw_server *);

/* qw_server_stats - counters since qw_server_new */
const struct qw_stats *qw_server_stats(const struct qw_server *);

/*
 * qw_server_child_close - in a child forked from the writer (delivery):
 * close every connection and df descriptor WITHOUT aborting anything,
 * so the child neither holds the front end's socket open nor can touch
 * the parent's transactions.  s must not be used again in the child.
 */
void qw_server_child_close(struct qw_server *);

/*
 * The connection core, sans I/O: qw_server_run feeds it datagrams; the
 * unit tests and tests/fuzz/fuzz_qwriter.c feed it directly.
 * qw_conn_new takes no fd (-1: frames only); qw_conn_input handles one
 * datagram and returns 0, or -1 on a protocol violation (the caller
 * must then qw_conn_free it, which aborts its open transactions, those
 * waiting in the group too).  A COMMIT is only prepared: its answer
 * comes with qw_server_commit.
 * Answers accumulate as encoded frames in qw_conn_output (the caller
 * consumes them: buf_reset or send).
 */
struct qw_conn *qw_conn_new(struct qw_server *, int fd);
int qw_conn_input(struct qw_conn *, const void *p, size_t n);
struct buf *qw_conn_output(struct qw_conn *);
size_t qw_conn_ntxns(const struct qw_conn *);
const char *qw_conn_violation(const struct qw_conn *);	/* last reason */
void qw_conn_free(struct qw_conn *);

/* ---- delivery after a commit (qw_deliver.c) */

struct qw_deliver {
	struct cf *cf;
	const struct queue_dirs *qd;
};

/*
 * qw_deliver_hook - a qw_hooks.committed for arg = struct qw_deliver:
 * DeliveryMode background or interactive: a detached child (double
 * fork, so the writer never waits for it) closes the writer's
 * descriptors and runs queue_run_id on the message; queue or defer:
 * nothing (a queue run takes it).  A failed fork only logs: the
 * message stays queued.
 */
void qw_deliver_hook(void *arg, struct qw_server *, const char *qid,
    const struct queue_path *qp);

/* ---- the front end's side (qw_client.c) */

enum qw_event {
	QW_EV_OPENED,		/* text: the queue ID */
	QW_EV_ERROR,		/* text: SMTP reply; the txid stays open on
				   the writer: qw_client_abort it */
	QW_EV_COMMITTED,	/* text: the queue ID; txid free again */
	QW_EV_FAILED,		/* text: SMTP reply; txid free again */
	QW_EV_DISCONNECTED,	/* txid 0, text: why; the writer is gone or
				   spoke garbage: every open transaction is
				   lost (answer 451), the client is dead */
};

/* text is NUL-terminated and valid only during the call */
typedef void (*qw_event_fn)(void *arg, uint32_t txid, enum qw_event,
    const char *text);

struct qw_client;

/* bytes queued for the writer above which the caller should stop
 * reading from sessions (qw_client_full) */
#define QW_CLIENT_HIGH	(1024 * 1024)
/* above this, qw_client_open and qw_client_body refuse (EAGAIN) */
#define QW_CLIENT_HARD	(8 * 1024 * 1024)

/*
 * qw_client_new - the front end's end of the connection: fd (made
 * non-blocking; the client closes it in qw_client_free), events to cb.
 * Nothing here blocks or polls: the caller's event loop watches fd and
 * calls qw_client_on_readable / qw_client_on_writable.
 */
struct qw_client *qw_client_new(int fd, qw_event_fn cb, void *arg);
void qw_client_free(struct qw_client *);	/* not from inside cb */
int qw_client_fd(const struct qw_client *);

/*
 * Queueing frames (nothing is sent until qw_client_on_writable).  Each
 * returns 0, or -1 with errno: EAGAIN (open: QW_MAX_TXNS transactions
 * open; open/body: more than QW_CLIENT_HARD bytes queued), EINVAL (bad
 * arguments, or qf_write refused the envelope: why in err when not NULL),
 * EPIPE (the client is disconnected).
 *
 * qw_client_open   counts an open transaction; wait for OPENED (copy
 *                  the ID to e->qid) or ERROR.
 * qw_client_body   n bytes of df (split into frames as needed).
 * qw_client_commit e rendered by qf_write, sent as ENVELOPE frames and
 *                  COMMIT(e->qid): wait for COMMITTED or FAILED (and
 *                  never abort it after this).
 * qw_client_abort  drop an open transaction (not after commit).
 */
int qw_client_open(struct qw_client *, uint32_t txid);
int qw_client_body(struct qw_client *, uint32_t txid, const void *p,
    size_t n);
int qw_client_commit(struct qw_client *, uint32_t txid,
    const struct envelope *, struct buf *err);
int qw_client_abort(struct qw_client *, uint32_t txid);
/* qw_client_run - ETRN: ask the writer for a queue run for what (a host,
 * or "#group"); printable ASCII, at most QW_RUN_MAX bytes */
int qw_client_run(struct qw_client *, const char *what);

/* qw_client_swap_cb - install cb/arg; the previous ones to *oldcb and
 * *oldarg when not NULL (qw_sync_send borrows the callback this way) */
void qw_client_swap_cb(struct qw_client *, qw_event_fn cb, void *arg,
    qw_event_fn *oldcb, void **oldarg);

size_t qw_client_pending(const struct qw_client *);	/* bytes queued */
bool qw_client_full(const struct qw_client *);	/* > QW_CLIENT_HIGH */
bool qw_client_want_write(const struct qw_client *);	/* anything queued */
size_t qw_client_open_count(const struct qw_client *);

/*
 * qw_client_on_writable - send queued frames until the socket is full;
 * qw_client_on_readable - read and dispatch every waiting answer.
 * Both return 0, or -1 once disconnected (QW_EV_DISCONNECTED was
 * delivered, once).
 */
int qw_client_on_writable(struct qw_client *);
int qw_client_on_readable(struct qw_client *);

/* ---- blocking convenience for tests and simple callers (qw_sync.c) */

/*
 * qw_sync_send - one whole message through c, waiting with poll:
 * OPEN, then (after OPENED, copied to e->qid) the body and COMMIT.
 * Returns 0 committed (e->qid set), 1 refused (ERROR or FAILED: the
 * reply in reply), -1 disconnected or timed out (timeout_ms per wait,
 * -1: none) or qf_write refused e (why in reply).  Events of other
 * transactions go to c's callback meanwhile.
 */
int qw_sync_send(struct qw_client *, uint32_t txid, struct envelope *e,
    const void *body, size_t n, int timeout_ms, struct buf *reply);

/* qw_sync_wait - poll c's fd once (timeout_ms), then on_writable and
 * on_readable; 0, or -1 disconnected/timeout */
int qw_sync_wait(struct qw_client *, int timeout_ms);

#endif
