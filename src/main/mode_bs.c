/*
 * mode_bs.c - SMTP on standard input and output (sendmail -bs).
 *
 * A thin driver: the session (session/session.h) answers the engine's
 * questions and stores each message through the direct store
 * (queue_commit in this process: 250 only after the commit); this file
 * reads fd 0 with blocking reads, writes fd 1, sleeps for slow-downs,
 * and after each 250 delivers as DeliveryMode says.
 */
#include "main/mode.h"
#include "util/detach.h"
#include "util/traffic.h"
#include "main/cmdline.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/option.h"
#include "deliver/deliver.h"
#include "deliver/queue_run.h"
#include "session/session.h"
#include "smtp/smtp_server.h"

#include <errno.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

/*
 * bs_deliver - after the 250 went out: deliver what was accepted, as
 * DeliveryMode says: interactive here and now, background in a child of
 * its own, queue and defer not at all (a queue run does it later).  A
 * message the attempt leaves undelivered simply stays queued.
 */
static void
bs_deliver(struct cf *cf, struct session_direct *d)
{
	char mode = cf->opts->delivery_mode;
	struct session_accepted acc[8];
	struct dlv_ctx dlv;
	struct qrun q;
	size_t i, n;

	n = session_direct_take(d, acc, sizeof(acc) / sizeof(acc[0]));
	if (n == 0 || (mode != OPT_DM_INTERACTIVE && mode != OPT_DM_BACKGROUND))
		return;
	if (mode == OPT_DM_BACKGROUND) {
		/* away from the client's descriptors; it stays queued if
		   the fork fails */
		int r = proc_detach();

		if (r == DETACH_FAILED)
			fprintf(stderr, "sendmail: cannot fork: %s\n",
			    strerror(errno));
		if (r != DETACH_CHILD)
			return;
	} else
		fflush(NULL);
	dlv_ctx_init(&dlv, cf);
	memset(&q, 0, sizeof(q));
	q.dlv = &dlv;
	q.qd = session_direct_queue(d);
	q.ignore_min_age = true;
	for (i = 0; i < n && q.qd != NULL; i++)
		(void)queue_run_id(&q, acc[i].path, acc[i].qid);
	dlv_ctx_free(&dlv);
	if (mode == OPT_DM_BACKGROUND)
		_exit(EX_OK);
}

/* bs_write - all of out to fd 1 (and to the -X log) */
static bool
bs_write(struct buf *out, struct traffic *tr)
{
	size_t off = 0;

	traffic_out(tr, out->data, out->len);
	while (off < out->len) {
		ssize_t n = write(1, out->data + off, out->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		off += (size_t)n;
	}
	buf_reset(out);
	return true;
}

int
mode_bs(struct cf *cf, const struct cmdline *cl)
{
	struct session_client client;
	struct session_store store;
	struct session_direct *direct;
	struct session *sess;
	struct smtp_server *srv;
	struct buf out = BUF_INIT;
	struct passwd *pw = getpwuid(getuid());
	char user[256], in[8192];
	int act, exitstat;
	struct traffic tr;

	traffic_init(&tr, cl->traffic);
	/*
	 * A client that goes away must not kill us in write(): the failed
	 * write ends the loop and the open transaction is cleaned up (as
	 * sendmail, which ignores SIGPIPE).  Killed, we would leave the df
	 * of a message whose DATA was just accepted.
	 */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		fprintf(stderr, "sendmail: cannot ignore SIGPIPE\n");
	cf->diag = stdout;
	snprintf(user, sizeof(user), "%s", pw ? pw->pw_name : "root");
	/* the mode is the process's, not the session's */
	macro_set(cf->macros, macro_id(cf->macros, "opMode", 6), "s");

	memset(&client, 0, sizeof(client));
	client.user = user;
	direct = session_direct_new(cf);
	session_direct_store(direct, &store);
	sess = session_new(cf, &client, &store);
	act = session_start(sess, &out);
	srv = session_engine(sess);
	for (;;) {
		ssize_t n;

		/* a slow-down holds the reply back: sleep first, then write */
		if (act & SMTP_ACT_DELAY) {
			sleep((unsigned)smtp_server_delay(srv));
			act = smtp_server_resume(srv, &out);
			continue;
		}
		if (!bs_write(&out, &tr))
			break;
		bs_deliver(cf, direct);
		if (act & SMTP_ACT_CLOSE)
			break;
		/* the direct store never leaves a commit pending */
		if (smtp_server_timeout(srv) > 0) {
			struct pollfd pfd = { 0, POLLIN, 0 };
			int pr = poll(&pfd, 1, (int)(smtp_server_timeout(srv) * 1000));

			if (pr == 0) {
				act = smtp_server_timeout_expired(srv, &out);
				continue;
			}
		}
		n = read(0, in, sizeof(in));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			act = smtp_server_eof(srv, &out);
		else {
			traffic_in(&tr, in, (size_t)n);
			act = smtp_server_input(srv, in, (size_t)n, &out);
		}
		if (n <= 0) {
			(void)bs_write(&out, &tr);
			break;
		}
	}
	bs_deliver(cf, direct);
	exitstat = session_exitstat(sess);
	session_free(sess);
	session_direct_free(direct);
	buf_free(&out);
	traffic_end(&tr);
	return exitstat;
}
