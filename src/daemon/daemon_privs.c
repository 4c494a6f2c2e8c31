/*
 * daemon_privs.c - drop root in a daemon child, and prove it.
 */
#include "daemon/daemon_privs.h"
#include "cf/option.h"
#include "util/buf.h"

#include <errno.h>
#include <grp.h>
#include <string.h>
#include <unistd.h>

int
daemon_privs_user(const struct options *o, uid_t *uid, gid_t *gid)
{
	long u, g;

	if (o->run_as_uid >= 0) {
		u = o->run_as_uid;
		g = o->run_as_gid;
	} else {
		u = option_default_uid(o);
		g = option_default_gid(o);
	}
	if (u <= 0 || g < 0)
		return -1;
	*uid = (uid_t)u;
	*gid = (gid_t)g;
	return 0;
}

int
daemon_privs_drop(uid_t uid, gid_t gid, struct buf *err)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (uid == 0) {
		buf_adds(err, "refusing to run the front end as root\n");
		return -1;
	}
	if (setgroups(1, &gid) < 0 || setresgid(gid, gid, gid) < 0 ||
	    setresuid(uid, uid, uid) < 0) {
		buf_addf(err, "cannot become uid %ld gid %ld: %s\n", (long)uid,
		    (long)gid, strerror(errno));
		return -1;
	}
	if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0 ||
	    ru != uid || eu != uid || su != uid || rg != gid || eg != gid ||
	    sg != gid) {
		buf_addf(err, "privileges not dropped to uid %ld gid %ld\n",
		    (long)uid, (long)gid);
		return -1;
	}
	/* the proof: root must be out of reach now */
	if (setuid(0) == 0 || seteuid(0) == 0) {
		buf_adds(err, "setuid(0) succeeded after dropping privileges\n");
		return -1;
	}
	return 0;
}

int
daemon_privs_run_as(const struct options *o, struct buf *err)
{
	uid_t uid;
	gid_t gid;

	if (geteuid() != 0 || o->run_as_uid <= 0 ||
	    daemon_privs_user(o, &uid, &gid) < 0)
		return 0;
	return daemon_privs_drop(uid, gid, err);
}
