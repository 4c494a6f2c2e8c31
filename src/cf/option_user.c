/*
 * option_user.c - options naming users and groups: DefaultUser (u),
 * the default group (g), RunAsUser and TrustedUser.
 *
 * As in sendmail, names are looked up in the password and group files
 * when the option is set, so an unknown user is reported at that line.
 * "user:group", "user.group" and "user/group" are all accepted; a value
 * starting with a digit is a numeric id and is not looked up.
 *
 * XXX sendmail changes RunAsUser's uid only while it still runs as root
 * and prints an MSP group-id warning otherwise; tern records the request
 * and leaves privilege decisions to the code that acts on it.
 */
#include "cf/option_int.h"

#include <ctype.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

/* user_split - copy the user part; *group points past the separator */
static char *
user_split(const char *val, const char **group)
{
	size_t n = strcspn(val, "./:");

	*group = val[n] != '\0' ? val + n + 1 : val + n;
	return xstrndup(val, n);
}

/* user_name_of - the login name for a uid, or "nobody" */
static char *
user_name_of(long uid)
{
	struct passwd *pw = getpwuid((uid_t)uid);

	return xstrdup(pw != NULL && pw->pw_name != NULL ? pw->pw_name :
	    "nobody");
}

/*
 * option_user_defaults - sendmail's default user: the first of mailnull,
 * sendmail and daemon that exists and is not root, else uid/gid 1.
 * Looked up once, when first needed: three password-file lookups (each
 * through every NSS module when the user is missing) were a tenth of a
 * submission's start-up, and most runs never use the default user.
 */
void
option_user_defaults(struct options *o)
{
	static const char *const names[] = { "mailnull", "sendmail",
	    "daemon" };
	struct passwd *pw;
	size_t i;

	if (!o->default_ids_pending)
		return;
	o->default_ids_pending = false;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		pw = getpwnam(names[i]);
		if (pw != NULL && pw->pw_uid != 0) {
			o->default_uid = (long)pw->pw_uid;
			o->default_gid = (long)pw->pw_gid;
			option_strset(&o->default_user, pw->pw_name);
			return;
		}
	}
	o->default_uid = 1;
	o->default_gid = 1;
	free(o->default_user);
	o->default_user = user_name_of(1);
}

/* a cache filled on first read: options are never const objects, only
   const views, so the look-up may fill them in */
long
option_default_uid(const struct options *o)
{
	option_user_defaults((struct options *)o);
	return o->default_uid;
}

long
option_default_gid(const struct options *o)
{
	option_user_defaults((struct options *)o);
	return o->default_gid;
}

/* option_user_group - the default group: option g, or u's group part */
int
option_user_group(struct options *o, int letter, const char *val,
    struct buf *warn)
{
	struct group *gr;

	option_user_defaults(o);	/* the user part stays the default */
	if (isdigit((unsigned char)*val)) {
		o->default_gid = option_value_int(val);
		return OPTION_OK;
	}
	o->default_gid = -1;
	if ((gr = getgrnam(val)) == NULL) {
		option_warnf(o, warn, true,
		    "readcf: option %c: unknown group %s", letter, val);
		return OPTION_ERR;
	}
	o->default_gid = (long)gr->gr_gid;
	return OPTION_OK;
}

/* option_user_default - DefaultUser (u): user[:group] or uid[:gid] */
int
option_user_default(struct options *o, const char *val, struct buf *warn)
{
	const char *group;
	char *user = user_split(val, &group);
	struct passwd *pw;

	if (isdigit((unsigned char)*user)) {
		option_user_defaults(o);	/* the default gid stays */
		o->default_uid = option_value_int(user);
		free(o->default_user);
		o->default_user = user_name_of(o->default_uid);
	} else {
		if ((pw = getpwnam(user)) == NULL)
			option_user_defaults(o);	/* the gid stays */
		else
			o->default_ids_pending = false;	/* all three set */
		o->default_uid = -1;
		if (pw == NULL) {
			option_warnf(o, warn, true,
			    "readcf: option u: unknown user %s", user);
			free(user);
			return OPTION_ERR;
		}
		o->default_uid = (long)pw->pw_uid;
		o->default_gid = (long)pw->pw_gid;
		option_strset(&o->default_user, pw->pw_name);
	}
	free(user);
	if (*group == '\0')
		return OPTION_OK;
	return option_user_group(o, 'u', group, warn);
}

/* option_user_runas - RunAsUser: user[:group] or uid[:gid] */
int
option_user_runas(struct options *o, const char *val, struct buf *warn)
{
	const char *group;
	char *user = user_split(val, &group);
	struct passwd *pw;
	struct group *gr;

	if (isdigit((unsigned char)*user))
		o->run_as_uid = option_value_int(user);
	else if ((pw = getpwnam(user)) == NULL) {
		option_warnf(o, warn, true,
		    "readcf: option RunAsUser: unknown user %s", user);
		free(user);
		return OPTION_ERR;
	} else {
		o->run_as_uid = (long)pw->pw_uid;
		o->run_as_gid = (long)pw->pw_gid;
	}
	option_strset(&o->run_as_user, val);
	free(user);
	if (*group == '\0')
		return OPTION_OK;
	if (isdigit((unsigned char)*group))
		o->run_as_gid = option_value_int(group);
	else if ((gr = getgrnam(group)) == NULL) {
		option_warnf(o, warn, true,
		    "readcf: option RunAsUser: unknown group %s", group);
		return OPTION_ERR;
	} else
		o->run_as_gid = (long)gr->gr_gid;
	return OPTION_OK;
}

/* option_user_trusted - TrustedUser: a user name or uid */
int
option_user_trusted(struct options *o, const char *val, struct buf *warn)
{
	struct passwd *pw;

	if (isdigit((unsigned char)*val)) {
		o->trusted_uid = option_value_int(val);
		option_strset(&o->trusted_user, val);
		return OPTION_OK;
	}
	o->trusted_uid = 0;
	if ((pw = getpwnam(val)) == NULL) {
		option_warnf(o, warn, true,
		    "readcf: option TrustedUser: unknown user %s", val);
		return OPTION_ERR;
	}
	o->trusted_uid = (long)pw->pw_uid;
	option_strset(&o->trusted_user, val);
	return OPTION_OK;
}
