/*
 * local.h - mail.local, tern's local delivery agent.
 *
 * DANGEROUS: this program runs as root (sendmail starts it for the local
 * mailer).  It reads the message as root into an unnamed spool file,
 * then delivers to each recipient in a child process that has become
 * that recipient (setgroups, setresgid, setresuid, all checked) before
 * it touches the mailbox.  Keep it small; every path it opens after the
 * switch is opened without following symlinks and checked with fstat.
 */
#ifndef TERN_LOCAL_H
#define TERN_LOCAL_H

#include <sys/types.h>

#include "deliver/mbox_status.h"
#include "util/buf.h"

#define LOCAL_SPOOL_DIR	"/var/mail"
#define LOCAL_LOCK_WAIT	60	/* seconds for the dot lock and fcntl lock */
#define LOCAL_MAX_RCPT	1000	/* recipients in one LMTP transaction */
#define LOCAL_LINE_MAX	4096	/* an LMTP command line */

struct local_opts {
	const char *spool_dir;	/* -p: mbox directory (/var/mail) */
	const char *home_file;	/* -h: deliver to ~user/FILE instead */
	int maildir;		/* -M, or -h FILE/ */
	int quota_permanent;	/* -b */
	int no8bit;		/* -7: no 8BITMIME in LHLO */
};

/* a recipient once looked up */
struct local_rcpt {
	char *user;
	char *path;		/* mailbox file or Maildir */
	uid_t uid;
	gid_t gid;		/* the gid the delivery runs with */
	int maildir;		/* path is a Maildir */
};

/* buffered input from a file descriptor */
struct local_in {
	int fd;
	char data[65536];
	size_t start, end;
	int eof;
};

/* local_user.c */
int local_user_lookup(const struct local_opts *, const char *name,
    struct local_rcpt *, struct mbox_status *);
void local_user_free(struct local_rcpt *);
int local_user_deliver(const struct local_opts *, const struct local_rcpt *,
    int spool_fd, const char *sender, struct mbox_status *);

/* local_priv.c */
int local_priv_become(uid_t, gid_t, const char *user, struct mbox_status *);

/* local_spool.c */
void local_in_init(struct local_in *, int fd);
int local_in_fill(struct local_in *);
int local_spool_open(void);
int local_spool_read(struct local_in *, int lmtp, int spool_fd,
    int *spool_err);

/* local_lmtp.c */
int local_lmtp(const struct local_opts *);

#endif
