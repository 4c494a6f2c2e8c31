/*
 * ipc_child.c - the SMTP client never runs as root.  A root process
 * (a queue run started by root, the daemon's queue manager) forks a child
 * that becomes RunAsUser, else DefaultUser, before it talks to any
 * server; the child reports each recipient's outcome back over a pipe,
 * one line each, and the parent fills in the job as smtpc_deliver would.
 * The body and header were opened and built before the fork.
 */
#include "deliver/ipc_child.h"
#include "cf/option.h"
#include "smtpc/smtpc.h"
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

/* ipc_child_report - the outcome as lines: "H relay mta", "R k ex code st reply" */
static void
ipc_child_report(int fd, const struct smtpc_job *j,
    const struct smtpc_result *res, int rc)
{
	struct buf b;
	size_t k, off = 0;

	buf_init(&b);
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

/* ipc_parent_read - the child's lines into the job and result */
static int
ipc_parent_read(int fd, struct smtpc_job *j, struct smtpc_result *res)
{
	struct buf b;
	char chunk[8192], *line, *next;
	ssize_t n;
	int rc = EX_TEMPFAIL;
	bool seen = false;

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
	buf_free(&b);
	return seen ? rc : -1;
}

int
ipc_deliver(struct smtpc_job *j, struct smtpc_result *res,
    const struct options *o)
{
	int p[2], rc;
	pid_t pid;
	size_t k;
	int st = 0;

	if (geteuid() != 0)
		return smtpc_deliver(j, res);
	for (k = 0; k < j->nrcpts; k++) {
		j->rcpts[k].exitstat = EX_TEMPFAIL;
		j->rcpts[k].code = 0;
		snprintf(j->rcpts[k].status, sizeof(j->rcpts[k].status), "4.0.0");
		j->rcpts[k].reply = NULL;
	}
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
		uid_t uid = (uid_t)(o->run_as_uid >= 0 ? o->run_as_uid :
		    o->default_uid);
		gid_t gid = (gid_t)(o->run_as_uid >= 0 ? o->run_as_gid :
		    o->default_gid);

		close(p[0]);
		signal(SIGPIPE, SIG_IGN);
		if (uid == 0 || setgroups(1, &gid) < 0 ||
		    setresgid(gid, gid, gid) < 0 ||
		    setresuid(uid, uid, uid) < 0 || setuid(0) == 0)
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

		for (k = 0; k < j->nrcpts; k++) {
			free(j->rcpts[k].reply);
			j->rcpts[k].reply = xstrdup(why);
		}
		return EX_TEMPFAIL;
	}
	return rc;
}
