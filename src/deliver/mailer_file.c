/*
 * mailer_file.c - the built-in *file* mailer: a message appended to a
 * file named in an alias, :include: or .forward ("/var/log/mail.copy"),
 * as the controlling user (or DefaultUser), never through a symbolic
 * link, under SafeFileEnvironment when that is set, locked while it is
 * written, and synced before the recipient counts as delivered.
 */
#include "deliver/deliver.h"
#include "cf/cf.h"
#include "cf/macro.h"
#include "cf/mailer.h"
#include "cf/option.h"
#include "msg/envelope.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <unistd.h>

/* file_child - in a child process, as the right user: append; exit code */
static int
file_child(struct dlv_ctx *c, const struct envelope *e, const char *dfpath,
    const struct dlv_rcpt *r, const char *path)
{
	const struct options *o = c->cf->opts;
	struct msgout mo;
	struct stat st;
	struct buf uf;
	off_t start;
	int fd, dfd;

	/* the queue's df is readable only by its owner: open it first */
	dfd = open(dfpath, O_RDONLY | O_CLOEXEC);
	if (dfd < 0)
		return EX_TEMPFAIL;
	if (c->is_root) {
		uid_t uid = r->has_ctl ? r->uid : (uid_t)option_default_uid(o);
		gid_t gid = r->has_ctl ? r->gid : (gid_t)option_default_gid(o);

		if (setgroups(1, &gid) < 0 || setresgid(gid, gid, gid) < 0 ||
		    setresuid(uid, uid, uid) < 0)
			return EX_TEMPFAIL;
	}
	fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 && errno == ENOENT)
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL |
		    O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EACCES || errno == EPERM ? EX_CANTCREAT :
		    errno == ELOOP ? EX_CANTCREAT : EX_TEMPFAIL;
	if (fstat(fd, &st) < 0)
		return EX_TEMPFAIL;
	if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode))
		return EX_CANTCREAT;	/* a directory, a FIFO ... */
	if (S_ISREG(st.st_mode) && st.st_nlink != 1)
		return EX_CANTCREAT;	/* a hard link to something else */
	if (S_ISREG(st.st_mode) && flock(fd, LOCK_EX) < 0)
		return EX_TEMPFAIL;
	start = lseek(fd, 0, SEEK_END);
	memset(&mo, 0, sizeof(mo));
	mo.m = r->m;
	buf_init(&mo.headers);
	buf_init(&uf);
	if (msgout_headers(c, e, r->m, &mo.headers) == EX_TEMPFAIL)
		return EX_TEMPFAIL;
	/* the null sender's $g is empty: From_ names MAILER-DAEMON */
	if (macro_get(c->cf->macros, 'g') == NULL ||
	    *macro_get(c->cf->macros, 'g') == '\0')
		macro_set(c->cf->macros, 'g', "MAILER-DAEMON");
	macro_expand(c->cf->macros, o->unix_from_line ? o->unix_from_line :
	    "From $g $d", &uf);
	mo.unixfrom = buf_str(&uf);
	mo.dfd = dfd;
	if (msgout_write(&mo, fd) < 0 || write(fd, "\n", 1) != 1 ||
	    (S_ISREG(st.st_mode) && fsync(fd) < 0)) {
		int err = errno;

		/* no partial message stays in the file */
		if (S_ISREG(st.st_mode) && start >= 0)
			(void)ftruncate(fd, start);
		return err == ENOSPC || err == EDQUOT ? EX_TEMPFAIL : EX_IOERR;
	}
	return EX_OK;
}

void
mailer_file_deliver(struct dlv_ctx *c, const struct envelope *e,
    const char *dfpath, struct dlv_rcpt *r, const char *sender)
{
	const char *sfe = c->cf->opts->safe_file_environment;
	struct buf path;
	pid_t pid;
	int st = 0, ex;

	(void)sender;
	buf_init(&path);
	if (sfe != NULL && *sfe != '\0' && strcmp(sfe, "/") != 0 &&
	    strncmp(r->user, sfe, strlen(sfe)) != 0)
		buf_adds(&path, sfe);
	buf_adds(&path, r->user);
	if (strstr(buf_str(&path), "/../") != NULL || r->user[0] != '/') {
		dlv_set(r, DLV_FAILED, EX_CANTCREAT, "5.7.1",
		    "Cannot mail to this file");
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		dlv_set(r, DLV_TEMPFAIL, EX_OSERR, "4.3.0", "Deferred: cannot fork");
		goto out;
	}
	if (pid == 0)
		_exit(file_child(c, e, dfpath, r, buf_str(&path)));
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	ex = WIFEXITED(st) ? WEXITSTATUS(st) : EX_SOFTWARE;
	dlv_set(r, dlv_state_of(ex), ex, NULL, ex == EX_OK ? "Sent" : NULL);
out:
	buf_free(&path);
}
