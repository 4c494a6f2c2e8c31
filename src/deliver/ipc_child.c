/*
 * ipc_child.c - the SMTP client never runs as root.  A root process
 * (a queue run started by root, the daemon's queue manager) forks a child
 * that becomes RunAsUser, else DefaultUser, before it talks to any
 * server; the child reports each recipient's outcome back over a pipe,
 * one line each, and the parent fills in the job as smtpc_deliver would.
 * The body and header were opened and built before the fork.
 */
#include "deliver/ipc_child.h"
#include "deliver/ipc_wire.h"
#include "cf/option.h"
#include "smtpc/smtpc.h"
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <syslog.h>
#include <sysexits.h>
#include <unistd.h>

#define IPC_REPORT_MAX	(1024 * 1024)	/* what the parent reads at most */

/* ipc_put - a field: tabs and line ends become blanks */
static void
ipc_put(struct buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		buf_addc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* ipc_report_put - the outcome as lines: "H rc relay mta",
 * "R k ex code st reply" */
static void
ipc_report_put(struct buf *bp, const struct smtpc_job *j,
    const struct smtpc_result *res, int rc)
{
	struct buf b = *bp;
	size_t k;

	buf_addf(&b, "H\t%d\t", rc);
	ipc_put(&b, res->relay);
	buf_addc(&b, '\t');
	ipc_put(&b, res->mta);
	buf_addc(&b, '\n');
	for (k = 0; k < j->nrcpts; k++) {
		const struct smtpc_rcpt *r = &j->rcpts[k];

		buf_addf(&b, "R\t%zu\t%d\t%d\t", k, r->exitstat, r->code);
		ipc_put(&b, r->status);
		buf_addc(&b, '\t');
		ipc_put(&b, r->reply);
		buf_addc(&b, '\n');
	}
	*bp = b;
}

/* ipc_child_report - the report down the pipe */
static void
ipc_child_report(int fd, const struct smtpc_job *j,
    const struct smtpc_result *res, int rc)
{
	struct buf b;
	size_t off = 0;

	buf_init(&b);
	ipc_report_put(&b, j, res, rc);
	while (off < b.len) {
		ssize_t w = write(fd, b.data + off, b.len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	buf_free(&b);
}

/* ipc_field - the next tab-separated field of *p (NUL-terminated in place) */
static char *
ipc_field(char **p)
{
	char *s = *p, *t;

	if (s == NULL)
		return "";
	t = strchr(s, '\t');
	if (t != NULL) {
		*t = '\0';
		*p = t + 1;
	} else
		*p = NULL;
	return s;
}

/* ipc_report_get - the report's lines (b, NUL-terminated, cut up in
 * place) into the job and result: the H line's rc, or -1 without one */
static int
ipc_report_get(struct buf *bp, struct smtpc_job *j, struct smtpc_result *res)
{
	struct buf b = *bp;
	char *line, *next;
	int rc = EX_TEMPFAIL;
	bool seen = false;

	for (line = b.data; line != NULL && *line != '\0'; line = next) {
		char *p = line;
		char *kind;

		next = strchr(line, '\n');
		if (next == NULL)
			break;		/* a cut line is not believed */
		*next++ = '\0';
		kind = ipc_field(&p);
		if (strcmp(kind, "H") == 0) {
			char *r = ipc_field(&p), *relay = ipc_field(&p),
			    *mta = ipc_field(&p);

			rc = atoi(r);
			res->relay = *relay ? xstrdup(relay) : NULL;
			res->mta = *mta ? xstrdup(mta) : NULL;
			seen = true;
		} else if (strcmp(kind, "R") == 0) {
			size_t k = (size_t)strtoul(ipc_field(&p), NULL, 10);
			int ex = atoi(ipc_field(&p));
			int code = atoi(ipc_field(&p));
			char *st = ipc_field(&p), *reply = ipc_field(&p);
			struct smtpc_rcpt *r;

			if (k >= j->nrcpts)
				continue;
			r = &j->rcpts[k];
			r->exitstat = ex;
			r->code = code;
			snprintf(r->status, sizeof(r->status), "%s", st);
			free(r->reply);
			r->reply = *reply ? xstrdup(reply) : NULL;
		}
	}
	return seen ? rc : -1;
}

/* ipc_parent_read - the child's lines into the job and result */
static int
ipc_parent_read(int fd, struct smtpc_job *j, struct smtpc_result *res)
{
	struct buf b;
	char chunk[8192];
	ssize_t n;
	int rc;

	buf_init(&b);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (b.len + (size_t)n > IPC_REPORT_MAX)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	rc = ipc_report_get(&b, j, res);
	buf_free(&b);
	return rc;
}

/* every recipient deferred until told otherwise */
static void
ipc_defer_all(struct smtpc_job *j)
{
	size_t k;

	for (k = 0; k < j->nrcpts; k++) {
		j->rcpts[k].exitstat = EX_TEMPFAIL;
		j->rcpts[k].code = 0;
		snprintf(j->rcpts[k].status, sizeof(j->rcpts[k].status), "4.0.0");
		j->rcpts[k].reply = NULL;
	}
}

/* every recipient deferred with why */
static void
ipc_defer_why(struct smtpc_job *j, const char *why)
{
	size_t k;

	for (k = 0; k < j->nrcpts; k++) {
		free(j->rcpts[k].reply);
		j->rcpts[k].reply = xstrdup(why);
	}
}

/*
 * ipc_drop - become RunAsUser, else DefaultUser (also when RunAsUser is
 * root, as a test .cf may say); never uid 0: 0 or -1
 */
static int
ipc_drop(const struct options *o)
{
	uid_t uid = (uid_t)(o->run_as_uid > 0 ? o->run_as_uid :
	    option_default_uid(o));
	gid_t gid = (gid_t)(o->run_as_uid > 0 ? o->run_as_gid :
	    option_default_gid(o));

	if (uid == 0 || setgroups(1, &gid) < 0 ||
	    setresgid(gid, gid, gid) < 0 ||
	    setresuid(uid, uid, uid) < 0 || setuid(0) == 0)
		return -1;
	return 0;
}

/* ipc_once - the job in a child of its own (ConnectionCacheSize 0) */
static int
ipc_once(struct smtpc_job *j, struct smtpc_result *res,
    const struct options *o)
{
	int p[2], rc;
	pid_t pid;
	int st = 0;

	if (pipe2(p, O_CLOEXEC) < 0)
		return EX_OSERR;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return EX_OSERR;
	}
	if (pid == 0) {
		close(p[0]);
		signal(SIGPIPE, SIG_IGN);
		if (ipc_drop(o) < 0)
			_exit(EX_OSERR);	/* never talk to a server as root */
		rc = smtpc_deliver(j, res);
		ipc_child_report(p[1], j, res, rc);
		fflush(NULL);	/* the -v transcript */
		_exit(0);
	}
	close(p[1]);
	rc = ipc_parent_read(p[0], j, res);
	close(p[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (rc < 0) {
		const char *why = WIFSIGNALED(st) ? "SMTP client died" :
		    WIFEXITED(st) && WEXITSTATUS(st) == EX_OSERR ?
		    "cannot become the unprivileged user" : "SMTP client failed";

		ipc_defer_why(j, why);
		return EX_TEMPFAIL;
	}
	return rc;
}

/* ---- the SMTP agent: one unprivileged child for the whole run */

static struct {
	pid_t pid;		/* 0: none */
	int sock;		/* our end of the socketpair */
	pid_t owner;		/* the process that started it */
	/* what the agent inherited and uses for every job */
	bool (*is_local)(const char *, void *);
	void *is_local_arg;
	FILE *verbose;
} agent = { 0, -1, 0, NULL, NULL, NULL };

/* not root: the cache lives here (no privilege to drop) */
static struct smtpc_cache *self_cache;
static pid_t self_owner;

/* ipc_agent_job - decode, deliver with the cache, answer */
static int
ipc_agent_job(int sock, struct buf *msg, int dfd,
    struct smtpc_cache **cache)
{
	struct smtpc_job j;
	struct smtpc_result res;
	struct ipc_wire_job w;
	struct buf out = BUF_INIT;
	int rc, r;

	memset(&res, 0, sizeof(res));
	if (dfd < 0 || ipc_wire_job_get(msg->data, msg->len, &j, &w) < 0) {
		/* not a job we can run: nobody gets a verdict */
		buf_adds(&out, "H\t75\t\t\n");
		r = ipc_wire_send(sock, &out, -1);
		buf_free(&out);
		return r;
	}
	if (*cache == NULL)
		*cache = smtpc_cache_new(w.cache_size, w.cache_timeout);
	j.body_fd = dfd;
	j.is_local = w.is_local ? agent.is_local : NULL;
	j.is_local_arg = agent.is_local_arg;
	j.verbose = w.verbose ? agent.verbose : NULL;
	j.cache = *cache;
	rc = smtpc_deliver(&j, &res);
	fflush(NULL);	/* the -v transcript before the parent goes on */
	ipc_report_put(&out, &j, &res, rc);
	r = ipc_wire_send(sock, &out, -1);
	buf_free(&out);
	smtpc_result_free(&j, &res);
	ipc_wire_job_free(&j, &w);
	return r;
}

/* ipc_agent_main - jobs until the socket closes; then QUIT them all */
static void
ipc_agent_main(int sock)
{
	struct smtpc_cache *cache = NULL;
	struct buf msg = BUF_INIT;

	for (;;) {
		long next = smtpc_cache_expire(cache);
		struct pollfd p = { .fd = sock, .events = POLLIN };
		int dfd = -1, r;

		r = poll(&p, 1, next < 0 ? -1 : next > 3600 ? 3600000 :
		    (int)next * 1000);
		if (r < 0 && errno != EINTR)
			break;
		if (r <= 0)
			continue;	/* expiry at the top */
		r = ipc_wire_recv(sock, &msg, &dfd);
		if (r <= 0)
			break;
		r = ipc_agent_job(sock, &msg, dfd, &cache);
		if (dfd >= 0)
			close(dfd);
		if (r < 0)
			break;
	}
	buf_free(&msg);
	smtpc_cache_free(cache);
	fflush(NULL);
}

/* ipc_agent_start - fork the agent, unprivileged: 0 or -1 */
static int
ipc_agent_start(const struct smtpc_job *j, const struct options *o)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	/* set before the fork: the agent's copies */
	agent.is_local = j->is_local;
	agent.is_local_arg = j->is_local_arg;
	agent.verbose = j->verbose;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		/* nothing of the parent's but stdio: a qf's flock must not
		 * outlive the parent's hold on it */
		if (dup2(sv[1], 3) < 0)
			_exit(EX_OSERR);
		(void)close_range(4, ~0U, 0);
		closelog();
		signal(SIGPIPE, SIG_IGN);
		if (ipc_drop(o) < 0)
			_exit(EX_OSERR);	/* never talk to a server as root */
		ipc_agent_main(3);
		_exit(0);
	}
	close(sv[1]);
	agent.pid = pid;
	agent.sock = sv[0];
	agent.owner = getpid();
	return 0;
}

/* ipc_agent_stop - close our end; the agent QUITs and exits: its status */
static int
ipc_agent_stop(void)
{
	int st = 0;

	if (agent.pid <= 0)
		return 0;
	close(agent.sock);
	while (waitpid(agent.pid, &st, 0) < 0 && errno == EINTR)
		;
	agent.pid = 0;
	agent.sock = -1;
	return st;
}

/* at exit: the end of the run for callers without ipc_end */
static void
ipc_at_exit(void)
{
	ipc_end();
}

/* ipc_at_exit_once - register ipc_at_exit the first time */
static void
ipc_at_exit_once(void)
{
	static bool done;

	if (!done && atexit(ipc_at_exit) == 0)
		done = true;
}

/* ipc_agent_deliver - the job through the agent (started when needed) */
static int
ipc_agent_deliver(struct smtpc_job *j, struct smtpc_result *res,
    const struct options *o)
{
	struct buf msg = BUF_INIT;
	int rc = -1, dfd = -1, st;

	if (agent.pid > 0 && agent.owner != getpid()) {
		/* a child of the process that started it: not ours */
		close(agent.sock);
		agent.pid = 0;
		agent.sock = -1;
	}
	/* the agent's copies of these were fixed when it was forked */
	if (agent.pid > 0 && (agent.is_local != j->is_local ||
	    agent.is_local_arg != j->is_local_arg ||
	    agent.verbose != j->verbose))
		(void)ipc_agent_stop();
	if (agent.pid == 0 && ipc_agent_start(j, o) < 0)
		return EX_OSERR;
	ipc_at_exit_once();
	ipc_wire_job_put(&msg, j, o->connection_cache_size,
	    o->connection_cache_timeout);
	fflush(NULL);	/* our -v lines before the agent's */
	if (ipc_wire_send(agent.sock, &msg, j->body_fd) == 0 &&
	    ipc_wire_recv(agent.sock, &msg, &dfd) == 1) {
		if (dfd >= 0)
			close(dfd);	/* none expected */
		rc = ipc_report_get(&msg, j, res);
	}
	buf_free(&msg);
	if (rc < 0) {
		/* the agent is gone or confused: a new one next time */
		st = ipc_agent_stop();
		ipc_defer_why(j, WIFSIGNALED(st) ? "SMTP client died" :
		    WIFEXITED(st) && WEXITSTATUS(st) == EX_OSERR ?
		    "cannot become the unprivileged user" :
		    "SMTP client failed");
		return EX_TEMPFAIL;
	}
	return rc;
}

/* ipc_deliver - see ipc_child.h */
int
ipc_deliver(struct smtpc_job *j, struct smtpc_result *res,
    const struct options *o)
{
	int rc;

	if (geteuid() != 0) {
		if (o->connection_cache_size <= 0)
			return smtpc_deliver(j, res);
		if (self_cache != NULL && self_owner != getpid())
			self_cache = NULL;	/* the parent's, not ours */
		if (self_cache == NULL) {
			self_cache = smtpc_cache_new(o->connection_cache_size,
			    o->connection_cache_timeout);
			self_owner = getpid();
			ipc_at_exit_once();
		}
		j->cache = self_cache;
		rc = smtpc_deliver(j, res);
		j->cache = NULL;
		return rc;
	}
	ipc_defer_all(j);
	if (o->connection_cache_size <= 0)
		return ipc_once(j, res, o);
	return ipc_agent_deliver(j, res, o);
}

/* ipc_end - see ipc_child.h */
void
ipc_end(void)
{
	if (agent.pid > 0 && agent.owner == getpid())
		(void)ipc_agent_stop();
	if (self_cache != NULL && self_owner == getpid()) {
		smtpc_cache_free(self_cache);
		self_cache = NULL;
	}
	fflush(NULL);
}
