/*
 * map_user.c - the user class: getpwnam lookups.  Without -v the value
 * is the user name; -v picks a field by name: name, passwd, uid, gid,
 * gecos (the full name: up to the first comma, & standing for the
 * capitalised login), dir, shell.  Not found: EX_NOUSER.
 */
#include "map/map_impl.h"
#include "util/buf.h"

#include <ctype.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>

static const char *const map_user_cols[] = {
	"name", "passwd", "uid", "gid", "gecos", "dir", "shell", NULL,
};

/* map_user_open - check the -v column name */
static bool
map_user_open(struct map *m)
{
	size_t i;

	if (m->valcol == NULL)
		return true;
	for (i = 0; map_user_cols[i] != NULL; i++)
		if (strcasecmp(m->valcol, map_user_cols[i]) == 0)
			return true;
	map_error(m, "User map %s: unknown column name %s", m->name,
	    m->valcol);
	return false;
}

/* map_user_fullname - the gecos field as sendmail's full name */
static void
map_user_fullname(const struct passwd *pw, struct buf *out)
{
	const char *p;

	buf_reset(out);
	for (p = pw->pw_gecos; *p != '\0' && *p != ','; p++) {
		if (*p == '&') {
			buf_addc(out, toupper((unsigned char)pw->pw_name[0]));
			if (pw->pw_name[0] != '\0')
				buf_adds(out, pw->pw_name + 1);
		} else
			buf_addc(out, *p);
	}
}

/* map_user_lookup - getpwnam and pick the field */
static void
map_user_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct buf val = BUF_INIT;
	struct passwd *pw;
	char *k = xstrdup(key);
	const char *c = m->valcol;

	if (!(m->flags & MAP_F_NOFOLD))
		map_lower(k);
	pw = getpwnam(k);
	if (pw == NULL) {
		res->status = EX_NOUSER;
		free(k);
		return;
	}
	if (m->flags & MAP_F_MATCHONLY) {
		map_found(m, res, k, strlen(k), NULL);
		free(k);
		return;
	}
	if (c == NULL || strcasecmp(c, "name") == 0)
		buf_adds(&val, pw->pw_name);
	else if (strcasecmp(c, "passwd") == 0)
		buf_adds(&val, pw->pw_passwd);
	else if (strcasecmp(c, "uid") == 0)
		buf_addf(&val, "%ld", (long)pw->pw_uid);
	else if (strcasecmp(c, "gid") == 0)
		buf_addf(&val, "%ld", (long)pw->pw_gid);
	else if (strcasecmp(c, "gecos") == 0)
		map_user_fullname(pw, &val);
	else if (strcasecmp(c, "dir") == 0)
		buf_adds(&val, pw->pw_dir);
	else if (strcasecmp(c, "shell") == 0)
		buf_adds(&val, pw->pw_shell);
	map_found(m, res, buf_str(&val), val.len, av);
	buf_free(&val);
	free(k);
}

const struct map_class map_class_user = {
	"user", MAP_C_OPTFILE, NULL, map_user_open, map_user_lookup, NULL,
};
