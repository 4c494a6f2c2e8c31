/*
 * mailer_exec.c - delivery through a program mailer, as sendmail's
 * deliver() runs one: argv from A= (a word with $u repeated for every
 * recipient), the program run as the right user in D=, the message on
 * its standard input, and its exit code as every recipient's outcome.
 * A mailer whose A= has no $u speaks SMTP on its standard input and
 * output instead (LMTP with F=z, as mail.local -l), which gives every
 * recipient its own reply.
 *
 * Who the program runs as: root only with F=S (mail.local, which
 * becomes the recipient itself); else the mailer's U=, else the
 * controlling user (the .forward's owner ...), else DefaultUser.
 */
#include "deliver/deliver.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "msg/envelope.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#define EXEC_OUTPUT_MAX	4096	/* what we keep of a mailer's output */
#define EXEC_REPLY_MAX	4096	/* longest protocol reply line we take */
#define EXEC_TIMEOUT	3600	/* a local mailer that hangs: seconds */

/* exec_has_u - does the $-form word use $u? */
static bool
exec_has_u(const char *w)
{
	for (; *w != '\0'; w++) {
		if (*w != '$')
			continue;
		if (w[1] == '$') {
			w++;
			continue;
		}
		if (w[1] == 'u')
			return true;
	}
	return false;
}

bool
mailer_exec_speaks(const struct mailer *m)
{
	size_t i;

	if (m->path == NULL || strcmp(m->path, "[IPC]") == 0 ||
	    strcmp(m->path, "[FILE]") == 0 || strcmp(m->name, "*file*") == 0)
		return false;
	for (i = 0; i < m->argc; i++)
		if (exec_has_u(m->argv[i]))
			return false;
	return true;
}

/*
 * exec_user - $u for recipient r of mailer m: with F=s the quotes go
 * ("\"|prog arg\"" from an alias), and a program's leading "|" too, as
 * sendmail hands "prog arg" to the prog mailer (smrsh -c "prog arg")
 */
static char *
exec_user(const struct mailer *m, const struct dlv_rcpt *r)
{
	const char *p = r->user ? r->user : "";
	char *u = xmalloc(strlen(p) + 1), *q = u;

	for (; *p != '\0'; p++) {
		if (mailer_flag(m, 's') && *p == '"')
			continue;
		if (mailer_flag(m, 's') && *p == '\\' && p[1] != '\0')
			p++;
		*q++ = *p;
	}
	*q = '\0';
	if (strcmp(m->name, "prog") == 0 && u[0] == '|')
		memmove(u, u + 1, strlen(u));
	return u;
}

/* exec_argv - the argument vector for recipients v (NULL-terminated) */
static char **
exec_argv(struct dlv_ctx *c, const struct mailer *m, struct dlv_rcpt **v,
    size_t n, bool *proto)
{
	char **argv = NULL;
	size_t argc = 0, i, k;
	struct buf b;
	struct macros *mac = c->cf->macros;

	buf_init(&b);
	*proto = true;
	for (i = 0; i < m->argc; i++)
		if (exec_has_u(m->argv[i]))
			*proto = false;
	argv = xcalloc(m->argc * (n + 1) + 2, sizeof(char *));
	for (i = 0; i < m->argc; i++) {
		if (!exec_has_u(m->argv[i])) {
			buf_reset(&b);
			macro_expand(mac, m->argv[i], &b);
			argv[argc++] = buf_steal(&b);
			continue;
		}
		for (k = 0; k < n; k++) {
			char *u = exec_user(m, v[k]);

			macro_set(mac, 'u', u);
			buf_reset(&b);
			macro_expand(mac, m->argv[i], &b);
			argv[argc++] = buf_steal(&b);
			macro_set(mac, 'u', NULL);
			free(u);
		}
		macro_set(mac, 'u', NULL);
	}
	argv[argc] = NULL;
	buf_free(&b);
	return argv;
}

static void
exec_argv_free(char **argv)
{
	size_t i;

	for (i = 0; argv != NULL && argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/* exec_identity - who the program runs as; false: keep ours (root) */
static bool
exec_identity(struct dlv_ctx *c, const struct mailer *m,
    const struct dlv_rcpt *r, uid_t *uid, gid_t *gid, const char **name)
{
	const struct options *o = c->cf->opts;

	*name = NULL;
	if (mailer_flag(m, 'S'))
		return false;
	if (m->uid != (uid_t)-1) {
		*uid = m->uid;
		*gid = m->gid != (gid_t)-1 ? m->gid : (gid_t)option_default_gid(o);
		return true;
	}
	if (r->has_ctl) {
		*uid = r->uid;
		*gid = r->gid;
		*name = r->ctl_name;
		return true;
	}
	*uid = (uid_t)option_default_uid(o);
	*gid = (gid_t)option_default_gid(o);
	return true;
}

/* exec_child - in the child: become the user, go to D=, run P= */
static void __attribute__((noreturn))
exec_child(struct dlv_ctx *c, const struct mailer *m,
    const struct dlv_rcpt *r, char **argv, int in, int out, int errfd)
{
	uid_t uid;
	gid_t gid;
	const char *name;
	char *env[4];
	int envn = 0;
	const char *tz = getenv("TZ");
	static char tzbuf[256];

	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errfd, 2) < 0)
		_exit(EX_OSERR);
	if (in > 2)
		close(in);
	if (out > 2)
		close(out);
	if (errfd > 2 && errfd != out)
		close(errfd);
	signal(SIGPIPE, SIG_DFL);
	if (c->is_root && exec_identity(c, m, r, &uid, &gid, &name)) {
		if (name != NULL && !c->cf->opts->dont_init_groups) {
			if (initgroups(name, gid) < 0)
				_exit(EX_TEMPFAIL);
		} else if (setgroups(1, &gid) < 0)
			_exit(EX_TEMPFAIL);
		if (setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
			_exit(EX_TEMPFAIL);
		if (uid != 0 && setuid(0) == 0)
			_exit(EX_SOFTWARE);	/* the change did not hold */
	}
	if (m->execdir != NULL) {
		/* D=: a colon list of directories, the first that works */
		struct buf d;
		char *list, *p, *next;

		buf_init(&d);
		macro_expand(c->cf->macros, m->execdir, &d);
		list = buf_steal(&d);
		for (p = list; p != NULL; p = next) {
			next = strchr(p, ':');
			if (next != NULL)
				*next++ = '\0';
			if (*p != '\0' && chdir(p) == 0)
				break;
		}
		free(list);
	}
	env[envn++] = "AGENT=sendmail";
	if (tz != NULL && strlen(tz) < sizeof(tzbuf) - 4) {
		snprintf(tzbuf, sizeof(tzbuf), "TZ=%s", tz);
		env[envn++] = tzbuf;
	}
	env[envn] = NULL;
	execve(m->path, argv, env);
	fprintf(stderr, "Cannot exec %s: %s\n", m->path, strerror(errno));
	_exit(errno == ENOENT ? EX_UNAVAILABLE : EX_TEMPFAIL);
}

/* exec_wait - the child's exit status as sysexits; kill it if it hangs */
static int
exec_wait(pid_t pid, char *why, size_t whylen)
{
	int st = 0;
	time_t end = time(NULL) + EXEC_TIMEOUT;
	pid_t w;

	for (;;) {
		w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			snprintf(why, whylen, "waitpid: %s", strerror(errno));
			return EX_OSERR;
		}
		if (time(NULL) > end) {
			kill(pid, SIGKILL);
			(void)waitpid(pid, &st, 0);
			snprintf(why, whylen, "timeout waiting for mailer");
			return EX_TEMPFAIL;
		}
		usleep(2000);
	}
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	snprintf(why, whylen, "mailer died with signal %d%s",
	    WIFSIGNALED(st) ? WTERMSIG(st) : 0,
	    WIFSIGNALED(st) && WCOREDUMP(st) ? " (core dumped)" : "");
	return EX_SOFTWARE;
}

/* ---- a mailer on the other end of a pipe speaking SMTP or LMTP */

struct proto {
	int rfd, wfd;
	char rbuf[8192];
	size_t rlen, rpos;
	int timeout_ms;
	FILE *verbose;
};

/* proto_getline - one reply line (CR LF stripped); -1 on EOF/timeout */
static int
proto_getline(struct proto *p, struct buf *line)
{
	buf_reset(line);
	for (;;) {
		while (p->rpos < p->rlen) {
			char ch = p->rbuf[p->rpos++];

			if (ch == '\n') {
				if (line->len > 0 && line->data[line->len - 1] == '\r')
					buf_truncate(line, line->len - 1);
				return 0;
			}
			if (line->len < EXEC_REPLY_MAX)
				buf_addc(line, ch);
		}
		{
			struct pollfd pf = { p->rfd, POLLIN, 0 };
			int r = poll(&pf, 1, p->timeout_ms);
			ssize_t n;

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				return -1;
			n = read(p->rfd, p->rbuf, sizeof(p->rbuf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return -1;
			p->rlen = (size_t)n;
			p->rpos = 0;
		}
	}
}

/* proto_reply - a whole (multi-line) reply: its code, the last line's
 * text; -1 when the mailer went away */
static int
proto_reply(struct proto *p, struct buf *text)
{
	struct buf line;
	int code = -1, guard;

	buf_init(&line);
	buf_reset(text);
	for (guard = 0; guard < 1000; guard++) {
		if (proto_getline(p, &line) < 0) {
			code = -1;
			break;
		}
		if (p->verbose != NULL)
			fprintf(p->verbose, "%s\n", buf_str(&line));
		if (line.len < 3 || line.data[0] < '2' || line.data[0] > '5' ||
		    line.data[1] < '0' || line.data[1] > '9' ||
		    line.data[2] < '0' || line.data[2] > '9') {
			code = 0;	/* garbage: a protocol error */
			buf_set(text, buf_str(&line));
			break;
		}
		code = (line.data[0] - '0') * 100 + (line.data[1] - '0') * 10 +
		    (line.data[2] - '0');
		buf_set(text, buf_str(&line));
		if (line.len == 3 || line.data[3] != '-')
			break;
	}
	buf_free(&line);
	return code;
}

/* proto_send - a command line; -1 if the mailer is gone */
static int
proto_send(struct proto *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int
proto_send(struct proto *p, const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	size_t off = 0;
	int rc = 0;

	buf_init(&b);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (p->verbose != NULL)
		fprintf(p->verbose, ">>> %s\n", buf_str(&b));
	buf_adds(&b, "\r\n");
	while (off < b.len) {
		ssize_t w = write(p->wfd, b.data + off, b.len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = -1;
			break;
		}
		off += (size_t)w;
	}
	buf_free(&b);
	return rc;
}

/* proto_status - a reply's enhanced status code, or the default */
static void
proto_status(const char *reply, int code, char out[16])
{
	const char *s = reply + 4;
	size_t k = 0;

	if (strlen(reply) > 4 && (s[0] == '2' || s[0] == '4' || s[0] == '5') &&
	    s[1] == '.') {
		while (k < 15 && (s[k] == '.' || (s[k] >= '0' && s[k] <= '9')))
			k++;
		memcpy(out, s, k);
		out[k] = '\0';
		return;
	}
	snprintf(out, 16, "%s", dlv_status_of(dlv_exit_of_reply(code)));
}

/* proto_set - a recipient's outcome from a reply */
static void
proto_set(struct dlv_rcpt *r, int code, const char *reply)
{
	char st[16];
	int ex;

	if (code <= 0) {
		dlv_set(r, DLV_TEMPFAIL, EX_TEMPFAIL, "4.5.0", code < 0 ?
		    "Deferred: local mailer went away" :
		    "Deferred: protocol error from local mailer");
		return;
	}
	ex = dlv_exit_of_reply(code);
	proto_status(reply, code, st);
	if (ex == EX_OK)
		dlv_set(r, DLV_SENT, EX_OK, st, "Sent");
	else if (ex == EX_TEMPFAIL) {
		struct buf t;

		buf_init(&t);
		buf_addf(&t, "Deferred: %s", reply);
		dlv_set(r, DLV_TEMPFAIL, ex, st, buf_str(&t));
		buf_free(&t);
	} else {
		dlv_set(r, DLV_FAILED, ex, st, dlv_text_of(ex));
		free(r->reply);
		r->reply = xstrdup(reply);
	}
}

/*
 * exec_proto - the SMTP/LMTP dialogue with a mailer on a pipe.  Every
 * recipient gets the reply to its RCPT, then (LMTP) its own reply to
 * the data, or (SMTP) the one reply to the data.
 */
static void
exec_proto(struct dlv_ctx *c, const struct envelope *e, struct msgout *mo,
    struct dlv_rcpt **v, size_t n, const char *sender, int rfd, int wfd)
{
	struct proto p;
	struct buf text;
	bool lmtp = mailer_flag(mo->m, 'z');
	const char *myname = macro_get(c->cf->macros, 'j');
	size_t k, accepted = 0;
	int code;
	bool *ok = xcalloc(n, sizeof(bool));

	memset(&p, 0, sizeof(p));
	p.rfd = rfd;
	p.wfd = wfd;
	p.timeout_ms = 300 * 1000;
	p.verbose = c->verbose;
	buf_init(&text);
	if (myname == NULL)
		myname = "localhost";
	code = proto_reply(&p, &text);
	if (code != 220)
		goto fail_all;
	if (proto_send(&p, "%s %s", lmtp ? "LHLO" : "EHLO", myname) < 0 ||
	    (code = proto_reply(&p, &text)) != 250) {
		if (lmtp || code < 0)
			goto fail_all;
		if (proto_send(&p, "HELO %s", myname) < 0 ||
		    (code = proto_reply(&p, &text)) != 250)
			goto fail_all;
	}
	if (proto_send(&p, "MAIL From:<%s>", sender) < 0)
		goto fail_all;
	code = proto_reply(&p, &text);
	if (code / 100 != 2)
		goto fail_all;
	for (k = 0; k < n; k++) {
		if (proto_send(&p, "RCPT To:<%s>", v[k]->user) < 0)
			goto fail_all;
		code = proto_reply(&p, &text);
		if (code / 100 == 2) {
			ok[k] = true;
			accepted++;
		} else
			proto_set(v[k], code, buf_str(&text));
	}
	if (accepted == 0) {
		(void)proto_send(&p, "QUIT");
		goto out;
	}
	if (proto_send(&p, "DATA") < 0 || (code = proto_reply(&p, &text)) != 354)
		goto fail_accepted;
	mo->smtp_dots = true;
	mo->crlf = true;
	if (msgout_write(mo, wfd) < 0 || write(wfd, ".\r\n", 3) != 3)
		goto fail_accepted;
	if (p.verbose != NULL)
		fprintf(p.verbose, ">>> .\n");
	for (k = 0; k < n; k++) {
		if (!ok[k])
			continue;
		if (lmtp || k == 0)
			code = proto_reply(&p, &text);
		proto_set(v[k], code, buf_str(&text));
	}
	(void)proto_send(&p, "QUIT");
	(void)proto_reply(&p, &text);
	goto out;
fail_accepted:
	for (k = 0; k < n; k++)
		if (ok[k])
			proto_set(v[k], code, buf_str(&text));
	goto out;
fail_all:
	for (k = 0; k < n; k++)
		if (v[k]->state == DLV_PENDING)
			proto_set(v[k], code, buf_str(&text));
	(void)proto_send(&p, "QUIT");
out:
	free(ok);
	buf_free(&text);
	(void)e;
}

/* exec_output - what the program said, first line, bounded */
static void
exec_output(int fd, char *out, size_t outlen)
{
	ssize_t r;
	char *nl;

	out[0] = '\0';
	if (lseek(fd, 0, SEEK_SET) < 0)
		return;
	r = read(fd, out, outlen - 1);
	if (r <= 0)
		return;
	out[r] = '\0';
	if ((nl = strchr(out, '\n')) != NULL)
		*nl = '\0';
}

void
mailer_exec_group(struct dlv_ctx *c, const struct envelope *e,
    const char *dfpath, struct dlv_rcpt **v, size_t n, const char *sender)
{
	const struct mailer *m = v[0]->m;
	struct msgout mo;
	char **argv;
	bool proto;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, capture = -1;
	pid_t pid;
	size_t k;
	char why[EXEC_OUTPUT_MAX];
	int ex;
	void (*oldpipe)(int);

	memset(&mo, 0, sizeof(mo));
	mo.m = m;
	mo.dfd = -1;
	buf_init(&mo.headers);
	why[0] = '\0';
	macro_set(c->cf->macros, 'h', v[0]->host);
	macro_set(c->cf->macros, 'z', v[0]->home);
	argv = exec_argv(c, m, v, n, &proto);
	if (msgout_headers(c, e, m, &mo.headers) == EX_TEMPFAIL) {
		for (k = 0; k < n; k++)
			dlv_set(v[k], DLV_TEMPFAIL, EX_TEMPFAIL, "4.0.0",
			    "Deferred: cannot rewrite the header");
		goto out;
	}
	mo.dfd = open(dfpath, O_RDONLY | O_CLOEXEC);
	if (mo.dfd < 0) {
		for (k = 0; k < n; k++)
			dlv_set(v[k], DLV_TEMPFAIL, EX_TEMPFAIL, "4.3.0",
			    "Deferred: cannot open data file");
		goto out;
	}
	if (c->verbose != NULL) {
		fprintf(c->verbose, "%s... Connecting to %s via %s...\n",
		    v[0]->addr, v[0]->host ? v[0]->host : "local", m->name);
	}
	if (pipe2(in, O_CLOEXEC) < 0 ||
	    (proto && pipe2(out, O_CLOEXEC) < 0) ||
	    (!proto && (capture = memfd_create("mailer-output", MFD_CLOEXEC)) < 0)) {
		for (k = 0; k < n; k++)
			dlv_set(v[k], DLV_TEMPFAIL, EX_OSERR, "4.3.0",
			    "Deferred: cannot create pipe");
		goto out;
	}
	if (m->path == NULL || m->path[0] != '/') {
		for (k = 0; k < n; k++)
			dlv_set(v[k], DLV_FAILED, EX_CONFIG, "5.3.5",
			    "Local configuration error");
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		for (k = 0; k < n; k++)
			dlv_set(v[k], DLV_TEMPFAIL, EX_OSERR, "4.3.0",
			    "Deferred: cannot fork");
		goto out;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		close(in[1]);
		if (proto) {
			close(out[0]);
			exec_child(c, m, v[0], argv, in[0], out[1],
			    devnull >= 0 ? devnull : out[1]);
		}
		exec_child(c, m, v[0], argv, in[0], capture, capture);
	}
	close(in[0]);
	in[0] = -1;
	oldpipe = signal(SIGPIPE, SIG_IGN);
	if (proto) {
		close(out[1]);
		out[1] = -1;
		mo.unixfrom = NULL;
		exec_proto(c, e, &mo, v, n, sender, out[0], in[1]);
		close(in[1]);
		in[1] = -1;
		ex = exec_wait(pid, why, sizeof(why));
		(void)ex;	/* the replies decided */
	} else {
		struct buf uf;

		buf_init(&uf);
		macro_expand(c->cf->macros, c->cf->opts->unix_from_line ?
		    c->cf->opts->unix_from_line : "From $g $d", &uf);
		mo.unixfrom = buf_str(&uf);
		(void)msgout_write(&mo, in[1]);	/* EPIPE: the exit code says */
		close(in[1]);
		in[1] = -1;
		ex = exec_wait(pid, why, sizeof(why));
		if (why[0] == '\0')
			exec_output(capture, why, sizeof(why));
		for (k = 0; k < n; k++) {
			struct buf t;

			buf_init(&t);
			if (ex == EX_OK)
				buf_adds(&t, "Sent");
			else if (dlv_state_of(ex) == DLV_TEMPFAIL)
				buf_addf(&t, "Deferred%s%s", why[0] ? ": " : "",
				    why);
			else
				buf_adds(&t, dlv_text_of(ex));
			dlv_set(v[k], dlv_state_of(ex), ex, NULL, buf_str(&t));
			/* a permanent failure logs the exit code's text
			   (stat=Service unavailable); what the program said
			   goes to the DSN's transcript */
			if (ex != EX_OK && dlv_state_of(ex) != DLV_TEMPFAIL &&
			    why[0] != '\0') {
				free(v[k]->output);
				v[k]->output = xstrdup(why);
			}
			buf_free(&t);
		}
		buf_free(&uf);
	}
	signal(SIGPIPE, oldpipe);
out:
	for (k = 0; k < 2; k++) {
		if (in[k] >= 0)
			close(in[k]);
		if (out[k] >= 0)
			close(out[k]);
	}
	if (capture >= 0)
		close(capture);
	if (mo.dfd >= 0)
		close(mo.dfd);
	buf_free(&mo.headers);
	exec_argv_free(argv);
	macro_set(c->cf->macros, 'h', NULL);
	macro_set(c->cf->macros, 'z', NULL);
}
