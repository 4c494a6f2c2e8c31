/* map_util.c - small helpers the map classes share */
#include "map/map_impl.h"
#include "util/buf.h"
#include "util/msg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* map_env_verror - give one diagnostic line to the host program */
static void
map_env_verror(const struct map_env *env, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;

	buf_vaddf(&b, fmt, ap);
	if (env != NULL && env->error != NULL)
		env->error(env->ctx, buf_str(&b));
	else
		msg_warnx("%s", buf_str(&b));
	buf_free(&b);
}

/* map_env_error - a diagnostic about no map in particular */
void
map_env_error(const struct map_env *env, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	map_env_verror(env, fmt, ap);
	va_end(ap);
}

/* map_error - a diagnostic about a map */
void
map_error(const struct map *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	map_env_verror(m->env, fmt, ap);
	va_end(ap);
}

/* map_lower - fold ASCII upper case in place */
void
map_lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* map_quote_strip - sendmail's stripquotes: drop " and \ escapes */
void
map_quote_strip(char *s)
{
	char *p = s, *q = s;
	char c;

	do {
		c = *p++;
		if (c == '\\')
			c = *p++;
		else if (c == '"')
			continue;
		*q++ = c;
	} while (c != '\0');
}

/* map_shorten - sendmail's shortenstring: "first...last" past m bytes */
const char *
map_shorten(const char *s, size_t m, char *buf, size_t bufsize)
{
	size_t l = strlen(s), h;

	if (l < m || m < 10 || bufsize < m + 1)
		return s;
	h = (m - 3) / 2;
	memcpy(buf, s, h);
	memcpy(buf + h, "...", 3);
	memcpy(buf + h + 3, s + l - h, h);
	buf[2 * h + 3] = '\0';
	return buf;
}

/*
 * map_file_check - 0 if path may be opened for reading, else an errno:
 * ENOENT when missing, EACCES when nobody may read it (even root: a
 * mode-000 file is refused, as sendmail's safefile refuses it).  The
 * effective ids decide (AT_EACCESS): the set-group-ID MSP reads maps of
 * group smmsp (FEATURE(authinfo)'s smmsp:smmsp 0640 map) that its real
 * group could not.
 */
int
map_file_check(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return errno;
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	if ((st.st_mode & 0444) == 0 ||
	    faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) < 0)
		return EACCES;
	return 0;
}
