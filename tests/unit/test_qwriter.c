/*
 * test_qwriter.c - the queue writer protocol: frames, the writer's
 * transaction state machine driven directly (violations, aborts,
 * limits), and a writer in a forked child serving the client over a
 * SOCK_SEQPACKET socketpair (interleaved transactions, large bodies, a
 * front end that vanishes mid-transaction).
 */
#include "t.h"
#include "cf/cf.h"
#include "cf/option.h"
#include "msg/envelope.h"
#include "queue/queue.h"
#include "qwriter/qwriter.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define QW_GROUP_MAX_TEST	128	/* qw_int.h's QW_GROUP_MAX */

static char base[64];
static char qdir[128];

/* load - a .cf of text */
static struct cf *
load(const char *text)
{
	static const struct cf_override noprobe[] = {
		{ "DontProbeInterfaces", "true" } };
	struct cf_load_args a;
	char path[160];
	char *diagtext = NULL;
	size_t len = 0;
	FILE *f, *diag;
	struct cf *cf;

	snprintf(path, sizeof(path), "%s/test.cf", base);
	if ((f = fopen(path, "w")) == NULL)
		exit(2);
	fputs(text, f);
	fclose(f);
	diag = open_memstream(&diagtext, &len);
	memset(&a, 0, sizeof(a));
	a.path = path;
	a.diag = diag;
	a.options = noprobe;
	a.noptions = 1;
	cf = cf_load(&a);
	fclose(diag);
	free(diagtext);
	return cf;
}

/* count - files in the queue whose names start with prefix ("df", "tf") */
static int
count(const char *prefix)
{
	DIR *d = opendir(qdir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

/* wipe - empty the queue directory */
static void
wipe(void)
{
	DIR *d = opendir(qdir);
	struct dirent *e;
	char p[512];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", qdir, e->d_name);
		unlink(p);
	}
	closedir(d);
}

/* file_size - of qdir/<type>f<qid>, -1 if missing */
static long
file_size(char type, const char *qid)
{
	char p[512];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%cf%s", qdir, type, qid);
	return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

/* message - a small envelope */
static void
message(struct envelope *e, int i)
{
	char a[64];

	envelope_init(e);
	e->sender = xstrdup("alice@example.com");
	snprintf(a, sizeof(a), "rcpt%d@example.org", i);
	envelope_add_rcpt(e, a)->flags = RCPT_PRIMARY;
	hdr_add_raw(&e->headers, "Subject", " test message");
	e->priority = 30000;
	e->ctime = time(NULL);
}

/* ---- frames */

static void
test_frames(void)
{
	struct buf b = BUF_INIT;
	struct qw_frame f;
	const char *why = NULL;
	unsigned char big[QW_PAYLOAD_MAX + 1];

	T_INTEQ(qw_frame_encode(&b, QW_T_BODY, 0xdeadbeef, "hello", 5), 0);
	T_INTEQ(b.len, QW_HDR_LEN + 5);
	T_INTEQ(qw_frame_decode(b.data, b.len, &f, &why), 0);
	T_INTEQ(f.type, QW_T_BODY);
	T_INTEQ(f.txid, 0xdeadbeef);
	T_INTEQ(f.len, 5);
	T_CHECK(memcmp(f.payload, "hello", 5) == 0);
	/* too short, one byte more or less than the length says */
	T_INTEQ(qw_frame_decode(b.data, QW_HDR_LEN - 1, &f, &why), -1);
	T_INTEQ(qw_frame_decode(b.data, b.len - 1, &f, &why), -1);
	buf_addc(&b, 'x');
	T_INTEQ(qw_frame_decode(b.data, b.len, &f, &why), -1);
	buf_truncate(&b, b.len - 1);
	/* version, flags */
	b.data[0] = 2;
	T_INTEQ(qw_frame_decode(b.data, b.len, &f, &why), -1);
	T_STREQ(why, "unknown protocol version");
	b.data[0] = QW_VERSION;
	b.data[3] = 1;
	T_INTEQ(qw_frame_decode(b.data, b.len, &f, &why), -1);
	T_STREQ(why, "non-zero flags");
	/* the largest payload, and one more */
	memset(big, 'a', sizeof(big));
	buf_reset(&b);
	T_INTEQ(qw_frame_encode(&b, QW_T_BODY, 1, big, QW_PAYLOAD_MAX), 0);
	T_INTEQ(qw_frame_decode(b.data, b.len, &f, &why), 0);
	T_INTEQ(qw_frame_encode(&b, QW_T_BODY, 1, big, QW_PAYLOAD_MAX + 1), -1);
	buf_reset(&b);
	T_INTEQ(qw_frame_encode(&b, QW_T_OPEN, 7, NULL, 0), 0);
	T_INTEQ(qw_frame_decode(b.data, b.len, &f, &why), 0);
	T_INTEQ(f.len, 0);
	/* replies */
	T_CHECK(qw_reply_valid((const unsigned char *)"451 4.3.0 x", 11));
	T_CHECK(qw_reply_valid((const unsigned char *)"552 5.3.4 x", 11));
	T_CHECK(!qw_reply_valid((const unsigned char *)"250 2.0.0 x", 11));
	T_CHECK(!qw_reply_valid((const unsigned char *)"451 a\r\n250", 10));
	T_CHECK(!qw_reply_valid((const unsigned char *)"45", 2));
	T_STREQ(qw_frame_type_name(QW_T_COMMITTED), "COMMITTED");
	T_STREQ(qw_frame_type_name(99), "?");
	buf_free(&b);
}

/* ---- the state machine, driven directly */

static int hook_calls;
static char hook_qid[QID_MAX];

static void
hook(void *arg, struct qw_server *s, const char *qid,
    const struct queue_path *qp)
{
	(void)arg;
	(void)s;
	hook_calls++;
	snprintf(hook_qid, sizeof(hook_qid), "%s", qid);
	/* the lock is released before the hook: a delivery may take it */
	{
		char p[512];
		int fd;

		snprintf(p, sizeof(p), "%s/qf%s", qp->dir, qid);
		fd = open(p, O_RDONLY);
		T_CHECK(fd >= 0 && !queue_lock_busy(fd));
		if (fd >= 0)
			close(fd);
	}
}

/* feed - one frame into c */
static int
feed(struct qw_conn *c, int type, uint32_t txid, const void *p, size_t n)
{
	struct buf b = BUF_INIT;
	int r;

	if (qw_frame_encode(&b, (uint8_t)type, txid, p, n) < 0)
		return -2;
	r = qw_conn_input(c, b.data, b.len);
	buf_free(&b);
	return r;
}

/* answer - take the next answer frame of c: its type, text in out */
static int
answer(struct qw_conn *c, uint32_t *txid, char *out, size_t outsz)
{
	struct buf *o = qw_conn_output(c);
	struct qw_frame f;
	const char *why;
	size_t len;

	if (o->len < QW_HDR_LEN)
		return -1;
	{
		const unsigned char *u = (const unsigned char *)o->data;

		len = QW_HDR_LEN + ((size_t)u[8] << 24 | (size_t)u[9] << 16 |
		    (size_t)u[10] << 8 | u[11]);
	}
	if (len > o->len)
		return -1;
	if (qw_frame_decode(o->data, len, &f, &why) < 0)
		return -1;
	if (txid != NULL)
		*txid = f.txid;
	snprintf(out, outsz, "%.*s", (int)f.len, (const char *)f.payload);
	memmove(o->data, o->data + len, o->len - len);
	buf_truncate(o, o->len - len);
	return f.type;
}

/* envelope_text - qf_write of e */
static void
envelope_text(const struct envelope *e, struct buf *out)
{
	struct buf err = BUF_INIT;

	buf_reset(out);
	T_INTEQ(qf_write(out, e, &err), 0);
	buf_free(&err);
}

static void
test_conn(struct cf *cf, const struct queue_dirs *qd)
{
	struct qw_hooks hooks = { .committed = hook, .arg = NULL };
	struct qw_server *s = qw_server_new(cf, qd, &hooks);
	struct qw_conn *c;
	struct envelope e, back;
	struct buf qf = BUF_INIT, err = BUF_INIT;
	char text[600], qid[QID_MAX], p[512];
	uint32_t tx;
	int i;

	wipe();
	/* a whole message */
	c = qw_conn_new(s, -1);
	T_INTEQ(feed(c, QW_T_OPEN, 1, NULL, 0), 0);
	T_INTEQ(answer(c, &tx, text, sizeof(text)), QW_T_OPENED);
	T_INTEQ(tx, 1);
	T_CHECK(qid_valid(text));
	snprintf(qid, sizeof(qid), "%.23s", text);
	T_INTEQ(file_size('d', qid), 0);
	T_INTEQ(feed(c, QW_T_BODY, 1, "line one\n", 9), 0);
	T_INTEQ(feed(c, QW_T_BODY, 1, "line two\n", 9), 0);
	message(&e, 1);
	snprintf(e.qid, sizeof(e.qid), "%s", qid);
	envelope_text(&e, &qf);
	T_INTEQ(feed(c, QW_T_ENVELOPE, 1, qf.data, 10), 0);
	T_INTEQ(feed(c, QW_T_ENVELOPE, 1, qf.data + 10, qf.len - 10), 0);
	T_INTEQ(feed(c, QW_T_COMMIT, 1, qid, strlen(qid)), 0);
	/* prepared only: the answer comes with the group commit */
	T_INTEQ(qw_conn_output(c)->len, 0);
	T_INTEQ(count("tf"), 1);
	T_INTEQ(file_size('q', qid), -1);
	T_INTEQ(qw_server_commit(s), 1);
	T_INTEQ(answer(c, &tx, text, sizeof(text)), QW_T_COMMITTED);
	T_STREQ(text, qid);
	T_INTEQ(file_size('d', qid), 18);
	T_CHECK(file_size('q', qid) > 0);
	T_INTEQ(count("tf"), 0);
	T_INTEQ(hook_calls, 1);
	T_STREQ(hook_qid, qid);
	envelope_init(&back);
	snprintf(p, sizeof(p), "%s/qf%s", qdir, qid);
	T_INTEQ(queue_read_qf(p, NULL, &back, &err), QF_OK);
	T_INTEQ(back.nrcpts, 1);
	T_STREQ(back.rcpts[0].addr, "rcpt1@example.org");
	envelope_free(&back);
	/* the txid is free again: reuse it, then abort */
	T_INTEQ(feed(c, QW_T_OPEN, 1, NULL, 0), 0);
	T_INTEQ(answer(c, NULL, text, sizeof(text)), QW_T_OPENED);
	T_INTEQ(feed(c, QW_T_BODY, 1, "x\n", 2), 0);
	T_INTEQ(count("df"), 2);
	T_INTEQ(feed(c, QW_T_ABORT, 1, NULL, 0), 0);
	T_INTEQ(count("df"), 1);
	T_INTEQ(qw_conn_ntxns(c), 0);
	T_INTEQ(qw_conn_output(c)->len, 0);	/* no answer to ABORT */

	/* over MaxMessageSize (1000 here): df removed, COMMIT gets 552 */
	T_INTEQ(feed(c, QW_T_OPEN, 2, NULL, 0), 0);
	T_INTEQ(answer(c, NULL, text, sizeof(text)), QW_T_OPENED);
	snprintf(qid, sizeof(qid), "%.23s", text);
	{
		char chunk[600];

		memset(chunk, 'a', sizeof(chunk));
		T_INTEQ(feed(c, QW_T_BODY, 2, chunk, sizeof(chunk)), 0);
		T_INTEQ(file_size('d', qid), 0);	/* buffered, not yet gone */
		T_INTEQ(feed(c, QW_T_BODY, 2, chunk, sizeof(chunk)), 0);
		T_INTEQ(file_size('d', qid), -1);
		T_INTEQ(feed(c, QW_T_BODY, 2, chunk, sizeof(chunk)), 0);
	}
	snprintf(e.qid, sizeof(e.qid), "%s", qid);
	envelope_text(&e, &qf);
	T_INTEQ(feed(c, QW_T_ENVELOPE, 2, qf.data, qf.len), 0);
	T_INTEQ(feed(c, QW_T_COMMIT, 2, qid, strlen(qid)), 0);
	T_INTEQ(answer(c, NULL, text, sizeof(text)), QW_T_FAILED);
	T_STREQ(text, "552 5.3.4 Message size exceeds fixed maximum message size");
	T_INTEQ(file_size('q', qid), -1);
	T_INTEQ(qw_conn_ntxns(c), 0);
	T_INTEQ(hook_calls, 1);

	/* many open at once, up to the cap; freeing aborts them all */
	for (i = 0; i < QW_MAX_TXNS; i++)
		if (feed(c, QW_T_OPEN, 1000 + (uint32_t)i, NULL, 0) != 0)
			break;
	T_INTEQ(i, QW_MAX_TXNS);
	T_INTEQ(count("df"), 1 + QW_MAX_TXNS);
	T_INTEQ(feed(c, QW_T_OPEN, 99999, NULL, 0), -1);
	T_CHECK(strstr(qw_conn_violation(c), "too many") != NULL);
	qw_conn_free(c);
	T_INTEQ(count("df"), 1);
	T_INTEQ(count("qf"), 1);
	T_INTEQ(count("tf"), 0);

	/* violations: each one on a fresh connection, leaving nothing */
	{
		struct {
			const char *name;
			int steps;	/* 1: BODY w/o OPEN ... */
		} v[] = {
			{ "no such transaction", 1 },
			{ "transaction already open", 2 },
			{ "commit without an envelope", 3 },
			{ "inside another transaction", 4 },	/* BODY after ENVELOPE */
			{ "inside another transaction", 5 },
			{ "not this transaction's", 6 },
			{ "unknown frame type", 7 },
			{ "df directory", 8 },
			{ "bad line", 9 },
			{ "payload not empty", 10 },
			{ "empty body frame", 11 },
			{ "control text too long", 12 },
			{ "length does not match", 13 },
		};
		size_t k;

		for (k = 0; k < sizeof(v) / sizeof(v[0]); k++) {
			int r = 0;

			c = qw_conn_new(s, -1);
			if (v[k].steps != 1) {
				T_INTEQ(feed(c, QW_T_OPEN, 5, NULL, 0), 0);
				T_INTEQ(answer(c, NULL, text, sizeof(text)), QW_T_OPENED);
				snprintf(qid, sizeof(qid), "%.23s", text);
				T_INTEQ(feed(c, QW_T_BODY, 5, "b\n", 2), 0);
			}
			snprintf(e.qid, sizeof(e.qid), "%s", qid);
			envelope_text(&e, &qf);
			switch (v[k].steps) {
			case 1:
				r = feed(c, QW_T_BODY, 5, "b\n", 2);
				break;
			case 2:
				r = feed(c, QW_T_OPEN, 5, NULL, 0);
				break;
			case 3:
				r = feed(c, QW_T_COMMIT, 5, qid, strlen(qid));
				break;
			case 4:
				T_INTEQ(feed(c, QW_T_ENVELOPE, 5, qf.data, qf.len), 0);
				r = feed(c, QW_T_BODY, 5, "b\n", 2);
				break;
			case 5:
				T_INTEQ(feed(c, QW_T_ENVELOPE, 5, qf.data, qf.len), 0);
				r = feed(c, QW_T_OPEN, 6, NULL, 0);
				break;
			case 6:
				T_INTEQ(feed(c, QW_T_ENVELOPE, 5, qf.data, qf.len), 0);
				r = feed(c, QW_T_COMMIT, 5, "AAAAAAAA000001", 14);
				break;
			case 7:
				r = feed(c, 0x42, 5, NULL, 0);
				break;
			case 8:
				buf_reset(&qf);
				buf_adds(&qf, "V8\nT1\nd../../etc\nS<a@b>\nRPFD:<c@d>\n.\n");
				T_INTEQ(feed(c, QW_T_ENVELOPE, 5, qf.data, qf.len), 0);
				r = feed(c, QW_T_COMMIT, 5, qid, strlen(qid));
				break;
			case 9:
				buf_reset(&qf);
				buf_adds(&qf, "V8\nXbogus\n.\n");
				T_INTEQ(feed(c, QW_T_ENVELOPE, 5, qf.data, qf.len), 0);
				r = feed(c, QW_T_COMMIT, 5, qid, strlen(qid));
				break;
			case 10:
				r = feed(c, QW_T_ABORT, 5, "x", 1);
				break;
			case 11:
				r = feed(c, QW_T_BODY, 5, NULL, 0);
				break;
			case 12: {
				char *big = xcalloc(1, QW_PAYLOAD_MAX);
				int j;

				memset(big, 'H', QW_PAYLOAD_MAX);
				for (j = 0; j < QW_CTL_MAX / QW_PAYLOAD_MAX; j++)
					T_INTEQ(feed(c, QW_T_ENVELOPE, 5, big,
					    QW_PAYLOAD_MAX), 0);
				r = feed(c, QW_T_ENVELOPE, 5, big, 1);
				free(big);
				break;
			}
			case 13: {
				unsigned char h[QW_HDR_LEN + 2] = {
					QW_VERSION, QW_T_BODY, 0, 0, 0, 0, 0, 5,
					0, 0, 0, 3, 'a', 'b' };

				r = qw_conn_input(c, h, sizeof(h));
				break;
			}
			}
			T_INTEQ(r, -1);
			if (strstr(qw_conn_violation(c), v[k].name) == NULL)
				fprintf(stderr, "case %zu: %s\n", k,
				    qw_conn_violation(c));
			T_CHECK(strstr(qw_conn_violation(c), v[k].name) != NULL);
			qw_conn_free(c);
			T_INTEQ(count("df"), 1);
			T_INTEQ(count("tf"), 0);
			T_INTEQ(count("qf"), 1);
		}
	}
	envelope_free(&e);
	buf_free(&qf);
	buf_free(&err);
	qw_server_free(s);
}


/* ---- the group commit, driven directly */

static char g_fail_tf[QID_MAX], g_fail_sync[QID_MAX], g_fail_link[QID_MAX];
static int g_syncdirs, g_syncdir_errno;
static bool g_syncdir_done;
static struct qw_conn *g_watch[2];
static int g_early;		/* COMMITTED seen before the directory fsync */
static int g_qf_at_syncdir;	/* qf files present when it came */
static int g_hook_before_sync;	/* committed hooks before it */

/* count_type - answer frames of type queued on c, not consumed */
static int
count_type(struct qw_conn *c, int type)
{
	struct buf *o = qw_conn_output(c);
	size_t off = 0;
	int n = 0;

	while (o->len - off >= QW_HDR_LEN) {
		const unsigned char *u = (const unsigned char *)o->data + off;

		if (u[1] == type)
			n++;
		off += QW_HDR_LEN + ((size_t)u[8] << 24 | (size_t)u[9] << 16 |
		    (size_t)u[10] << 8 | u[11]);
	}
	return n;
}

/* fault - queue_commit_fault for the group tests */
static int
fault(const struct queue_txn *t, int step)
{
	switch (step) {
	case QUEUE_STEP_TF:
		return strcmp(t->qid, g_fail_tf) == 0 ? ENOSPC : 0;
	case QUEUE_STEP_SYNC:
		return strcmp(t->qid, g_fail_sync) == 0 ? EIO : 0;
	case QUEUE_STEP_LINK:
		return strcmp(t->qid, g_fail_link) == 0 ? EIO : 0;
	case QUEUE_STEP_SYNCDIR:
		/* the renames are done; nothing is answered yet */
		g_syncdirs++;
		g_qf_at_syncdir = count("qf");
		if (g_watch[0] != NULL)
			g_early += count_type(g_watch[0], QW_T_COMMITTED);
		if (g_watch[1] != NULL)
			g_early += count_type(g_watch[1], QW_T_COMMITTED);
		g_syncdir_done = g_syncdir_errno == 0;
		return g_syncdir_errno;
	}
	return 0;
}

static void
group_hook(void *arg, struct qw_server *s, const char *qid,
    const struct queue_path *qp)
{
	(void)arg;
	(void)s;
	(void)qid;
	(void)qp;
	hook_calls++;
	if (!g_syncdir_done)
		g_hook_before_sync++;
}

/* open_tx - OPEN txid on c and some body; its queue ID to qid */
static void
open_tx(struct qw_conn *c, uint32_t txid, char qid[QID_MAX])
{
	char text[600];
	uint32_t tx;

	T_INTEQ(feed(c, QW_T_OPEN, txid, NULL, 0), 0);
	T_INTEQ(answer(c, &tx, text, sizeof(text)), QW_T_OPENED);
	T_INTEQ(tx, txid);
	snprintf(qid, QID_MAX, "%.23s", text);
}

/* commit_tx - ENVELOPE and COMMIT of txid on c */
static int
commit_tx(struct qw_conn *c, uint32_t txid, const char *qid)
{
	struct envelope e;
	struct buf qf = BUF_INIT;
	int r;

	message(&e, (int)txid);
	snprintf(e.qid, sizeof(e.qid), "%s", qid);
	envelope_text(&e, &qf);
	T_INTEQ(feed(c, QW_T_ENVELOPE, txid, qf.data, qf.len), 0);
	r = feed(c, QW_T_COMMIT, txid, qid, strlen(qid));
	envelope_free(&e);
	buf_free(&qf);
	return r;
}

static void
test_group(struct cf *cf, const struct queue_dirs *qd)
{
	struct qw_hooks hooks = { .committed = group_hook, .arg = NULL };
	struct qw_server *s;
	struct qw_conn *c[3];
	char qids[3][24][QID_MAX], text[600];
	uint32_t tx;
	int i, j, k, committed, failed;

	wipe();
	cf->opts->super_safe = OPT_SAFE_TRUE;
	queue_commit_fault = fault;
	hook_calls = 0;
	s = qw_server_new(cf, qd, &hooks);
	for (k = 0; k < 3; k++)
		c[k] = qw_conn_new(s, -1);
	g_watch[0] = c[0];
	g_watch[1] = c[1];

	/* 3 connections x 20 transactions, opened and fed interleaved */
	for (i = 0; i < 20; i++)
		for (k = 0; k < 3; k++)
			open_tx(c[k], (uint32_t)i, qids[k][i]);
	for (j = 0; j < 2; j++)
		for (i = 0; i < 20; i++)
			for (k = 0; k < 3; k++)
				T_INTEQ(feed(c[k], QW_T_BODY, (uint32_t)i,
				    "a line of body\n", 15), 0);
	/* one member's tf cannot be made, one cannot be synced, one not
	   renamed: each fails alone */
	snprintf(g_fail_tf, sizeof(g_fail_tf), "%s", qids[0][3]);
	snprintf(g_fail_sync, sizeof(g_fail_sync), "%s", qids[1][4]);
	snprintf(g_fail_link, sizeof(g_fail_link), "%s", qids[0][5]);
	for (i = 19; i >= 0; i--)
		for (k = 0; k < 3; k++)
			T_INTEQ(commit_tx(c[k], (uint32_t)i, qids[k][i]), 0);
	/* a failed prepare is answered at once; the rest wait */
	T_INTEQ(count_type(c[0], QW_T_FAILED), 1);
	T_INTEQ(answer(c[0], &tx, text, sizeof(text)), QW_T_FAILED);
	T_INTEQ(tx, 3);
	T_STREQ(text, "452 4.3.1 Insufficient disk space; try again later");
	T_INTEQ(qw_conn_output(c[0])->len, 0);
	T_INTEQ(qw_conn_output(c[1])->len, 0);
	T_INTEQ(count("tf"), 59);
	T_INTEQ(count("qf"), 0);
	T_INTEQ(file_size('d', qids[0][3]), -1);
	/* a frame for a transaction being committed is a violation, and
	   the connection's prepared members are aborted alone */
	T_INTEQ(feed(c[2], QW_T_ABORT, 7, NULL, 0), -1);
	T_CHECK(strstr(qw_conn_violation(c[2]), "being committed") != NULL);
	qw_conn_free(c[2]);
	T_INTEQ(count("tf"), 39);
	T_INTEQ(count("df"), 39);
	for (i = 0; i < 20; i++)
		T_INTEQ(file_size('d', qids[2][i]), -1);

	/* the group: one directory fsync, and nothing answered before it */
	g_syncdirs = 0;
	g_early = 0;
	g_syncdir_done = false;
	T_INTEQ(qw_server_commit(s), 37);
	T_INTEQ(g_syncdirs, 1);
	T_INTEQ(g_early, 0);
	T_INTEQ(g_qf_at_syncdir, 37);
	T_INTEQ(g_hook_before_sync, 0);
	T_INTEQ(hook_calls, 37);
	T_INTEQ(qw_server_stats(s)->groups, 1);
	committed = failed = 0;
	for (k = 0; k < 2; k++) {
		int type;

		while ((type = answer(c[k], &tx, text, sizeof(text))) > 0) {
			if (type == QW_T_COMMITTED) {
				T_STREQ(text, qids[k][tx]);
				T_CHECK(file_size('q', text) > 0);
				T_INTEQ(file_size('d', text), 30);
				committed++;
			} else {
				T_INTEQ(type, QW_T_FAILED);
				T_CHECK((k == 1 && tx == 4) || (k == 0 && tx == 5));
				T_STREQ(text, "451 4.3.0 Temporary system failure. "
				    "Please try again later.");
				T_INTEQ(file_size('d', qids[k][tx]), -1);
				T_INTEQ(file_size('q', qids[k][tx]), -1);
				failed++;
			}
		}
	}
	T_INTEQ(committed, 37);
	T_INTEQ(failed, 2);
	T_INTEQ(count("tf"), 0);
	T_INTEQ(count("qf"), 37);
	T_INTEQ(count("df"), 37);
	T_INTEQ(qw_conn_ntxns(c[0]), 0);
	T_INTEQ(qw_conn_ntxns(c[1]), 0);
	T_INTEQ(qw_server_commit(s), 0);	/* nothing left */

	/* the directory fsync fails: no member is acknowledged, but the
	   renamed messages stay queued (at worst delivered twice) */
	g_syncdir_errno = EIO;
	for (i = 0; i < 3; i++) {
		open_tx(c[0], (uint32_t)i, qids[0][i]);
		T_INTEQ(commit_tx(c[0], (uint32_t)i, qids[0][i]), 0);
	}
	T_INTEQ(qw_server_commit(s), 0);
	T_INTEQ(count_type(c[0], QW_T_FAILED), 3);
	T_INTEQ(count_type(c[0], QW_T_COMMITTED), 0);
	buf_reset(qw_conn_output(c[0]));
	T_INTEQ(count("qf"), 40);
	T_INTEQ(count("tf"), 0);
	{
		char p[512];
		int fd;

		snprintf(p, sizeof(p), "%s/qf%s", qdir, qids[0][1]);
		fd = open(p, O_RDONLY);
		T_CHECK(fd >= 0 && !queue_lock_busy(fd));	/* unlocked */
		if (fd >= 0)
			close(fd);
	}
	g_syncdir_errno = 0;

	/* a full group is committed when the next member comes */
	wipe();
	g_syncdirs = 0;
	for (i = 0; i < QW_GROUP_MAX_TEST + 2; i++) {
		char q[QID_MAX];

		open_tx(c[1], (uint32_t)(100 + i), q);
		T_INTEQ(commit_tx(c[1], (uint32_t)(100 + i), q), 0);
		if (i == QW_GROUP_MAX_TEST) {
			/* the 129th committed the first 128 */
			T_INTEQ(count_type(c[1], QW_T_COMMITTED),
			    QW_GROUP_MAX_TEST);
			T_INTEQ(g_syncdirs, 1);
			buf_reset(qw_conn_output(c[1]));
		}
	}
	T_INTEQ(qw_server_commit(s), 2);
	T_INTEQ(count_type(c[1], QW_T_COMMITTED), 2);
	T_INTEQ(g_syncdirs, 2);
	buf_reset(qw_conn_output(c[1]));

	/* freeing the server aborts prepared members too (those of
	   connections it does not own: driven directly) */
	open_tx(c[0], 1, qids[0][1]);
	T_INTEQ(commit_tx(c[0], 1, qids[0][1]), 0);
	open_tx(c[1], 1, qids[1][1]);
	T_INTEQ(commit_tx(c[1], 1, qids[1][1]), 0);
	T_INTEQ(count("tf"), 2);
	qw_conn_free(c[0]);
	T_INTEQ(count("tf"), 1);
	T_INTEQ(file_size('d', qids[0][1]), -1);
	qw_server_free(s);
	T_INTEQ(count("tf"), 0);
	T_INTEQ(file_size('d', qids[1][1]), -1);
	T_INTEQ(qw_conn_ntxns(c[1]), 0);
	qw_conn_free(c[1]);
	T_INTEQ(count("qf"), QW_GROUP_MAX_TEST + 2);

	queue_commit_fault = NULL;
	g_fail_tf[0] = g_fail_sync[0] = g_fail_link[0] = '\0';
	cf->opts->super_safe = OPT_SAFE_FALSE;
	wipe();
}

/* ---- a writer in a child, the client here */

/* spawn - fork a writer serving one end of a socketpair; the other end */
static int
spawn(struct cf *cf, const struct queue_dirs *qd, pid_t *pid)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0)
		return -1;
	if ((*pid = fork()) == 0) {
		struct qw_server *s;
		int r;

		close(sv[0]);
		s = qw_server_new(cf, qd, NULL);
		if (qw_server_add_conn(s, sv[1]) < 0)
			_exit(3);
		r = qw_server_run(s);
		qw_server_free(s);
		_exit(r == 0 ? 0 : 4);
	}
	close(sv[1]);
	return sv[0];
}

/* reap - the writer's exit status */
static int
reap(pid_t pid)
{
	int st = 0;

	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* what the asynchronous client heard */
struct heard {
	int opened, committed, failed, errors, gone;
	char qid[64][QID_MAX];	/* by txid (< 64), from OPENED */
	char done[64][QID_MAX];	/* by txid, from COMMITTED */
};

static void
listen_cb(void *arg, uint32_t txid, enum qw_event ev, const char *text)
{
	struct heard *h = arg;

	switch (ev) {
	case QW_EV_OPENED:
		h->opened++;
		if (txid < 64)
			snprintf(h->qid[txid], QID_MAX, "%s", text);
		break;
	case QW_EV_COMMITTED:
		h->committed++;
		if (txid < 64)
			snprintf(h->done[txid], QID_MAX, "%s", text);
		break;
	case QW_EV_FAILED:
		h->failed++;
		break;
	case QW_EV_ERROR:
		h->errors++;
		break;
	case QW_EV_DISCONNECTED:
		h->gone++;
		break;
	}
}

static void
test_socket(struct cf *cf, const struct queue_dirs *qd)
{
	struct heard h;
	struct qw_client *c;
	struct envelope e;
	struct buf reply = BUF_INIT, body = BUF_INIT;
	pid_t pid;
	int fd, i, j, spins;

	wipe();
	/* blocking: one message, then a large one */
	memset(&h, 0, sizeof(h));
	fd = spawn(cf, qd, &pid);
	T_CHECK(fd >= 0);
	c = qw_client_new(fd, listen_cb, &h);
	message(&e, 0);
	T_INTEQ(qw_sync_send(c, 7, &e, "hello\n", 6, 5000, &reply), 0);
	T_CHECK(qid_valid(e.qid));
	T_INTEQ(file_size('d', e.qid), 6);
	T_CHECK(file_size('q', e.qid) > 0);
	envelope_free(&e);
	for (i = 0; i < 5 * 1024 * 1024; i++)
		buf_addc(&body, i % 80 == 79 ? '\n' : 'A' + i % 26);
	message(&e, 1);
	T_INTEQ(qw_sync_send(c, 8, &e, body.data, body.len, 10000, &reply), 0);
	T_INTEQ(file_size('d', e.qid), (long)body.len);
	envelope_free(&e);
	/* an envelope qf_write refuses (a line feed in the sender) */
	message(&e, 2);
	free(e.sender);
	e.sender = xstrdup("a\nb@c");
	T_INTEQ(qw_sync_send(c, 9, &e, "x\n", 2, 5000, &reply), -1);
	envelope_free(&e);
	T_INTEQ(h.gone, 0);

	/* 40 transactions interleaved: opened together, bodies in turns,
	   committed in reverse order, every fifth aborted */
	for (i = 10; i < 50; i++)
		T_INTEQ(qw_client_open(c, (uint32_t)i), 0);
	T_INTEQ(qw_client_open_count(c), 40);
	for (spins = 0; h.opened < 40 && spins < 1000; spins++)
		if (qw_sync_wait(c, 5000) < 0)
			break;
	T_INTEQ(h.opened, 40);
	for (j = 0; j < 3; j++)
		for (i = 10; i < 50; i++) {
			char line[64];
			int n = snprintf(line, sizeof(line), "tx %d part %d\n", i, j);

			T_INTEQ(qw_client_body(c, (uint32_t)i, line, (size_t)n), 0);
		}
	for (i = 49; i >= 10; i--) {
		if (i % 5 == 0) {
			T_INTEQ(qw_client_abort(c, (uint32_t)i), 0);
			continue;
		}
		message(&e, i);
		snprintf(e.qid, sizeof(e.qid), "%s", h.qid[i]);
		T_INTEQ(qw_client_commit(c, (uint32_t)i, &e, NULL), 0);
		envelope_free(&e);
	}
	for (spins = 0; h.committed < 32 && spins < 1000; spins++)
		if (qw_sync_wait(c, 5000) < 0)
			break;
	T_INTEQ(h.committed, 32);
	T_INTEQ(h.failed, 0);
	T_INTEQ(qw_client_open_count(c), 0);
	{
		int good = 0;

		for (i = 10; i < 50; i++) {
			if (i % 5 == 0) {
				T_INTEQ(file_size('d', h.qid[i]), -1);
				continue;
			}
			if (strcmp(h.done[i], h.qid[i]) == 0 &&
			    file_size('d', h.qid[i]) == (long)(3 * strlen("tx 10 part 0\n")))
				good++;
		}
		T_INTEQ(good, 32);
	}
	T_INTEQ(count("qf"), 34);
	T_INTEQ(count("df"), 34);

	/* a front end that dies mid-transaction: nothing of it stays */
	T_INTEQ(qw_client_open(c, 60), 0);
	T_INTEQ(qw_client_open(c, 61), 0);
	while (h.opened < 42 && qw_sync_wait(c, 5000) == 0)
		;
	T_INTEQ(qw_client_body(c, 60, "partial\n", 8), 0);
	T_INTEQ(qw_client_body(c, 61, body.data, 200000), 0);
	message(&e, 61);
	snprintf(e.qid, sizeof(e.qid), "%s", h.qid[61]);
	(void)qw_client_on_writable(c);
	envelope_free(&e);
	qw_client_free(c);	/* closes the socket */
	T_INTEQ(reap(pid), 0);
	T_INTEQ(count("qf"), 34);
	T_INTEQ(count("df"), 34);
	T_INTEQ(count("tf"), 0);

	/* a writer that dies: the client says so, once */
	memset(&h, 0, sizeof(h));
	fd = spawn(cf, qd, &pid);
	c = qw_client_new(fd, listen_cb, &h);
	T_INTEQ(qw_client_open(c, 1), 0);
	while (h.opened < 1 && qw_sync_wait(c, 5000) == 0)
		;
	kill(pid, SIGKILL);
	T_INTEQ(reap(pid), 128 + SIGKILL);
	T_INTEQ(qw_client_on_readable(c), -1);
	T_INTEQ(h.gone, 1);
	T_INTEQ(qw_client_body(c, 1, "x", 1), -1);
	T_INTEQ(errno, EPIPE);
	T_INTEQ(h.gone, 1);
	qw_client_free(c);
	/* that killed writer left an orphan df: queue_recover's job */
	T_INTEQ(count("df"), 35);

	/* garbage from a "writer" */
	{
		int sv[2];
		unsigned char junk[QW_HDR_LEN] = { QW_VERSION, QW_T_COMMITTED };

		T_INTEQ(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
		memset(&h, 0, sizeof(h));
		c = qw_client_new(sv[0], listen_cb, &h);
		T_INTEQ(send(sv[1], junk, sizeof(junk), 0), (long)sizeof(junk));
		T_INTEQ(qw_client_on_readable(c), -1);
		T_INTEQ(h.gone, 1);
		T_INTEQ(h.committed, 0);
		qw_client_free(c);
		close(sv[1]);
	}
	/* a writer refuses anything but a SEQPACKET socket */
	{
		int sv[2];
		struct qw_server *s = qw_server_new(cf, qd, NULL);

		T_INTEQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
		T_INTEQ(qw_server_add_conn(s, sv[0]), -1);
		close(sv[1]);
		qw_server_free(s);
	}
	buf_free(&reply);
	buf_free(&body);
}

/* an oversized datagram cuts the connection off */
static void
test_oversize(struct cf *cf, const struct queue_dirs *qd)
{
	pid_t pid;
	int fd = spawn(cf, qd, &pid);
	char *big = xcalloc(1, QW_FRAME_MAX + 100);
	ssize_t n;

	big[0] = QW_VERSION;
	big[1] = QW_T_OPEN;
	n = send(fd, big, QW_FRAME_MAX + 100, 0);
	T_CHECK(n == QW_FRAME_MAX + 100);
	/* the writer hangs up on us */
	n = recv(fd, big, 16, 0);
	T_INTEQ(n, 0);
	close(fd);
	T_INTEQ(reap(pid), 0);
	free(big);
}

int
main(void)
{
	struct buf text = BUF_INIT, err = BUF_INIT;
	struct queue_dirs qd;
	struct cf *cf;

	signal(SIGPIPE, SIG_IGN);
	snprintf(base, sizeof(base), "/tmp/test_qwriter.XXXXXX");
	if (mkdtemp(base) == NULL)
		return 2;
	snprintf(qdir, sizeof(qdir), "%s/mqueue", base);
	if (mkdir(qdir, 0700) < 0)
		return 2;
	buf_addf(&text, "V10\nO QueueDirectory=%s\nO SuperSafe=False\n"
	    "O MaxMessageSize=1000\n", qdir);
	cf = load(buf_str(&text));
	T_CHECK(cf != NULL);
	if (cf == NULL)
		T_DONE();
	T_INTEQ(queue_dir_setup(cf, &qd, &err), 0);

	test_frames();
	test_conn(cf, &qd);
	test_group(cf, &qd);
	cf->opts->max_message_size = 0;
	test_socket(cf, &qd);
	test_oversize(cf, &qd);

	queue_dir_free(&qd);
	cf_free(cf);
	wipe();
	rmdir(qdir);
	snprintf(qdir, sizeof(qdir), "%s/test.cf", base);
	unlink(qdir);
	rmdir(base);
	buf_free(&text);
	buf_free(&err);
	T_DONE();
}
