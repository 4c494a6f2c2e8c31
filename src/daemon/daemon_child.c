/*
 * daemon_child.c - what the master's children run: the queue writer,
 * the SMTP front end and the queue runner.
 */
#include "daemon/daemon_child.h"
#include "auth/auth_sasl.h"
#include "daemon/daemon_port.h"
#include "daemon/daemon_privs.h"
#include "daemon/frontend.h"
#include "daemon/frontend_session.h"
#include "cf/cf.h"
#include "cf/option.h"
#include "deliver/deliver.h"
#include "deliver/queue_run.h"
#include "qwriter/qwriter.h"
#include "queue/queue.h"
#include "tls/tls_server.h"
#include "util/buf.h"
#include "util/log.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t child_stop;

static void
child_on_stop(int sig)
{
	(void)sig;
	child_stop = 1;
}

/* child_on_stray - SIGALRM, SIGUSR1, SIGUSR2: nothing (not SIG_IGN,
 * which programs exec'd by deliveries would inherit) */
static void
child_on_stray(int sig)
{
	(void)sig;
}

/* child_signals - the child's own handlers; the master's mask undone */
static void
child_signals(void)
{
	struct sigaction sa;
	sigset_t none;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = child_on_stop;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGHUP, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = child_on_stray;
	(void)sigaction(SIGALRM, &sa, NULL);
	(void)sigaction(SIGUSR1, &sa, NULL);
	(void)sigaction(SIGUSR2, &sa, NULL);
	sa.sa_handler = SIG_DFL;
	(void)sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
}

/*
 * writer_recover - what a killed writer (or a crash) left: unlocked tf
 * files (never committed) and df files without a control file.  A df
 * younger than an hour may belong to a -bs or queue run committing right
 * now (df comes first), so only older ones go.
 */
static void
writer_recover(const struct queue_dirs *qd)
{
	struct queue_recover_stats st;
	struct buf err = BUF_INIT;
	size_t g, p;

	for (g = 0; g < qd->ngroups; g++)
		for (p = 0; p < qd->groups[g].npaths; p++) {
			const struct queue_path *qp = &qd->groups[g].paths[p];

			memset(&st, 0, sizeof(st));
			buf_reset(&err);
			if (queue_recover(qp, 3600, true, &st, &err) < 0)
				log_line(LOG_ERR, "queue writer: %s", buf_str(&err));
			else if (st.removed > 0)
				log_line(LOG_INFO, "queue writer: %s: removed %d "
				    "incomplete control and %d orphan data files",
				    qp->dir, st.stale_tf, st.orphan_df);
		}
	buf_free(&err);
}

void
daemon_child_writer(struct cf *cf, int fd)
{
	struct queue_dirs qd;
	struct buf err = BUF_INIT;
	struct qw_deliver dl;
	struct qw_hooks hooks;
	struct qw_server *srv;

	child_signals();
	if (queue_dir_setup(cf, &qd, &err) < 0) {
		log_line(LOG_ERR, "queue writer: %s", buf_str(&err));
		_exit(EX_CONFIG);
	}
	writer_recover(&qd);
	dl.cf = cf;
	dl.qd = &qd;
	memset(&hooks, 0, sizeof(hooks));
	hooks.committed = qw_deliver_hook;
	hooks.run = qw_run_hook;
	hooks.arg = &dl;
	srv = qw_server_new(cf, &qd, &hooks);
	qw_server_set_stop(srv, &child_stop);
	if (qw_server_add_conn(srv, fd) < 0) {
		log_line(LOG_ERR, "queue writer: unusable socket");
		_exit(EX_OSERR);
	}
	/* returns when told to stop or when the front end is gone */
	if (qw_server_run(srv) < 0)
		log_line(LOG_ERR, "queue writer: poll failed");
	qw_server_free(srv);	/* uncommitted transactions: df removed */
	queue_dir_free(&qd);
	buf_free(&err);
	_exit(EX_OK);
}

void
daemon_child_frontend(struct cf *cf, int qw_fd, struct daemon_port *v,
    size_t n)
{
	struct frontend_listener ls[DAEMON_PORT_MAX];
	struct frontend_session_ops ops;
	struct frontend_config cfg;
	struct frontend_store *st;
	struct tls_server *tls;
	struct buf err = BUF_INIT;
	uid_t uid;
	gid_t gid;
	size_t i, nls = 0;
	int rc;

	child_signals();
	/*
	 * Still root: the key is readable only now (tls_server.h), and
	 * Cyrus SASL reads Sendmail.conf and loads its plugins now.
	 */
	tls = tls_server_new(cf->opts, &err);
	if (tls == NULL)
		log_line(LOG_INFO, "front end: STARTTLS not offered: %s",
		    buf_str(&err));
	buf_reset(&err);
	if (cf->opts->auth_mechanisms != NULL && auth_sasl_init(NULL) < 0)
		log_line(LOG_WARNING, "front end: Cyrus SASL unusable: no AUTH");
	if (daemon_privs_user(cf->opts, &uid, &gid) < 0) {
		log_line(LOG_ERR, "front end: no unprivileged user "
		    "(RunAsUser, DefaultUser) to run as");
		_exit(DAEMON_CHILD_PRIVS);
	}
	if (daemon_privs_drop(uid, gid, &err) < 0) {
		log_line(LOG_ERR, "front end: %s", buf_str(&err));
		_exit(DAEMON_CHILD_PRIVS);
	}
	for (i = 0; i < n && nls < DAEMON_PORT_MAX; i++) {
		if (v[i].fd < 0)
			continue;
		ls[nls].fd = v[i].fd;
		ls[nls].port = &v[i];
		nls++;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.listeners = ls;
	cfg.nlisteners = nls;
	cfg.max_sessions = cf->opts->max_daemon_children;
	cfg.rate_throttle = cf->opts->connection_rate_throttle;
	cfg.refuse_la = cf->opts->refuse_la;
	cfg.delay_la = cf->opts->delay_la;
	cfg.stop = &child_stop;
	cfg.tls = tls;
	cfg.tls_timeout = cf->opts->to[OPT_TO_STARTTLS];
	st = frontend_session_new(cf, qw_fd, &ops);
	rc = frontend_run(&cfg, &ops);
	frontend_session_free(st);
	tls_server_free(tls);
	buf_free(&err);
	_exit(rc == 0 ? EX_OK : EX_SOFTWARE);
}

void
daemon_child_runner(struct cf *cf, long interval)
{
	struct queue_dirs qd;
	struct buf err = BUF_INIT;
	struct dlv_ctx dlv;
	struct qrun q;
	long i;

	child_signals();
	if (queue_dir_setup(cf, &qd, &err) < 0) {
		log_line(LOG_ERR, "queue runner: %s", buf_str(&err));
		_exit(EX_CONFIG);
	}
	dlv_ctx_init(&dlv, cf);
	while (!child_stop) {
		memset(&q, 0, sizeof(q));
		q.dlv = &dlv;
		q.qd = &qd;
		(void)queue_run(&q);
		for (i = 0; i < interval && !child_stop; i++)
			sleep(1);
	}
	dlv_ctx_free(&dlv);
	queue_dir_free(&qd);
	buf_free(&err);
	_exit(EX_OK);
}
