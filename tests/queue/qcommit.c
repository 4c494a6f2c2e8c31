/*
 * qcommit.c - tern's queue from the command line, for the queue tests
 * (tests/golden/check-bp.sh, tests/queue/kill-commit.sh).  Not installed.
 *
 *   qcommit rewrite QF
 *	read a control file (queue_read_qf) and write it back (qf_write) to
 *	stdout: a qf the real sendmail wrote must come back byte for byte
 *   qcommit copy CF QF DF
 *	commit the envelope of QF with the body DF into the queue of CF with
 *	queue_commit (a new queue ID); prints the ID
 *   qcommit gen CF N
 *	commit N made-up messages (odd senders and recipients, ORCPT and
 *	ENVID with CR/LF, status messages, quarantine ...); prints the IDs
 *   qcommit loop CF LOG
 *	commit messages until killed; after each commit returns, appends
 *	"ID SIZE\n" to LOG and fsyncs it: what was acknowledged
 *   qcommit check CF LOG
 *	after a crash: every message in LOG must be whole (its qf reads,
 *	its df has the logged size), every qf must read (none is partial);
 *	stale tf and orphan df files are counted (queue_recover).  Exit 1
 *	on a violation.  Prints "logged N qf N tf N df-orphans N".
 *   qcommit recover CF
 *	remove stale tf and orphan df files (queue_recover, any age)
 */
#include "cf/cf.h"
#include "queue/queue.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* load - the .cf */
static struct cf *
load(const char *path)
{
	static const struct cf_override noprobe[] = {
		{ "DontProbeInterfaces", "true" } };
	struct cf_load_args a;
	struct cf *cf;
	FILE *diag = fopen("/dev/null", "w");

	memset(&a, 0, sizeof(a));
	a.path = path;
	a.diag = diag;
	a.options = noprobe;
	a.noptions = 1;
	cf = cf_load(&a);
	if (diag != NULL)
		fclose(diag);
	if (cf == NULL) {
		fprintf(stderr, "qcommit: cannot load %s\n", path);
		exit(2);
	}
	return cf;
}

/* slurp - a whole file */
static void
slurp(const char *path, struct buf *b)
{
	char chunk[8192];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	fclose(f);
}

/* commit_one - queue e with body; prints nothing; 0 or exits */
static int
commit_one(const struct cf *cf, const struct queue_dirs *qd,
    struct envelope *e, const char *body, size_t len)
{
	struct queue_txn t;
	struct buf err = BUF_INIT;

	if (queue_commit_begin(&t, cf, qd, NULL, 0, &err) < 0) {
		fprintf(stderr, "qcommit: %s\n", buf_str(&err));
		exit(1);
	}
	if (fwrite(body, 1, len, t.df) != len) {
		fprintf(stderr, "qcommit: cannot write the body\n");
		queue_commit_abort(&t);
		exit(1);
	}
	if (queue_commit(&t, e, &err) < 0) {
		fprintf(stderr, "qcommit: %s\n", buf_str(&err));
		queue_commit_abort(&t);
		buf_free(&err);
		return -1;
	}
	queue_commit_close(&t);
	buf_free(&err);
	return 0;
}

/* gen - a made-up message, number i */
static void
gen(struct envelope *e, int i)
{
	static const char *const senders[] = {
		"alice@mx.example.com", "", "bob\\x@www.other.org",
		"very.long.sender.address.beyond.the.column@www.other.org",
		"eight\351bit@x", "tab\there@x",
	};
	char a[64];
	struct rcpt *r;
	struct hdr *h;

	envelope_init(e);
	e->ctime = 1795503198 - i * 3600;
	e->priority = 30000 + i * 1000;
	e->sender = xstrdup(senders[i % 6]);
	if (i % 3 == 0)
		e->envid = xstrdup("id\r\n.\nRPFD:<x@y>");
	if (i % 4 == 1)
		e->message = xstrdup("Deferred: Connection refused by www.other.org.");
	if (i % 5 == 2)
		e->bodytype = xstrdup("8BITMIME");
	if (i % 7 == 3)
		e->quarantine = xstrdup("held: for review");
	if (i % 2)
		e->flags |= QF_F_WARNING;
	envelope_set_macro(e, "r", "ESMTP");
	envelope_set_macro(e, "{daemon_flags}", "c u");
	snprintf(a, sizeof(a), "rcpt%d@www.other.org", i);
	r = envelope_add_rcpt(e, a);
	r->flags = RCPT_PRIMARY;
	r->orcpt = xstrdup("rfc822;x\r\n+y");
	r->final = xstrdup("RFC822; x");
	r = envelope_add_rcpt(e, "second\001@example.net");
	r->notify = RCPT_NOTIFY_NEVER;
	if (i % 2)
		r->reply = xstrdup("Deferred: 451 4.3.0 later");
	h = hdr_add_raw(&e->headers, "Return-Path", " <$g>");
	h->flags = HDR_BINDLATE | HDR_ACHECK | HDR_CHECK;
	h->from_cf = true;
	h->mflags['P' / 8] |= 1 << ('P' % 8);
	hdr_add_raw(&e->headers, "Subject", " made up\n\tand folded \201\377");
}

/* whole - does the qf at path read completely? */
static bool
whole(const char *path)
{
	struct envelope e;
	struct buf err = BUF_INIT;
	int r;

	envelope_init(&e);
	r = queue_read_qf(path, NULL, &e, &err);
	if (r != QF_OK)
		fprintf(stderr, "qcommit: %s: %s\n", path, buf_str(&err));
	envelope_free(&e);
	buf_free(&err);
	return r == QF_OK;
}

/* check - the state after a crash (see the usage above) */
static int
check(const struct queue_dirs *qd, const char *logpath)
{
	const struct queue_path *qp = &qd->groups[0].paths[0];
	struct queue_recover_stats rs;
	struct buf p = BUF_INIT, err = BUF_INIT;
	char line[128], id[64];
	unsigned long size;
	int logged = 0, nqf = 0, bad = 0;
	struct dirent *d;
	struct stat st;
	FILE *log;
	DIR *dp;

	if ((log = fopen(logpath, "r")) != NULL) {
		while (fgets(line, sizeof(line), log) != NULL) {
			if (sscanf(line, "%63s %lu", id, &size) != 2) {
				fprintf(stderr, "qcommit: torn log line: %s", line);
				continue;	/* killed while logging: not acked */
			}
			logged++;
			/* a quarantined message is an hf file */
			queue_dir_file(qp, 'q', id, &p, NULL);
			if (stat(buf_str(&p), &st) < 0)
				queue_dir_file(qp, 'h', id, &p, NULL);
			if (!whole(buf_str(&p)))
				bad++;
			queue_dir_file(qp, 'd', id, &p, NULL);
			if (stat(buf_str(&p), &st) < 0 || (unsigned long)st.st_size != size) {
				fprintf(stderr, "qcommit: %s: acknowledged, but the "
				    "body is %s\n", id, "missing or short");
				bad++;
			}
		}
		fclose(log);
	}
	if ((dp = opendir(qp->dir)) == NULL)
		return 1;
	while ((d = readdir(dp)) != NULL) {
		if ((d->d_name[0] != 'q' && d->d_name[0] != 'h') ||
		    d->d_name[1] != 'f')
			continue;
		nqf++;
		buf_reset(&p);
		buf_addf(&p, "%s/%s", qp->dir, d->d_name);
		if (!whole(buf_str(&p)))
			bad++;
	}
	closedir(dp);
	if (queue_recover(qp, 0, false, &rs, &err) < 0)
		bad++;
	printf("logged %d qf %d tf %d df-orphans %d%s\n", logged, nqf,
	    rs.stale_tf, rs.orphan_df, bad ? " VIOLATION" : "");
	buf_free(&p);
	buf_free(&err);
	return bad ? 1 : 0;
}

int
main(int argc, char **argv)
{
	struct buf b = BUF_INIT, err = BUF_INIT, body = BUF_INIT;
	struct envelope e;
	struct queue_dirs qd;
	struct cf *cf;
	int i, n;

	if (argc == 3 && strcmp(argv[1], "rewrite") == 0) {
		envelope_init(&e);
		if (queue_read_qf(argv[2], NULL, &e, &err) != QF_OK ||
		    qf_write(&b, &e, &err) < 0) {
			fprintf(stderr, "qcommit: %s\n", buf_str(&err));
			return 1;
		}
		fwrite(b.data, 1, b.len, stdout);
		return 0;
	}
	if (argc < 3 || (argc < 4 && strcmp(argv[1], "recover") != 0)) {
		fprintf(stderr, "usage: qcommit rewrite QF | copy CF QF DF | "
		    "gen CF N | loop CF LOG | check CF LOG | recover CF\n");
		return 2;
	}
	cf = load(argv[2]);
	if (queue_dir_setup(cf, &qd, &err) < 0) {
		fprintf(stderr, "qcommit: %s\n", buf_str(&err));
		return 1;
	}
	if (strcmp(argv[1], "copy") == 0 && argc == 5) {
		envelope_init(&e);
		if (queue_read_qf(argv[3], NULL, &e, &err) != QF_OK) {
			fprintf(stderr, "qcommit: %s\n", buf_str(&err));
			return 1;
		}
		slurp(argv[4], &body);
		if (commit_one(cf, &qd, &e, buf_str(&body), body.len) < 0)
			return 1;
		printf("%s\n", e.qid);
		return 0;
	}
	if (strcmp(argv[1], "gen") == 0) {
		n = atoi(argv[3]);
		for (i = 0; i < n; i++) {
			gen(&e, i);
			buf_reset(&body);
			buf_addf(&body, "body %d\n", i);
			if (commit_one(cf, &qd, &e, buf_str(&body), body.len) < 0)
				return 1;
			printf("%s\n", e.qid);
			envelope_free(&e);
		}
		return 0;
	}
	if (strcmp(argv[1], "check") == 0)
		return check(&qd, argv[3]);
	if (strcmp(argv[1], "recover") == 0) {
		struct queue_recover_stats rs;

		if (queue_recover(&qd.groups[0].paths[0], 0, true, &rs, &err) < 0) {
			fprintf(stderr, "qcommit: %s\n", buf_str(&err));
			return 1;
		}
		printf("removed %d\n", rs.removed);
		return 0;
	}
	if (strcmp(argv[1], "loop") == 0) {
		int log = open(argv[3], O_WRONLY | O_APPEND | O_CREAT, 0600);

		if (log < 0) {
			perror(argv[3]);
			return 1;
		}
		srand((unsigned)getpid());
		for (i = 0;; i++) {
			size_t len = (size_t)(rand() % 70000), k;
			char line[64];

			buf_reset(&body);
			for (k = 0; k < len; k++)
				buf_addc(&body, k % 64 == 63 ? '\n' : 'a' + (int)(k % 26));
			gen(&e, i);
			if (commit_one(cf, &qd, &e, buf_str(&body), body.len) == 0) {
				n = snprintf(line, sizeof(line), "%s %zu\n", e.qid, len);
				if (write(log, line, (size_t)n) != n || fsync(log) < 0)
					return 1;
			}
			envelope_free(&e);
		}
	}
	fprintf(stderr, "qcommit: bad arguments\n");
	return 2;
}
