/*
 * test_mailq.c - the queue end to end in a scratch directory: queue
 * groups and directories, commit (files, modes, the lock), recovery, and
 * the mailq listing in sendmail 8.17's format (the byte-exact comparison
 * with the real binary is tests/golden/check-bp.sh).
 */
#include "cf/cf.h"
#include "cf/option.h"
#include "queue/mailq.h"
#include "queue/queue.h"
#include "t.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char base[64];

/* load - a .cf holding text, queue options relative to base */
static struct cf *
load(const char *text)
{
	static const struct cf_override noprobe[] = {
		{ "DontProbeInterfaces", "true" } };
	struct cf_load_args a;
	char path[128];
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

/* listing - mailq_print into a string (caller frees) */
static char *
listing(const struct queue_dirs *qd, const struct mailq_opts *o)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	mailq_print(f, qd, o);
	fclose(f);
	return text;
}

/* prt - mailq_prtstr into a string */
static char *
prt(const char *s, int ml)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	mailq_prtstr(f, s, ml);
	fclose(f);
	return text;
}

/* exists - is there a file at base/rel? */
static bool
exists(const char *dir, const char *prefix, const char *qid)
{
	char p[256];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s%s", dir, prefix, qid);
	return stat(p, &st) == 0;
}

/* commit - queue one message; returns 0 and its qid in e->qid */
static int
commit(const struct cf *cf, const struct queue_dirs *qd, struct envelope *e,
    const char *body, struct queue_txn *t, bool keep)
{
	struct buf err = BUF_INIT;
	int r;

	if (queue_commit_begin(t, cf, qd, NULL, 0, &err) < 0) {
		fprintf(stderr, "begin: %s\n", buf_str(&err));
		buf_free(&err);
		return -1;
	}
	fputs(body, t->df);
	r = queue_commit(t, e, &err);
	if (r < 0) {
		fprintf(stderr, "  commit: %s\n", buf_str(&err));
		queue_commit_abort(t);
	} else if (!keep)
		queue_commit_close(t);
	buf_free(&err);
	return r;
}

/* message - a plain envelope */
static void
message(struct envelope *e, const char *from, const char *to, long pri)
{
	envelope_init(e);
	e->ctime = 1795503198;	/* Tue Nov 24 06:53:18 2026 UTC */
	e->priority = pri;
	e->sender = xstrdup(from);
	envelope_add_rcpt(e, to)->flags = RCPT_PRIMARY;
	hdr_add(&e->headers, "Subject", "test");
}

static void
test_prtstr(void)
{
	char *s;

	/* seen from the real mailq: the 39-column sender budget */
	s = prt("<al\\ice\001\t\201\351 x@mx.example.com>", 39);
	T_STREQ(s, "<al\\\\ice\\001\\011\\201\\351 x@mx.example.c");
	free(s);
	s = prt("abc", 2);
	T_STREQ(s, "ab");
	free(s);
	s = prt("\001\002", 4);		/* 4 - 1 - 3 = 0: not even one fits */
	T_STREQ(s, "");
	free(s);
	s = prt("\001\002", 5);
	T_STREQ(s, "\\001");
	free(s);
	s = prt("a\\", 2);		/* the backslash needs two columns */
	T_STREQ(s, "a");
	free(s);
}

static void
test_queue(void)
{
	struct buf text = BUF_INIT, err = BUF_INIT, want = BUF_INIT;
	struct queue_dirs qd;
	struct mailq_opts o;
	struct queue_txn t;
	struct envelope e, e2;
	struct queue_limit lim[2];
	struct stat st;
	struct cf *cf;
	char qdir[128], id1[QID_MAX], id2[QID_MAX], *s;
	int fd;

	snprintf(qdir, sizeof(qdir), "%s/mqueue", base);
	T_CHECK(mkdir(qdir, 0700) == 0);
	buf_addf(&text, "V10\nO QueueDirectory=%s\nO SuperSafe=True\n"
	    "O QueueFileMode=0640\n", qdir);
	cf = load(buf_str(&text));
	T_CHECK(cf != NULL);
	T_INTEQ(queue_dir_setup(cf, &qd, &err), 0);
	T_INTEQ(qd.ngroups, 1);
	T_STREQ(qd.groups[0].name, "mqueue");
	T_INTEQ(qd.groups[0].npaths, 1);
	T_STREQ(qd.groups[0].paths[0].name, ".");

	memset(&o, 0, sizeof(o));
	o.scan.doall = true;
	o.scan.sort = OPT_QSO_PRIORITY;
	o.scan.queue_la = 1000;
	o.scan.now = time(NULL);

	/* empty */
	s = listing(&qd, &o);
	buf_reset(&want);
	buf_addf(&want, "%s is empty\n\t\tTotal requests: 0\n", qdir);
	T_STREQ(s, buf_str(&want));
	free(s);

	/* two messages; the first stays locked */
	message(&e, "alice@example.com", "bob@example.org", 30100);
	T_INTEQ(commit(cf, &qd, &e, "hello\n", &t, true), 0);
	snprintf(id1, sizeof(id1), "%s", e.qid);
	T_CHECK(qid_valid(id1));
	T_CHECK(exists(qdir, "qf", id1) && exists(qdir, "df", id1));
	T_CHECK(!exists(qdir, "tf", id1));
	T_INTEQ(e.msgsize, 6);
	buf_reset(&text);
	buf_addf(&text, "%s/qf%s", qdir, id1);
	T_CHECK(stat(buf_str(&text), &st) == 0 && (st.st_mode & 0777) == 0640);
	fd = open(buf_str(&text), O_RDONLY);
	T_CHECK(fd >= 0 && queue_lock_busy(fd));
	close(fd);
	/* what is on disk reads back */
	envelope_init(&e2);
	T_INTEQ(queue_read_qf(buf_str(&text), NULL, &e2, &err), QF_OK);
	T_STREQ(e2.sender, "alice@example.com");
	envelope_free(&e2);
	envelope_free(&e);

	message(&e, "<>", "carol\\x\001@example.net", 100);
	free(e.sender);
	e.sender = xstrdup("");
	e.message = xstrdup("Deferred: Connection refused by example.net.");
	e.bodytype = xstrdup("8BITMIME");
	{
		struct queue_txn t2;

		T_INTEQ(commit(cf, &qd, &e, "a\nbb\n", &t2, false), 0);
	}
	snprintf(id2, sizeof(id2), "%s", e.qid);
	envelope_free(&e);

	s = listing(&qd, &o);
	buf_reset(&want);
	buf_addf(&want, "\t\t%s (2 requests)\n"
	    "-----Q-ID----- --Size-- -----Q-Time----- "
	    "------------Sender/Recipient-----------\n"
	    "%s        5 Tue Nov 24 06:53 <>\n"
	    "      8BITMIME   (Deferred: Connection refused by example.net.)\n"
	    "\t\t\t\t\t <carol\\\\x\\001@example.net>\n"
	    "%s*       6 Tue Nov 24 06:53 <alice@example.com>\n"
	    "\t\t\t\t\t <bob@example.org>\n"
	    "\t\tTotal requests: 2\n", qdir, id2, id1);
	T_STREQ(s, buf_str(&want));
	free(s);

	/* verbose: priorities and the lock */
	o.verbose = true;
	s = listing(&qd, &o);
	T_CHECK(strstr(s, "-----Q-ID----- --Size-- -Priority- ---Q-Time--- "
	    "--------Sender/Recipient--------\n") != NULL);
	buf_reset(&want);
	buf_addf(&want, "%s*       6      30100 Nov 24 06:53 <alice@example.com>\n"
	    "\t\t\t\t\t\t<bob@example.org>\n", id1);
	T_CHECK(strstr(s, buf_str(&want)) != NULL);
	free(s);
	o.verbose = false;

	/* the lock goes with the transaction */
	queue_commit_close(&t);
	s = listing(&qd, &o);
	buf_reset(&want);
	buf_addf(&want, "%s        6 Tue", id1);
	T_CHECK(strstr(s, buf_str(&want)) != NULL);
	free(s);

	/* limits: -qR, -qS!, -qI, MaxQueueRunSize */
	lim[0].kind = 'R';
	lim[0].negate = false;
	lim[0].match = "CAROL";
	o.scan.limits = lim;
	o.scan.nlimits = 1;
	s = listing(&qd, &o);
	T_CHECK(strstr(s, "(1 request)") != NULL && strstr(s, id2) != NULL);
	free(s);
	lim[0].kind = 'S';
	lim[0].negate = true;
	lim[0].match = "alice";
	s = listing(&qd, &o);
	T_CHECK(strstr(s, "(1 request)") != NULL && strstr(s, id2) != NULL);
	free(s);
	lim[0].kind = 'I';
	lim[0].negate = false;
	lim[0].match = id1;
	lim[1].kind = 'I';
	lim[1].negate = false;
	lim[1].match = "no such id";
	o.scan.nlimits = 2;
	s = listing(&qd, &o);
	T_CHECK(strstr(s, "(1 request)") != NULL && strstr(s, id1) != NULL);
	free(s);
	o.scan.nlimits = 0;
	o.scan.max_run = 1;
	s = listing(&qd, &o);
	T_CHECK(strstr(s, "(2 requests, only 1 printed)") != NULL);
	free(s);
	o.scan.max_run = 0;

	/* a refused envelope leaves nothing behind */
	message(&e, "evil\nRPFD:<x@y>", "x@y", 1);
	T_INTEQ(commit(cf, &qd, &e, "x\n", &t, false), -1);
	T_CHECK(!exists(qdir, "df", e.qid) && !exists(qdir, "tf", e.qid) &&
	    !exists(qdir, "qf", t.qid) && !exists(qdir, "df", t.qid));
	envelope_free(&e);

	/* quarantine: an hf file, listed by -qQ */
	message(&e, "q@x", "r@x", 1);
	e.quarantine = xstrdup("held for review");
	T_INTEQ(commit(cf, &qd, &e, "q\n", &t, false), 0);
	T_CHECK(exists(qdir, "hf", e.qid) && !exists(qdir, "qf", e.qid));
	o.scan.mode = 'Q';
	s = listing(&qd, &o);
	T_CHECK(strstr(s, "(1 request)") != NULL &&
	    strstr(s, "\n     QUARANTINE: held for review\n") != NULL);
	free(s);
	o.scan.mode = 0;
	envelope_free(&e);

	/* recovery: a stale tf and an orphan df */
	{
		struct queue_recover_stats rs;
		FILE *f;

		struct timeval old[2] = { { time(NULL) - 60, 0 },
		    { time(NULL) - 60, 0 } };

		buf_reset(&text);
		buf_addf(&text, "%s/tfAAAAAAAA000001", qdir);
		f = fopen(buf_str(&text), "w");
		fputs("V8\nT1\n", f);
		fclose(f);
		/* a tf just made may be between its create and its lock */
		memset(&rs, 0, sizeof(rs));
		T_INTEQ(queue_recover(&qd.groups[0].paths[0], 3600, false, &rs,
		    &err), 0);
		T_INTEQ(rs.stale_tf, 0);
		T_CHECK(utimes(buf_str(&text), old) == 0);
		buf_reset(&text);
		buf_addf(&text, "%s/dfAAAAAAAA000002", qdir);
		f = fopen(buf_str(&text), "w");
		fclose(f);
		memset(&rs, 0, sizeof(rs));
		T_INTEQ(queue_recover(&qd.groups[0].paths[0], 3600, false, &rs,
		    &err), 0);
		T_INTEQ(rs.stale_tf, 1);
		T_INTEQ(rs.orphan_df, 0);	/* too young */
		T_INTEQ(queue_recover(&qd.groups[0].paths[0], 0, true, &rs, &err),
		    0);
		T_INTEQ(rs.stale_tf, 1);
		T_INTEQ(rs.orphan_df, 1);
		T_INTEQ(rs.removed, 2);
		T_CHECK(exists(qdir, "qf", id1) && exists(qdir, "df", id1));
	}

	/* directory safety */
	T_INTEQ(queue_dir_safe(cf, qdir, &err), 0);
	T_CHECK(chmod(qdir, 0777) == 0);
	T_CHECK(queue_dir_safe(cf, qdir, &err) != 0 &&
	    strstr(buf_str(&err), "Not safe") != NULL);
	T_CHECK(chmod(qdir, 0770) == 0);
	T_CHECK(queue_dir_safe(cf, qdir, &err) != 0);	/* mode 0640 files? no: 0640 has no g+w */
	T_CHECK(chmod(qdir, 0700) == 0);

	/* SuperSafe=False commits too */
	queue_dir_free(&qd);
	cf_free(cf);
	buf_reset(&text);
	buf_addf(&text, "V10\nO QueueDirectory=%s\nO SuperSafe=False\n", qdir);
	cf = load(buf_str(&text));
	T_INTEQ(queue_dir_setup(cf, &qd, &err), 0);
	message(&e, "f@x", "r@x", 1);
	T_INTEQ(commit(cf, &qd, &e, "x\n", &t, false), 0);
	T_CHECK(exists(qdir, "qf", e.qid));
	envelope_free(&e);
	queue_dir_free(&qd);
	cf_free(cf);
	buf_free(&text);
	buf_free(&err);
	buf_free(&want);
}

static void
test_groups(void)
{
	struct buf text = BUF_INIT, err = BUF_INIT, name = BUF_INIT;
	struct queue_dirs qd;
	struct cf *cf;
	char d[256];

	/* a wildcard base: q1 (with df/), q2; "other" does not match */
	snprintf(d, sizeof(d), "%s/g", base);
	mkdir(d, 0700);
	snprintf(d, sizeof(d), "%s/g/q1", base);
	mkdir(d, 0700);
	snprintf(d, sizeof(d), "%s/g/q1/df", base);
	mkdir(d, 0700);
	snprintf(d, sizeof(d), "%s/g/q2", base);
	mkdir(d, 0700);
	snprintf(d, sizeof(d), "%s/g/other", base);
	mkdir(d, 0700);
	snprintf(d, sizeof(d), "%s/g/slow", base);
	mkdir(d, 0700);
	buf_addf(&text, "V10\nO QueueDirectory=%s/g/q*\n"
	    "Qslow, P=%s/g/slow, F=f, R=2, J=5, r=10, I=2\n", base, base);
	cf = load(buf_str(&text));
	T_INTEQ(queue_dir_setup(cf, &qd, &err), 0);
	T_INTEQ(qd.ngroups, 2);
	T_STREQ(qd.groups[0].name, "mqueue");
	T_INTEQ(qd.groups[0].npaths, 2);
	T_STREQ(qd.groups[1].name, "slow");
	T_INTEQ(qd.groups[1].maxlist, 5);
	T_INTEQ(qd.groups[1].maxrcpt, 10);
	T_INTEQ(qd.groups[1].runners, 2);
	T_INTEQ(qd.groups[1].interval, 120);
	if (qd.ngroups == 2 && qd.groups[0].npaths == 2) {
		size_t i;

		for (i = 0; i < 2; i++) {
			const struct queue_path *qp = &qd.groups[0].paths[i];

			queue_dir_print(&qd.groups[0], qp, &name);
			if (strcmp(qp->name, "q1") == 0) {
				T_INTEQ(qp->subdirs, QUEUE_SUBDF);
				snprintf(d, sizeof(d), "%s/g/q1/df", base);
			} else
				snprintf(d, sizeof(d), "%s/g/q2", base);
			T_STREQ(buf_str(&name), d);
		}
		queue_dir_print(&qd.groups[1], &qd.groups[1].paths[0], &name);
		snprintf(d, sizeof(d), "%s/g/slow", base);
		T_STREQ(buf_str(&name), d);
		queue_dir_file(&qd.groups[0].paths[0], 'd', "X", NULL, &name);
		T_CHECK(strcmp(buf_str(&name), "q1/df/dfX") == 0 ||
		    strcmp(buf_str(&name), "q2/dfX") == 0);
	}
	queue_dir_free(&qd);
	cf_free(cf);

	/* sendmail's complaints */
	buf_reset(&text);
	buf_addf(&text, "V10\nO QueueDirectory=%s/nonexistent\n", base);
	cf = load(buf_str(&text));
	T_INTEQ(queue_dir_setup(cf, &qd, &err), -1);
	buf_reset(&name);
	buf_addf(&name, "can not chdir(%s/nonexistent/): No such file or "
	    "directory", base);
	T_STREQ(buf_str(&err), buf_str(&name));
	queue_dir_free(&qd);
	cf_free(cf);
	buf_reset(&text);
	buf_addf(&text, "V10\nO QueueDirectory=%s/g/slow\nQx, P=/elsewhere\n",
	    base);
	cf = load(buf_str(&text));
	T_INTEQ(queue_dir_setup(cf, &qd, &err), -1);
	T_CHECK(strstr(buf_str(&err), "QueuePath /elsewhere not subpath of "
	    "QueueDirectory") != NULL);
	queue_dir_free(&qd);
	cf_free(cf);
	buf_free(&text);
	buf_free(&err);
	buf_free(&name);
}

int
main(void)
{
	char cmd[128];

	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(base, sizeof(base), "/tmp/test_mailq.XXXXXX");
	if (mkdtemp(base) == NULL)
		return 2;
	test_prtstr();
	test_queue();
	test_groups();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", base);
	T_DONE();
}
