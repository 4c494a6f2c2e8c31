/*
 * map_syslog.c - the syslog class: log the key, return the empty
 * string.  -L sets the level (LOG_NOTICE by default: a name with or
 * without "LOG_", or a number); -S names a character that stands for a
 * space in the key.
 */
#include "map/map_impl.h"
#include "util/buf.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sysexits.h>
#include <syslog.h>

struct map_syslog {
	int level;
};

static const struct {
	const char *name;
	int level;
} map_syslog_levels[] = {
	{ "EMERG", LOG_EMERG }, { "ALERT", LOG_ALERT }, { "CRIT", LOG_CRIT },
	{ "ERR", LOG_ERR }, { "WARNING", LOG_WARNING },
	{ "NOTICE", LOG_NOTICE }, { "INFO", LOG_INFO },
	{ "DEBUG", LOG_DEBUG },
};

/* map_syslog_level - a level by name or number, -1 if unknown */
static int
map_syslog_level(const char *s, size_t n)
{
	size_t i;

	if (n > 4 && strncasecmp(s, "LOG_", 4) == 0) {
		s += 4;
		n -= 4;
	}
	if (n > 0 && isdigit((unsigned char)s[0]))
		return atoi(s);
	for (i = 0; i < sizeof(map_syslog_levels) /
	    sizeof(map_syslog_levels[0]); i++)
		if (strlen(map_syslog_levels[i].name) == n &&
		    strncasecmp(map_syslog_levels[i].name, s, n) == 0)
			return map_syslog_levels[i].level;
	return -1;
}

/* map_syslog_parse - -L -S -D -a; others are errors */
static bool
map_syslog_parse(struct map *m, const char *p, struct buf *err)
{
	struct map_syslog *s = xcalloc(1, sizeof(*s));
	const char *v;

	s->level = LOG_NOTICE;
	m->priv = s;
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '-')
			break;
		switch (*++p) {
		case 'D':
			m->flags |= MAP_F_DEFER;
			break;
		case 'S':
			m->spacesub = (unsigned char)p[1];
			break;
		case 'L':
			/* the level may stand apart: "-L err" as "-Lerr" */
			v = ++p;
			while (isspace((unsigned char)*v))
				v++;
			p = v;
			while (*p != '\0' && !isspace((unsigned char)*p))
				p++;
			if (map_syslog_level(v, (size_t)(p - v)) < 0) {
				if (err->len > 0)
					buf_addc(err, '\n');
				buf_addf(err, "syslog_map_parseargs: Unknown "
				    "priority %.*s", (int)(p - v), v);
			} else
				s->level = map_syslog_level(v, (size_t)(p - v));
			continue;
		default:
			/* sendmail names the class here, not the map */
			if (err->len > 0)
				buf_addc(err, '\n');
			buf_addf(err, "Illegal option %c map syslog",
			    *p != '\0' ? *p : ' ');
			break;
		}
		while (*p != '\0' && !isspace((unsigned char)*p))
			p++;
	}
	return true;
}

/* map_syslog_lookup - log the key */
static void
map_syslog_lookup(struct map *m, const char *key, const char *const *av,
    struct map_result *res)
{
	struct map_syslog *s = m->priv;
	char *k = xstrdup(key), *p;

	(void)av;
	if (m->spacesub != '\0')
		for (p = k; *p != '\0'; p++)
			if ((unsigned char)*p == m->spacesub)
				*p = ' ';
	syslog(s != NULL ? s->level : LOG_NOTICE, "%s", k);
	free(k);
	buf_reset(&res->value);
	res->found = true;
	res->status = EX_OK;
}

/* map_syslog_close - free the level */
static void
map_syslog_close(struct map *m)
{
	free(m->priv);
	m->priv = NULL;
}

const struct map_class map_class_syslog = {
	"syslog", MAP_C_OPTFILE, map_syslog_parse, NULL, map_syslog_lookup,
	map_syslog_close,
};
