/*
 * daemon_privs - how a daemon child gives up root for good.
 *
 * The SMTP front end parses network input and so must never hold root:
 * it becomes RunAsUser when set, else DefaultUser (mailnull).  The drop
 * is setgroups(1, {gid}), setresgid, setresuid, then a check that all
 * three uids and gids are the new ones and that setuid(0) now fails.
 * Any failure is fatal to the child (it exits; the master logs it).
 */
#ifndef TERN_DAEMON_PRIVS_H
#define TERN_DAEMON_PRIVS_H

#include <sys/types.h>

struct options;
struct buf;

/* daemon_privs_user - the uid/gid the front end runs as; -1 if none
 * usable (uid 0 is refused) */
int daemon_privs_user(const struct options *, uid_t *uid, gid_t *gid);

/* daemon_privs_drop - become uid/gid for good; 0, or -1 with err */
int daemon_privs_drop(uid_t uid, gid_t gid, struct buf *err);

/*
 * daemon_privs_run_as - root with a RunAsUser (submit.cf's smmsp)
 * becomes that user for good, as sendmail drops its privileges outside
 * the daemon modes (the client queue runner, root's submissions).  0
 * when done or nothing to do (not root, no RunAsUser); -1 with err.
 */
int daemon_privs_run_as(const struct options *, struct buf *err);

#endif
