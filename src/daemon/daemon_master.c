/*
 * daemon_master.c - bind, detach, pid file, start and supervise the
 * children, stop and restart on signals.
 */
#include "daemon/daemon_master.h"
#include "daemon/daemon_child.h"
#include "daemon/daemon_listen.h"
#include "daemon/daemon_pidfile.h"
#include "daemon/daemon_port.h"
#include "cf/cf.h"
#include "cf/option.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/msg.h"
#include "util/version.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#define DM_BACKOFF_MAX	60	/* seconds between restarts, at most */
#define DM_STABLE	60	/* a child this old resets the backoff */
#define DM_FE_WAIT	25	/* seconds the front end gets to drain */
#define DM_WAIT		10	/* seconds the writer and runner get */

static volatile sig_atomic_t dm_term, dm_hup, dm_chld;

static void
dm_on_signal(int sig)
{
	if (sig == SIGHUP)
		dm_hup = 1;
	else if (sig == SIGCHLD)
		dm_chld = 1;
	else
		dm_term = 1;
}

enum dm_role { DM_WRITER, DM_FRONTEND, DM_RUNNER, DM_NROLES };
static const char *const dm_role_name[DM_NROLES] = {
	"queue writer", "front end", "queue runner"
};

struct dm_child {
	pid_t pid;		/* 0: not running */
	time_t started;
	time_t restart_at;	/* 0: no restart planned */
	int backoff;		/* seconds before the next restart */
};

struct dm {
	const struct daemon_master_args *a;
	struct daemon_port *ports;
	size_t nports;
	struct dm_child ch[DM_NROLES];
	const char *pidfile;
	sigset_t oldmask;
};

/* dm_say - a startup problem: on stdout (the admin's terminal) and log */
static void
dm_say(const char *text)
{
	const char *p = text, *nl;

	while (*p != '\0') {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		printf("%.*s\n", (int)(nl - p), p);
		log_line(LOG_ERR, "%.*s", (int)(nl - p), p);
		p = *nl == '\n' ? nl + 1 : nl;
	}
	fflush(stdout);
}

/* dm_on_stray - SIGALRM, SIGUSR1, SIGUSR2: nothing (their default
 * action would end the master and orphan its children; a handler, not
 * SIG_IGN, so programs exec'd later get the default back) */
static void
dm_on_stray(int sig)
{
	(void)sig;
}

/* dm_signals - handlers that set flags; the signals blocked outside ppoll */
static int
dm_signals(struct dm *m)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = dm_on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) < 0 ||
	    sigaction(SIGINT, &sa, NULL) < 0 ||
	    sigaction(SIGHUP, &sa, NULL) < 0 ||
	    sigaction(SIGCHLD, &sa, NULL) < 0)
		return -1;
	sa.sa_handler = dm_on_stray;
	(void)sigaction(SIGALRM, &sa, NULL);
	(void)sigaction(SIGUSR1, &sa, NULL);
	(void)sigaction(SIGUSR2, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGALRM);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	if (sigprocmask(SIG_BLOCK, &block, &m->oldmask) < 0)
		return -1;
	/* after a SIGHUP's execv they arrive blocked (dm_restart): ppoll
	 * must take them all the same */
	sigdelset(&m->oldmask, SIGTERM);
	sigdelset(&m->oldmask, SIGINT);
	sigdelset(&m->oldmask, SIGHUP);
	sigdelset(&m->oldmask, SIGCHLD);
	sigdelset(&m->oldmask, SIGALRM);
	sigdelset(&m->oldmask, SIGUSR1);
	sigdelset(&m->oldmask, SIGUSR2);
	return 0;
}

/* dm_fork - a child running role; 0 on success */
static int
dm_fork(struct dm *m, enum dm_role role, int fd_keep, int fd_close)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		log_line(LOG_ERR, "daemon: cannot fork the %s: %s",
		    dm_role_name[role], strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (fd_close >= 0)
			close(fd_close);
		if (role != DM_FRONTEND)
			daemon_listen_close_all(m->ports, m->nports);
		switch (role) {
		case DM_WRITER:
			daemon_child_writer(m->a->cf, fd_keep);
		case DM_FRONTEND:
			daemon_child_frontend(m->a->cf, fd_keep, m->ports,
			    m->nports);
		default:
			daemon_child_runner(m->a->cf, m->a->queue_interval);
		}
	}
	m->ch[role].pid = pid;
	m->ch[role].started = time(NULL);
	m->ch[role].restart_at = 0;
	return 0;
}

/* dm_start_pair - the writer and the front end, joined by a socketpair */
static int
dm_start_pair(struct dm *m)
{
	int sv[2], rc;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		log_line(LOG_ERR, "daemon: socketpair: %s", strerror(errno));
		return -1;
	}
	/* the child's end must survive into it: CLOEXEC only matters on exec */
	rc = dm_fork(m, DM_WRITER, sv[0], sv[1]);
	if (rc == 0)
		rc = dm_fork(m, DM_FRONTEND, sv[1], sv[0]);
	close(sv[0]);
	close(sv[1]);
	return rc;
}

/* dm_plan_restart - after a death: when to start role again */
static void
dm_plan_restart(struct dm *m, enum dm_role role)
{
	struct dm_child *c = &m->ch[role];
	time_t now = time(NULL);

	if (now - c->started >= DM_STABLE)
		c->backoff = 1;
	else
		c->backoff = c->backoff <= 0 ? 1 :
		    c->backoff * 2 > DM_BACKOFF_MAX ? DM_BACKOFF_MAX :
		    c->backoff * 2;
	c->restart_at = now + c->backoff;
}

/* dm_describe - "exited with status 3", "killed by signal 9" */
static void
dm_describe(int st, char *out, size_t n)
{
	if (WIFEXITED(st))
		snprintf(out, n, "exited with status %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(out, n, "killed by signal %d", WTERMSIG(st));
	else
		snprintf(out, n, "stopped (status 0x%x)", st);
}

/* dm_reap - collect dead children; plan restarts unless stopping */
static void
dm_reap(struct dm *m, bool stopping)
{
	char why[64];
	pid_t pid;
	int st, r;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (r = 0; r < DM_NROLES; r++)
			if (m->ch[r].pid == pid)
				break;
		if (r == DM_NROLES)
			continue;
		m->ch[r].pid = 0;
		if (stopping)
			continue;
		dm_describe(st, why, sizeof(why));
		log_line(LOG_ERR, "daemon: %s (pid %ld) %s; restarting",
		    dm_role_name[r], (long)pid, why);
		if (r == DM_RUNNER) {
			dm_plan_restart(m, DM_RUNNER);
			continue;
		}
		/* one of the pair: the other goes too, both come back (the
		 * pair's restart is planned on the writer's entry) */
		if (m->ch[DM_WRITER].restart_at == 0)
			dm_plan_restart(m, DM_WRITER);
		if (m->ch[DM_WRITER ^ DM_FRONTEND ^ r].pid > 0)
			(void)kill(m->ch[DM_WRITER ^ DM_FRONTEND ^ r].pid,
			    SIGTERM);
	}
}

/* dm_restart_due - start what is due and can start */
static void
dm_restart_due(struct dm *m)
{
	time_t now = time(NULL), at = m->ch[DM_WRITER].restart_at;

	if (at != 0 && now >= at && m->ch[DM_WRITER].pid == 0 &&
	    m->ch[DM_FRONTEND].pid == 0 && dm_start_pair(m) < 0)
		dm_plan_restart(m, DM_WRITER);
	at = m->ch[DM_RUNNER].restart_at;
	if (at != 0 && now >= at && m->ch[DM_RUNNER].pid == 0 &&
	    dm_fork(m, DM_RUNNER, -1, -1) < 0)
		dm_plan_restart(m, DM_RUNNER);
}

/* dm_wait - wait up to seconds for role to exit; then SIGKILL it */
static void
dm_wait(struct dm *m, enum dm_role role, int seconds)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	int i;

	for (i = 0; i < seconds * 10 && m->ch[role].pid > 0; i++) {
		dm_reap(m, true);
		if (m->ch[role].pid > 0)
			(void)nanosleep(&ts, NULL);
	}
	dm_reap(m, true);
	if (m->ch[role].pid > 0) {
		log_line(LOG_WARNING, "daemon: %s (pid %ld) did not stop; killed",
		    dm_role_name[role], (long)m->ch[role].pid);
		(void)kill(m->ch[role].pid, SIGKILL);
		while (waitpid(m->ch[role].pid, NULL, 0) < 0 && errno == EINTR)
			;
		m->ch[role].pid = 0;
	}
}

/*
 * dm_stop - the orderly stop: no new connections; the front end drains
 * (pending commits finish) before the writer is told to go, so nothing
 * acknowledged is ever lost.
 */
static void
dm_stop(struct dm *m)
{
	daemon_listen_close_all(m->ports, m->nports);
	if (m->ch[DM_FRONTEND].pid > 0)
		(void)kill(m->ch[DM_FRONTEND].pid, SIGTERM);
	if (m->ch[DM_RUNNER].pid > 0)
		(void)kill(m->ch[DM_RUNNER].pid, SIGTERM);
	dm_wait(m, DM_FRONTEND, DM_FE_WAIT);
	if (m->ch[DM_WRITER].pid > 0)
		(void)kill(m->ch[DM_WRITER].pid, SIGTERM);
	dm_wait(m, DM_WRITER, DM_WAIT);
	dm_wait(m, DM_RUNNER, DM_WAIT);
}

/* dm_restart - SIGHUP: sendmail's restart, a fresh exec of itself */
static int
dm_restart(struct dm *m)
{
	const char *path = m->a->argv[0];

	log_line(LOG_INFO, "restarting %s due to signal", path);
	if (path[0] != '/') {
		log_line(LOG_ALERT, "could not restart: need full path");
		daemon_pidfile_remove(m->pidfile, getpid());
		return EX_OSFILE;
	}
	/* the signals stay blocked through execv: one arriving before the
	 * new image has its handlers would kill it (default actions); the
	 * new master takes what is pending in its first ppoll */
	signal(SIGHUP, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	execv(path, m->a->argv);
	log_line(LOG_ALERT, "could not exec %s: %s", path, strerror(errno));
	daemon_pidfile_remove(m->pidfile, getpid());
	return EX_OSFILE;
}

/* dm_loop - supervise until a signal says stop or restart */
static int
dm_loop(struct dm *m)
{
	struct timespec ts = { 1, 0 };

	for (;;) {
		if (dm_term) {
			log_line(LOG_INFO, "stopping daemon, reason=signal");
			dm_stop(m);
			daemon_pidfile_remove(m->pidfile, getpid());
			return EX_OK;
		}
		if (dm_hup) {
			dm_stop(m);
			return dm_restart(m);
		}
		dm_chld = 0;
		dm_reap(m, false);
		dm_restart_due(m);
		/* signals are only taken here: the flags are never missed */
		if (ppoll(NULL, 0, &ts, &m->oldmask) < 0 && errno != EINTR)
			log_line(LOG_ERR, "daemon: ppoll: %s", strerror(errno));
	}
}

/* dm_detach - -bd: the parent returns, the child leads a new session */
static int
dm_detach(void)
{
	pid_t pid;
	int fd;

	fflush(NULL);
	if ((pid = fork()) < 0)
		return -1;
	if (pid > 0)
		_exit(EX_OK);
	(void)setsid();
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		(void)dup2(fd, 0);
		(void)dup2(fd, 1);
		(void)dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

/* dm_banner - sendmail's start line */
static void
dm_banner(const struct daemon_master_args *a)
{
	struct buf b = BUF_INIT, iv = BUF_INIT;

	if (a->smtp)
		buf_adds(&b, "SMTP");
	if (a->queue_interval > 0) {
		log_delay(&iv, a->queue_interval);
		buf_addf(&b, "%squeueing@%s", a->smtp ? "+" : "", buf_str(&iv));
	}
	log_line(LOG_INFO, "starting daemon (%s): %s", TERN_VERSION,
	    buf_str(&b));
	buf_free(&b);
	buf_free(&iv);
}

int
daemon_master_run(const struct daemon_master_args *a)
{
	struct dm m;
	struct buf err = BUF_INIT;
	int rc;

	memset(&m, 0, sizeof(m));
	m.a = a;
	m.pidfile = a->cf->opts->pid_file != NULL ? a->cf->opts->pid_file :
	    "/var/run/sendmail.pid";
	m.nports = daemon_ports_parse(&a->cf->opts->daemon_port_options,
	    &m.ports, &err);
	if (err.len > 0)
		dm_say(buf_str(&err));
	buf_reset(&err);
	if (daemon_listen_open_all(m.ports, m.nports, &err) < 0) {
		dm_say(buf_str(&err));
		dm_say("opendaemonsocket: server SMTP socket wedged: exiting");
		rc = EX_OSERR;
		goto out;
	}
	if (err.len > 0)
		dm_say(buf_str(&err));	/* optional sockets left out */
	if (!a->foreground && dm_detach() < 0) {
		dm_say("daemon: cannot fork");
		rc = EX_OSERR;
		goto out;
	}
	if (daemon_pidfile_write(m.pidfile, getpid(), a->argv, a->argc) < 0)
		log_line(LOG_ERR, "unable to write pid to %s: %s", m.pidfile,
		    strerror(errno));
	dm_banner(a);
	if (dm_signals(&m) < 0) {
		log_line(LOG_ERR, "daemon: cannot set signal handlers");
		rc = EX_OSERR;
		goto out;
	}
	if (a->smtp && dm_start_pair(&m) < 0)
		dm_plan_restart(&m, DM_WRITER);
	if (a->queue_interval > 0 && dm_fork(&m, DM_RUNNER, -1, -1) < 0)
		dm_plan_restart(&m, DM_RUNNER);
	rc = dm_loop(&m);
out:
	daemon_listen_close_all(m.ports, m.nports);
	daemon_ports_free(m.ports, m.nports);
	buf_free(&err);
	return rc;
}
