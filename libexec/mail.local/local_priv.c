/* local_priv.c - become the recipient for good, and prove it */
#include "local.h"

#include <errno.h>
#include <grp.h>
#include <sysexits.h>
#include <unistd.h>

/* local_priv_become - uid and gid everywhere, no supplementary groups */
int
local_priv_become(uid_t uid, gid_t gid, const char *user,
    struct mbox_status *st)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (geteuid() != 0) {
		/* not root (a test, or a user running it): only for oneself */
		if (uid == geteuid())
			return 0;
		mbox_status_set(st, EX_TEMPFAIL, "451 4.3.0",
		    "<%s>... mail.local is not running as root", user);
		return -1;
	}
	if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 ||
	    setresuid(uid, uid, uid) != 0) {
		mbox_status_errno(st, errno, 0, user, "cannot change user");
		return -1;
	}
	if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0 ||
	    ru != uid || eu != uid || su != uid ||
	    rg != gid || eg != gid || sg != gid || getgroups(0, NULL) != 0 ||
	    (uid != 0 && setuid(0) == 0)) {
		mbox_status_set(st, EX_TEMPFAIL, "451 4.3.0",
		    "<%s>... the change of user did not stick", user);
		return -1;
	}
	return 0;
}
