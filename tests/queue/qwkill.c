/*
 * qwkill.c - a queue writer and a front end that streams messages to it,
 * for tests/queue/kill-qwriter.sh.  Not installed.
 *
 *   qwkill run CF LOG PIDFILE
 *	fork a queue writer (qw_server over a SOCK_SEQPACKET socketpair,
 *	the queue of CF) and write its pid to PIDFILE; stream messages to
 *	it, 8 transactions at a time, bodies of 0-70 KB in frames of
 *	random sizes; after each COMMITTED append "ID SIZE\n" to LOG and
 *	fsync it (what an SMTP client would have been answered 250).
 *	Exits 0 when the writer goes away.
 *   qwkill bench CF N CONC SIZE
 *	commit N messages of SIZE bytes, CONC transactions in flight;
 *	prints messages per second
 */
#include "cf/cf.h"
#include "msg/envelope.h"
#include "queue/queue.h"
#include "qwriter/qwriter.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SLOTS_MAX	64

static struct cf *
load(const char *path)
{
	static const struct cf_override noprobe[] = {
		{ "DontProbeInterfaces", "true" } };
	struct cf_load_args a;
	struct cf *cf;

	memset(&a, 0, sizeof(a));
	a.path = path;
	a.diag = fopen("/dev/null", "w");
	a.options = noprobe;
	a.noptions = 1;
	cf = cf_load(&a);
	if (a.diag != NULL)
		fclose(a.diag);
	if (cf == NULL) {
		fprintf(stderr, "qwkill: cannot load %s\n", path);
		exit(2);
	}
	return cf;
}

/* writer - fork the queue writer on one end of a socketpair */
static int
writer(const char *cfpath, pid_t *pid)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0) {
		perror("socketpair");
		exit(2);
	}
	if ((*pid = fork()) < 0) {
		perror("fork");
		exit(2);
	}
	if (*pid == 0) {
		struct cf *cf = load(cfpath);
		struct queue_dirs qd;
		struct buf err = BUF_INIT;
		struct qw_server *s;

		close(sv[0]);
		if (queue_dir_setup(cf, &qd, &err) < 0) {
			fprintf(stderr, "qwkill: %s\n", buf_str(&err));
			_exit(2);
		}
		s = qw_server_new(cf, &qd, NULL);
		if (qw_server_add_conn(s, sv[1]) < 0)
			_exit(2);
		(void)qw_server_run(s);
		qw_server_free(s);
		_exit(0);
	}
	close(sv[1]);
	return sv[0];
}

/* the front end's side */
struct fe {
	struct qw_client *c;
	int log;			/* -1: do not log */
	int conc;
	long fixed;			/* body size, -1: random */
	uint32_t next;			/* next txid */
	long sizes[SLOTS_MAX];		/* body size by txid % conc */
	long committed, failed, target;
	char *body;
};

static void start(struct fe *f);

static void
on_event(void *arg, uint32_t txid, enum qw_event ev, const char *text)
{
	struct fe *f = arg;
	long size = f->sizes[txid % (uint32_t)f->conc];
	struct envelope e;
	char line[64];
	int n;

	switch (ev) {
	case QW_EV_OPENED: {
		long off = 0;

		/* frames of random sizes, as sessions would feed them */
		while (off < size) {
			long k = 1 + rand() % 20000;

			if (k > size - off)
				k = size - off;
			(void)qw_client_body(f->c, txid, f->body + off, (size_t)k);
			off += k;
		}
		envelope_init(&e);
		e.sender = xstrdup("sender@example.com");
		envelope_add_rcpt(&e, "rcpt@example.org")->flags = RCPT_PRIMARY;
		hdr_add_raw(&e.headers, "Subject", " kill test");
		e.ctime = time(NULL);
		snprintf(e.qid, sizeof(e.qid), "%s", text);
		(void)qw_client_commit(f->c, txid, &e, NULL);
		envelope_free(&e);
		break;
	}
	case QW_EV_COMMITTED:
		f->committed++;
		if (f->log >= 0) {
			n = snprintf(line, sizeof(line), "%s %ld\n", text, size);
			if (write(f->log, line, (size_t)n) != n || fsync(f->log) < 0)
				exit(1);
		}
		start(f);
		break;
	case QW_EV_FAILED:
	case QW_EV_ERROR:
		fprintf(stderr, "qwkill: %s\n", text);
		f->failed++;
		if (ev == QW_EV_ERROR)
			(void)qw_client_abort(f->c, txid);
		start(f);
		break;
	case QW_EV_DISCONNECTED:
		break;
	}
}

/* start - the next transaction, if more are wanted */
static void
start(struct fe *f)
{
	uint32_t tx;

	if (f->target > 0 && (long)f->next >= f->target)
		return;
	tx = f->next++;
	f->sizes[tx % (uint32_t)f->conc] = f->fixed >= 0 ? f->fixed :
	    rand() % 70000;
	(void)qw_client_open(f->c, tx);
}

int
main(int argc, char **argv)
{
	struct fe f;
	pid_t pid;
	int fd, i, st;
	long k;

	signal(SIGPIPE, SIG_IGN);
	memset(&f, 0, sizeof(f));
	f.body = xmalloc(200000);
	for (k = 0; k < 200000; k++)
		f.body[k] = k % 64 == 63 ? '\n' : 'a' + (char)(k % 26);
	if (argc == 5 && strcmp(argv[1], "run") == 0) {
		char tmp[512];
		FILE *pf;

		srand((unsigned)getpid());
		if ((f.log = open(argv[3], O_WRONLY | O_APPEND | O_CREAT, 0600)) < 0) {
			perror(argv[3]);
			return 2;
		}
		fd = writer(argv[2], &pid);
		snprintf(tmp, sizeof(tmp), "%s.tmp", argv[4]);
		if ((pf = fopen(tmp, "w")) == NULL)
			return 2;
		fprintf(pf, "%ld\n", (long)pid);
		if (fclose(pf) != 0 || rename(tmp, argv[4]) < 0)
			return 2;
		f.conc = 8;
		f.fixed = -1;
		f.c = qw_client_new(fd, on_event, &f);
		for (i = 0; i < f.conc; i++)
			start(&f);
		while (qw_sync_wait(f.c, 10000) == 0)
			;
		qw_client_free(f.c);
		(void)waitpid(pid, &st, 0);
		return 0;
	}
	if (argc == 6 && strcmp(argv[1], "bench") == 0) {
		struct timespec t0, t1;
		double secs;

		f.log = -1;
		f.target = atol(argv[3]);
		f.conc = atoi(argv[4]);
		f.fixed = atol(argv[5]);
		if (f.conc < 1 || f.conc > SLOTS_MAX || f.fixed < 0 ||
		    f.fixed > 200000 || f.target < 1)
			return 2;
		fd = writer(argv[2], &pid);
		f.c = qw_client_new(fd, on_event, &f);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (i = 0; i < f.conc; i++)
			start(&f);
		while (f.committed + f.failed < f.target)
			if (qw_sync_wait(f.c, 10000) < 0)
				break;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		secs = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		printf("%ld committed, %ld failed in %.2f s: %.0f messages/s\n",
		    f.committed, f.failed, secs, (double)f.committed / secs);
		qw_client_free(f.c);
		(void)waitpid(pid, &st, 0);
		return f.failed == 0 && f.committed == f.target ? 0 : 1;
	}
	fprintf(stderr, "usage: qwkill run CF LOG PIDFILE | bench CF N CONC SIZE\n");
	return 2;
}
