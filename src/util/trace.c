/* trace.c - sendmail's -dN.M debug table */
#include "util/trace.h"

#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

static unsigned char trace_vec[TRACE_NCAT];

struct trace_named_setting {
	char pattern[TRACE_NAME_MAX + 1];
	int level;
};

/* newest last; when full the oldest is dropped */
static struct trace_named_setting trace_names[TRACE_NAMED_MAX];
static int trace_nnames;
static FILE *trace_out;

/* trace_isdigit - ASCII digit, whatever the sign of char */
static bool
trace_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

/* trace_issep - a separator between flags */
static bool
trace_issep(int c)
{
	return c == ',' || c == ' ' || c == '\t';
}

/* trace_category - a category number at *sp, clamped to TRACE_NCAT-1 */
static unsigned
trace_category(const char **sp)
{
	const char *s = *sp;
	unsigned v = 0;

	/* stop accumulating once out of range: no overflow on any length */
	for (; trace_isdigit((unsigned char)*s); s++)
		if (v < TRACE_NCAT)
			v = v * 10 + (unsigned)(*s - '0');
	*sp = s;
	return v >= TRACE_NCAT ? TRACE_NCAT - 1 : v;
}

/* trace_numbered - one N[-M][.level] flag; returns the end of the flag */
static const char *
trace_numbered(const char *s)
{
	unsigned first, last, level, c;

	first = last = trace_category(&s);
	if (*s == '-') {
		s++;
		last = trace_category(&s);
	}
	level = 1;
	if (*s == '.') {
		/* sendmail stores the level in an unsigned char: modulo 256 */
		level = 0;
		for (s++; trace_isdigit((unsigned char)*s); s++)
			level = (level * 10 + (unsigned)(*s - '0')) & 0xff;
	}
	for (c = first; c <= last; c++)
		trace_vec[c] = (unsigned char)level;
	while (*s != '\0' && !trace_issep((unsigned char)*s))
		s++;
	return s;
}

/* trace_add_named - remember pattern (len bytes) at level, newest last */
static void
trace_add_named(const char *pat, size_t len, int level)
{
	struct trace_named_setting *t;

	if (trace_nnames == TRACE_NAMED_MAX) {
		memmove(&trace_names[0], &trace_names[1],
		    sizeof(trace_names[0]) * (TRACE_NAMED_MAX - 1));
		trace_nnames--;
	}
	t = &trace_names[trace_nnames++];
	if (len > TRACE_NAME_MAX)
		len = TRACE_NAME_MAX;
	memcpy(t->pattern, pat, len);
	t->pattern[len] = '\0';
	t->level = level;
}

/* trace_named_flag - one pattern[.level] flag; returns the end of the flag */
static const char *
trace_named_flag(const char *s)
{
	const char *pat = s;
	size_t len;
	int level = 1;

	while (*s != '\0' && !trace_issep((unsigned char)*s) && *s != '.')
		s++;
	len = (size_t)(s - pat);
	if (*s == '.') {
		level = 0;
		for (s++; trace_isdigit((unsigned char)*s); s++) {
			if (level > (INT_MAX - 9) / 10)
				level = INT_MAX;	/* saturate */
			else
				level = level * 10 + (*s - '0');
		}
	}
	trace_add_named(pat, len, level);
	while (*s != '\0' && !trace_issep((unsigned char)*s))
		s++;
	return s;
}

/* trace_set - apply one -d specification (sendmail's tTflag) */
void
trace_set(const char *spec)
{
	const char *s = spec;

	if (s == NULL || *s == '\0')
		s = TRACE_DEFAULT;
	while (*s != '\0') {
		if (trace_issep((unsigned char)*s))
			s++;
		else if (trace_isdigit((unsigned char)*s))
			s = trace_numbered(s);
		else
			s = trace_named_flag(s);
	}
}

/* trace_on - sendmail's tTd: is category cat at level >= level? */
bool
trace_on(int cat, int level)
{
	if (cat < 0 || cat >= TRACE_NCAT)
		return false;
	return (int)trace_vec[cat] >= level;
}

/* trace_level - the level of category cat, 0 if out of range */
int
trace_level(int cat)
{
	if (cat < 0 || cat >= TRACE_NCAT)
		return 0;
	return trace_vec[cat];
}

/* trace_named - level of the newest named setting matching name */
int
trace_named(const char *name)
{
	int i;

	if (name == NULL)
		return 0;
	for (i = trace_nnames - 1; i >= 0; i--)
		if (fnmatch(trace_names[i].pattern, name, 0) == 0)
			return trace_names[i].level;
	return 0;
}

/* trace_active - is any numbered category non-zero? */
bool
trace_active(void)
{
	int i;

	for (i = 0; i < TRACE_NCAT; i++)
		if (trace_vec[i] != 0)
			return true;
	return false;
}

/* trace_reset - every level 0, named settings dropped */
void
trace_reset(void)
{
	memset(trace_vec, 0, sizeof(trace_vec));
	trace_nnames = 0;
}

/* trace_file - where trace output goes */
FILE *
trace_file(void)
{
	return trace_out != NULL ? trace_out : stdout;
}

/* trace_set_file - send trace output to fp (NULL: stdout) */
void
trace_set_file(FILE *fp)
{
	trace_out = fp;
}

/* trace_printf - write to the trace file, flushed at once */
void
trace_printf(const char *fmt, ...)
{
	FILE *fp = trace_file();
	va_list ap;

	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fflush(fp);
}
