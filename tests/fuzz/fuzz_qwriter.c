/*
 * fuzz_qwriter.c - arbitrary frame sequences into the queue writer's
 * connection state machine (qw_conn_input), committing into a
 * temporary queue (SuperSafe=False, MaxMessageSize=4096).
 *
 * Input: records of [type][txid][len lo][len hi][len bytes].  A type
 * with the high bit 0x80 set sends the record's bytes as a raw datagram
 * (the decoder's input); otherwise a frame of that type (low 7 bits) is
 * built.  A COMMIT with an empty payload carries the queue ID the writer
 * gave that txid, so the fuzzer reaches qf_read and queue_commit.  After
 * the input the connection is freed: no df or tf may be left, and a
 * committed message must have both its qf and df.
 */
#include "cf/cf.h"
#include "queue/queue.h"
#include "qwriter/qwriter.h"
#include "util/msg.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct cf *cf;
static struct queue_dirs qd;
static struct qw_server *srv;
static char qdir[128];
static char base[64] = "/tmp/fuzz_qwriter.XXXXXX";

static void sweep_files(void);

/* cleanup - at exit: the temporary queue goes */
static void
cleanup(void)
{
	char p[160];

	sweep_files();
	rmdir(qdir);
	snprintf(p, sizeof(p), "%s/test.cf", base);
	unlink(p);
	rmdir(base);
}

/* sweep_files - empty the queue directory */
static void
sweep_files(void)
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

/* quiet - the writer's warnings would only slow the fuzzer down */
static void
quiet(enum msg_level l, const char *text, void *ctx)
{
	(void)l;
	(void)text;
	(void)ctx;
}

/* setup - a temporary queue and its .cf, once */
static void
setup(void)
{
	static const struct cf_override noprobe[] = {
		{ "DontProbeInterfaces", "true" } };
	struct cf_load_args a;
	struct buf err = BUF_INIT;
	char path[160];
	FILE *f;

	if (mkdtemp(base) == NULL)
		abort();
	snprintf(qdir, sizeof(qdir), "%s/mqueue", base);
	snprintf(path, sizeof(path), "%s/test.cf", base);
	if (mkdir(qdir, 0700) < 0 || (f = fopen(path, "w")) == NULL)
		abort();
	fprintf(f, "V10\nO QueueDirectory=%s\nO SuperSafe=False\n"
	    "O MaxMessageSize=4096\n", qdir);
	fclose(f);
	memset(&a, 0, sizeof(a));
	a.path = path;
	a.diag = fopen("/dev/null", "w");
	a.options = noprobe;
	a.noptions = 1;
	if ((cf = cf_load(&a)) == NULL || queue_dir_setup(cf, &qd, &err) < 0)
		abort();
	fclose(a.diag);
	buf_free(&err);
	srv = qw_server_new(cf, &qd, NULL);
	msg_set_sink(quiet, NULL);
	atexit(cleanup);
}

/* sweep - check and empty the queue: every df must have a qf */
static void
sweep(void)
{
	DIR *d = opendir(qdir);
	struct dirent *e;
	char p[512];
	struct stat st;

	if (d == NULL)
		abort();
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (e->d_name[0] == 't') {
			fprintf(stderr, "left behind: %s\n", e->d_name);
			abort();	/* a tf outlived its commit */
		}
		if (e->d_name[0] == 'd') {
			snprintf(p, sizeof(p), "%s/qf%s", qdir, e->d_name + 2);
			if (stat(p, &st) < 0) {
				snprintf(p, sizeof(p), "%s/hf%s", qdir, e->d_name + 2);
				if (stat(p, &st) < 0) {
					fprintf(stderr, "left behind: %s\n",
					    e->d_name);
					abort();	/* df left behind */
				}
			}
		}
	}
	closedir(d);
	/* only now: the checks above look for a df's qf */
	sweep_files();
}

/* harvest - remember the queue IDs OPENED gave, drop the answers */
static void
harvest(struct qw_conn *c, char qids[256][QID_MAX])
{
	struct buf *o = qw_conn_output(c);
	size_t off = 0;
	struct qw_frame f;
	const char *why;

	while (o->len - off >= QW_HDR_LEN) {
		const unsigned char *u = (const unsigned char *)o->data + off;
		size_t len = QW_HDR_LEN + ((size_t)u[8] << 24 |
		    (size_t)u[9] << 16 | (size_t)u[10] << 8 | u[11]);

		if (len > o->len - off || qw_frame_decode(u, len, &f, &why) < 0)
			abort();	/* the writer's own answers are well-formed */
		if (f.type == QW_T_OPENED && f.len < QID_MAX) {
			memcpy(qids[f.txid & 0xff], f.payload, f.len);
			qids[f.txid & 0xff][f.len] = '\0';
		} else if ((f.type == QW_T_ERROR || f.type == QW_T_FAILED) &&
		    !qw_reply_valid(f.payload, f.len))
			abort();
		off += len;
	}
	buf_reset(o);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char qids[256][QID_MAX];
	struct qw_conn *c;
	struct buf frame = BUF_INIT;
	size_t off = 0;

	if (srv == NULL)
		setup();
	memset(qids, 0, sizeof(qids));
	c = qw_conn_new(srv, -1);
	while (size - off >= 4) {
		uint8_t type = data[off];
		uint32_t txid = data[off + 1];
		size_t len = (size_t)data[off + 2] | (size_t)data[off + 3] << 8;
		const uint8_t *p = data + off + 4;
		int r;

		off += 4;
		if (len > size - off)
			len = size - off;
		off += len;
		buf_reset(&frame);
		if (type & 0x80)
			buf_add(&frame, p, len);
		else if (type == QW_T_COMMIT && len == 0)
			(void)qw_frame_encode(&frame, type, txid, qids[txid],
			    strlen(qids[txid]));
		else
			(void)qw_frame_encode(&frame, type, txid, p, len);
		r = qw_conn_input(c, frame.data, frame.len);
		/* a COMMIT is answered by the group commit: now for even
		   txids, later (more frames between) for odd ones */
		if (r == 0 && (type != QW_T_COMMIT || !(txid & 1)))
			(void)qw_server_commit(srv);
		harvest(c, qids);
		if (r < 0)
			break;
	}
	/* after a violation the writer commits what was prepared, then
	   cuts the connection; without one, what is left is aborted */
	if (size > 0 && (data[0] & 1))
		(void)qw_server_commit(srv);
	qw_conn_free(c);
	sweep();
	buf_free(&frame);
	return 0;
}
